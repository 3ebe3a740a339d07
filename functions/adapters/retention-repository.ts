/**
 * The table access retention needs: whole partitions read, and each item kept, stripped or deleted as
 * functions/domain/retention.ts decides. Every write is safe to repeat.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RetentionAction, RetentionSummary } from '../domain/retention.ts';
import { retentionSummarySortKey } from '../domain/retention.ts';
import type { TransferHeader } from '../domain/transfer.ts';
import { batchGetAll, defaultTableAccess, keys, queryAll, type TableAccess } from './dynamodb.ts';
import { emailKeysPage } from './email-ledger.ts';

export interface StoredItem {
  pk: string;
  sk: string;
  [attribute: string]: unknown;
}

export interface ItemPage {
  items: StoredItem[];
  /** Where to go on from; absent on the last page. */
  next?: string;
}

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
const decodeCursor = (cursor: string | undefined) =>
  cursor === undefined
    ? undefined
    : (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>);

export function retentionRepository(access: TableAccess = defaultTableAccess) {
  const { client, tableName } = access;
  return {
    /** Every transfer header (the listing index), without the roster's tallies. */
    async transferHeaders(): Promise<TransferHeader[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :transfers',
        ExpressionAttributeValues: { ':transfers': 'TRANSFERS' },
      });
      return items as unknown as TransferHeader[];
    },

    /** Every consultation (the listing index). */
    async consultations(): Promise<StoredItem[]> {
      return (await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :consultations',
        ExpressionAttributeValues: { ':consultations': 'CONSULTATIONS' },
      })) as StoredItem[];
    },

    /** Every item of one partition, read consistently. */
    async partition(pk: string): Promise<StoredItem[]> {
      return (await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      })) as StoredItem[];
    },

    /** One page of a partition, at most `limit` items, from `cursor`. */
    async partitionPage(pk: string, cursor: string | undefined, limit: number): Promise<ItemPage> {
      const exclusiveStartKey = decodeCursor(cursor);
      const answer = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          Limit: limit,
          ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        }),
      );
      const next = encodeCursor(answer.LastEvaluatedKey);
      return { items: (answer.Items ?? []) as StoredItem[], ...(next ? { next } : {}) };
    },

    /**
     * One page of a partition's keys only (for a partition deleted whole: a chunk of a given file is
     * 350 KB, its key a few bytes), at most `limit`, from `cursor`. The partition is matched exactly.
     */
    async keysPage(pk: string, cursor: string | undefined, limit: number): Promise<ItemPage> {
      const exclusiveStartKey = decodeCursor(cursor);
      const answer = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: '#pk, #sk',
          ConsistentRead: true,
          Limit: limit,
          ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        }),
      );
      const next = encodeCursor(answer.LastEvaluatedKey);
      return { items: (answer.Items ?? []) as StoredItem[], ...(next ? { next } : {}) };
    },

    /** One page of a transfer's (or contract's) emails from the emails index (keys only: read by key). */
    async emailPage(ownerId: string, cursor: string | undefined, limit: number): Promise<ItemPage> {
      const exclusiveStartKey = decodeCursor(cursor);
      const page = await emailKeysPage(access, ownerId, {
        limit,
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      });
      const items = (await batchGetAll(access, page.keys)) as StoredItem[];
      const next = encodeCursor(page.lastEvaluatedKey);
      return { items, ...(next ? { next } : {}) };
    },

    /** Every email of an owner: purpose and status only. */
    async emailsOf(ownerId: string): Promise<Array<{ purpose: string; status: string }>> {
      const ledgerKeys: { pk: string; sk: string }[] = [];
      let exclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await emailKeysPage(access, ownerId, exclusiveStartKey ? { exclusiveStartKey } : {});
        ledgerKeys.push(...page.keys);
        exclusiveStartKey = page.lastEvaluatedKey;
      } while (exclusiveStartKey !== undefined);
      const items = await batchGetAll(access, ledgerKeys, { attributes: ['purpose', 'status'] });
      return items.map((item) => ({ purpose: String(item.purpose), status: String(item.status) }));
    },

    /** Carries out one decision on one item; a missing item (removed by an earlier run) is left alone. */
    async apply(item: Pick<StoredItem, 'pk' | 'sk'> & Record<string, unknown>, decision: RetentionAction) {
      const key = { pk: item.pk, sk: item.sk };
      if (decision.action === 'keep') return;
      if (decision.action === 'delete') {
        await client.send(new DeleteCommand({ TableName: tableName(), Key: key }));
        return;
      }
      const present = decision.attributes.filter((attribute) => attribute in item);
      if (present.length === 0) return;
      const names = Object.fromEntries(present.map((attribute, index) => [`#a${index}`, attribute]));
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`,
            ExpressionAttributeNames: names,
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** Sets attributes on an item that exists (a contract's decisions without notes). */
    async set(key: { pk: string; sk: string }, values: Record<string, unknown>): Promise<void> {
      const entries = Object.entries(values);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: `SET ${entries.map((_, index) => `#s${index} = :s${index}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(
              entries.map(([name], index) => [`#s${index}`, name]),
            ),
            ExpressionAttributeValues: Object.fromEntries(
              entries.map(([, value], index) => [`:s${index}`, value]),
            ),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async summary(transferId: string): Promise<RetentionSummary | undefined> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: { pk: keys.transfer(transferId).pk, sk: retentionSummarySortKey() },
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, type: _type, ...summary } = Item;
      return summary as RetentionSummary;
    },

    /** Stores the summary once: a rerun after a crash keeps the one taken before anything was removed. */
    async putSummaryOnce(transferId: string, summary: RetentionSummary): Promise<void> {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              pk: keys.transfer(transferId).pk,
              sk: retentionSummarySortKey(),
              type: 'retention-summary',
              ...summary,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** Marks the header done; false when an earlier run already had. */
    async markRemoved(transferId: string, retainedUntil: string, at: string): Promise<boolean> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.transfer(transferId),
            UpdateExpression: 'SET personalDataRemovedAt = :at, retainedUntil = :until',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(personalDataRemovedAt)',
            ExpressionAttributeValues: { ':at': at, ':until': retainedUntil },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Decided contracts whose end date is before `endedBefore` (the decided-contracts index). */
    async decidedContractsEndedBefore(endedBefore: string): Promise<StoredItem[]> {
      return (await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :decided AND gsi2sk < :before',
        ExpressionAttributeValues: { ':decided': 'CONTRACTS#DECIDED', ':before': endedBefore },
      })) as StoredItem[];
    },

    async contract(contractId: string): Promise<StoredItem | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: keys.contract(contractId), ConsistentRead: true }),
      );
      return Item as StoredItem | undefined;
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
