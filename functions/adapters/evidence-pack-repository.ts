/**
 * The record of each evidence pack built in S3 (`TRANSFER#{id} / EVIDENCE-PACK#{packId}`): requested,
 * the shards written so far, then ready (key, size, SHA-256) or failed. Ids, counts and digests only; the
 * table's TTL drops it when the bucket drops the pack. Every write is safe to repeat.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type EvidencePack, evidencePackDays } from '../domain/evidence-pack.ts';
import { defaultTableAccess, type TableAccess } from './dynamodb.ts';

const packKey = (transferId: string, packId: string) => ({
  pk: `TRANSFER#${transferId}`,
  sk: `EVIDENCE-PACK#${packId}`,
});

const expiresAtOf = (requestedAt: string) =>
  Math.floor(Date.parse(requestedAt) / 1000) + evidencePackDays * 24 * 60 * 60;

function packOf(item: Record<string, unknown>): EvidencePack {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _expiresAt, doneShards, ...rest } = item;
  const done = doneShards instanceof Set ? doneShards.size : 0;
  return { ...(rest as Omit<EvidencePack, 'shardsDone'>), shardsDone: done };
}

export function evidencePackRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  return {
    /** Stores a new pack's record: false when a pack of that id is stored already (another request's). */
    async create(pack: Omit<EvidencePack, 'shardsDone' | 'status'>): Promise<boolean> {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...packKey(pack.transferId, pack.packId),
              type: 'evidence-pack',
              ...pack,
              status: 'building',
              expiresAt: expiresAtOf(pack.requestedAt),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async get(transferId: string, packId: string): Promise<EvidencePack | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: packKey(transferId, packId), ConsistentRead: true }),
      );
      return Item ? packOf(Item) : undefined;
    },

    /**
     * The transfer's packs kept (7 days; a few a day at most), without their set of shards: what
     * `GET …/evidence` chooses one to reuse from.
     */
    async list(
      transferId: string,
    ): Promise<Array<Pick<EvidencePack, 'packId' | 'status' | 'requestedAt' | 'finishedAt'>>> {
      const packs: Array<Pick<EvidencePack, 'packId' | 'status' | 'requestedAt' | 'finishedAt'>> = [];
      let from: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pack)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pk': `TRANSFER#${transferId}`, ':pack': 'EVIDENCE-PACK#' },
            ProjectionExpression: 'packId, #status, requestedAt, finishedAt',
            ConsistentRead: true,
            ...(from ? { ExclusiveStartKey: from } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const { packId, status, requestedAt, finishedAt } = item as EvidencePack;
          packs.push({ packId, status, requestedAt, ...(finishedAt ? { finishedAt } : {}) });
        }
        from = page.LastEvaluatedKey;
      } while (from);
      return packs;
    },

    /** Adds the shard to the set written: a shard written twice (a retried step) counts once. */
    async shardWritten(transferId: string, packId: string, shard: number): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: packKey(transferId, packId),
          UpdateExpression: 'ADD doneShards :shard',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':shard': new Set([shard]) },
        }),
      );
    },

    async ready(
      transferId: string,
      packId: string,
      done: Required<Pick<EvidencePack, 'finishedAt' | 'key' | 'bytes' | 'sha256' | 'people'>>,
    ): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: packKey(transferId, packId),
          UpdateExpression:
            'SET #status = :ready, finishedAt = :at, #key = :key, bytes = :bytes, sha256 = :sha, people = :people',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status', '#key': 'key' },
          ExpressionAttributeValues: {
            ':ready': 'ready',
            ':at': done.finishedAt,
            ':key': done.key,
            ':bytes': done.bytes,
            ':sha': done.sha256,
            ':people': done.people,
          },
        }),
      );
    },

    /** A pack already ready stays ready: a late failure of a retried step does not undo it. */
    async failed(transferId: string, packId: string, at: string, reason: string): Promise<void> {
      await client
        .send(
          new UpdateCommand({
            TableName: tableName(),
            Key: packKey(transferId, packId),
            UpdateExpression: 'SET #status = :failed, finishedAt = :at, reason = :reason',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :ready',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ':ready': 'ready',
              ':at': at,
              ':reason': reason,
            },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}

export type EvidencePackRepository = ReturnType<typeof evidencePackRepository>;
