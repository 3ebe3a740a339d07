/**
 * Consultations, their participants and responses (layout in table-definition.ts). A consultation's item
 * holds its counts: `shardCounts` (participants per shard label, set idempotently as each shard is copied),
 * `responded` and `publicResponses`. Responses and the per-day tallies share the consultation's partition;
 * participants sit in one partition per shard.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClientRate } from '../domain/client-rate-limit.ts';
import type { Consultation, ConsultationOutcome } from '../domain/consultation.ts';
import { responseDayOf } from '../domain/consultation-rules.ts';
import {
  ConflictError,
  ConsultationClosedError,
  ConsultationNotFoundError,
  TooManyResponsesError,
  UnprocessedWritesError,
} from '../domain/errors.ts';
import type { BusinessDate, Instant } from '../domain/transfer.ts';
import { clientRateCount } from './client-rate-limit.ts';
import {
  chunked,
  defaultTableAccess,
  forEachConcurrently,
  keys,
  newListedRecordPut,
  queryAll,
  queryByPrefix,
  refusedAs,
  type TableAccess,
  updateIfStill,
} from './dynamodb.ts';
import type { TimerFailure } from './timer-repository.ts';

export interface StoredConsultation extends Consultation {
  /** Participants per shard label (`T3`, `I0`); `invited` is their sum. */
  shardCounts: Record<string, number>;
  /** Listed invitees' shards, `I0` … */
  inviteeShards: number;
  /** The linked transfer's roster shards, fixed when the consultation opens. */
  transferShards?: number;
  openedAt?: Instant;
  closedAt?: Instant;
  failures?: TimerFailure[];
}

export interface Participant {
  participantKey: string;
  shard: string;
  email: string;
  /** Known for a transfer's staff; absent for a listed invitee. */
  name?: string;
  respondedAt?: Instant;
}

export interface StoredResponseItem {
  respondent: 'invited' | 'public';
  respondedAt: Instant;
  /** When an invitee first responded (their later edits replace the text). */
  firstRespondedAt: Instant;
  response: string;
  name?: string;
  organisation?: string;
  /** A public respondent's, left to be sent the outcome. */
  email?: string;
  participantKey?: string;
}

export interface DayTally {
  date: BusinessDate;
  invited: number;
  public: number;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const listingKey = 'CONSULTATIONS';
const participantsPartition = (id: string, shard: string) => `CONSULTATION#${id}#SHARD#${shard}`;
const participantKey = (id: string, shard: string, key: string) => ({
  pk: participantsPartition(id, shard),
  sk: `PARTICIPANT#${key}`,
});
const inviteeResponseKey = (id: string, key: string) => ({
  pk: keys.consultation(id).pk,
  sk: `RESPONSE#INVITEE#${key}`,
});
const dayKey = (id: string, date: string) => ({ pk: keys.consultation(id).pk, sk: `DAY#${date}` });

function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as T;
}

function consultationOf(item: Record<string, unknown>): StoredConsultation {
  const stored = withoutKeys<StoredConsultation>(item);
  const shardCounts = stored.shardCounts ?? {};
  return {
    ...stored,
    shardCounts,
    invited: Object.values(shardCounts).reduce((sum, count) => sum + count, 0),
    responded: stored.responded ?? 0,
    publicResponses: stored.publicResponses ?? 0,
  };
}

/** Which item of a cancelled transaction refused its condition. */
function refusedAt(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

/** Unprocessed items of a batch write are sent again with backoff (about 6 s in all), then given up. */
export const maxBatchWriteAttempts = 8;

export function consultationRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  const load = async (id: string): Promise<StoredConsultation> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName(), Key: keys.consultation(id), ConsistentRead: true }),
    );
    if (!Item) throw new ConsultationNotFoundError(`No consultation ${id}`);
    return consultationOf(Item);
  };

  const writeAll = async (items: Record<string, unknown>[]) => {
    for (const batch of chunked(items, 25)) {
      let request: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = {
        [tableName()]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt >= maxBatchWriteAttempts) {
          throw new UnprocessedWritesError(
            `DynamoDB left items unprocessed after ${maxBatchWriteAttempts} attempts of one batch write`,
          );
        }
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
        const answer = await client.send(new BatchWriteCommand({ RequestItems: request }));
        request = answer.UnprocessedItems as typeof request;
      }
    }
  };

  const participantItem = (id: string, participant: Participant) => ({
    ...participantKey(id, participant.shard, participant.participantKey),
    type: 'participant',
    ...participant,
  });

  return {
    get: load,

    /**
     * Stores a new consultation with its listed invitees and timers. The invitees go first (unseen until
     * the consultation item exists); the consultation, its timers and counts then go in one transaction.
     */
    async create(
      consultation: StoredConsultation,
      invitees: readonly Participant[],
      timerItems: TransactItems,
    ) {
      await writeAll(invitees.map((participant) => participantItem(consultation.id, participant)));
      const { invited: _invited, ...stored } = consultation;
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            newListedRecordPut(
              tableName(),
              keys.consultation(consultation.id),
              'consultation',
              listingKey,
              stored,
            ),
            ...timerItems,
          ],
        }),
      );
    },

    /** Every consultation, newest first. */
    async list(): Promise<StoredConsultation[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :all',
        ExpressionAttributeValues: { ':all': listingKey },
        ScanIndexForward: false,
      });
      return items.map(consultationOf);
    },

    /**
     * The consultations linked to a transfer (its own, created at launch, and any HR linked to it), oldest
     * first. Filters the listing: consultations are few, and the evidence pack is all that asks.
     */
    async forTransfer(transferId: string): Promise<StoredConsultation[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :all',
        FilterExpression: 'transferId = :transfer',
        ExpressionAttributeValues: { ':all': listingKey, ':transfer': transferId },
      });
      return items.map(consultationOf);
    },

    /** Scheduled → open, fixing the transfer's shard count; a consultation already past it stays as it is. */
    async markOpened(
      id: string,
      transferShards: number | undefined,
      at: Instant,
    ): Promise<StoredConsultation> {
      await updateIfStill(client, {
        TableName: tableName(),
        Key: keys.consultation(id),
        UpdateExpression: `SET #status = :open, openedAt = :at${transferShards === undefined ? '' : ', transferShards = :shards'}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :scheduled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':open': 'open',
          ':scheduled': 'scheduled',
          ':at': at,
          ...(transferShards === undefined ? {} : { ':shards': transferShards }),
        },
      });
      return load(id);
    },

    /** Scheduled or open → closed; a consultation already closed or decided stays as it is. */
    async markClosed(id: string, at: Instant): Promise<StoredConsultation> {
      await updateIfStill(client, {
        TableName: tableName(),
        Key: keys.consultation(id),
        UpdateExpression: 'SET #status = :closed, closedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:scheduled, :open)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':scheduled': 'scheduled',
          ':open': 'open',
          ':at': at,
        },
      });
      return load(id);
    },

    /** Closed → decided with its outcome; ConflictError when it is not closed (or already decided). */
    async recordOutcome(id: string, outcome: ConsultationOutcome): Promise<void> {
      await refusedAs(
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.consultation(id),
            UpdateExpression: 'SET #status = :decided, outcome = :outcome',
            ConditionExpression: 'attribute_exists(pk) AND #status = :closed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':decided': 'decided', ':closed': 'closed', ':outcome': outcome },
          }),
        ),
        (error) =>
          new ConflictError('The outcome of this consultation is already recorded, or it is not closed', {
            cause: error,
          }),
      );
    },

    async participantsOf(id: string, shard: string): Promise<Participant[]> {
      const items = await queryByPrefix(
        { client, tableName },
        participantsPartition(id, shard),
        'PARTICIPANT#',
      );
      return items.map((item) => withoutKeys<Participant>(item));
    },

    async participant(id: string, shard: string, key: string): Promise<Participant | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: participantKey(id, shard, key), ConsistentRead: true }),
      );
      return Item ? withoutKeys<Participant>(Item) : undefined;
    },

    /**
     * Adds participants not yet in their shard (a repeated step adds nothing twice and never overwrites a
     * response marker) and sets the shard's count to what it holds.
     */
    async addParticipants(id: string, shard: string, participants: readonly Participant[]): Promise<number> {
      await forEachConcurrently(participants, 8, async (participant) => {
        try {
          await client.send(
            new PutCommand({
              TableName: tableName(),
              Item: participantItem(id, participant),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      });
      const count = (await this.participantsOf(id, shard)).length;
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.consultation(id),
          UpdateExpression: 'SET shardCounts.#label = :count',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#label': shard },
          ExpressionAttributeValues: { ':count': count },
        }),
      );
      return count;
    },

    async inviteeResponse(id: string, key: string): Promise<StoredResponseItem | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: inviteeResponseKey(id, key), ConsistentRead: true }),
      );
      return Item ? withoutKeys<StoredResponseItem>(Item) : undefined;
    },

    /**
     * An invitee's response: the first adds to `responded` and to its day's tally; a later one replaces it
     * (only if nobody replaced it meanwhile). Refused unless the consultation is open.
     */
    async putInviteeResponse(
      id: string,
      participant: Participant,
      response: StoredResponseItem,
      previous: StoredResponseItem | undefined,
    ): Promise<void> {
      const table = tableName();
      const consultationOpen = {
        TableName: table,
        Key: keys.consultation(id),
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
      };
      const items: TransactItems = [
        {
          Put: {
            TableName: table,
            Item: { ...inviteeResponseKey(id, participant.participantKey), type: 'response', ...response },
            ...(previous
              ? {
                  ConditionExpression: 'respondedAt = :previous',
                  ExpressionAttributeValues: { ':previous': previous.respondedAt },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        {
          Update: {
            TableName: table,
            Key: participantKey(id, participant.shard, participant.participantKey),
            UpdateExpression: 'SET respondedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': response.respondedAt },
          },
        },
        previous
          ? { ConditionCheck: { ...consultationOpen, ExpressionAttributeValues: { ':open': 'open' } } }
          : {
              Update: {
                ...consultationOpen,
                UpdateExpression: 'ADD responded :one',
                ExpressionAttributeValues: { ':open': 'open', ':one': 1 },
              },
            },
        ...(previous
          ? []
          : [
              {
                Update: {
                  TableName: table,
                  Key: dayKey(id, dayOf(response)),
                  UpdateExpression: 'ADD invited :one SET #type = :day',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: { ':one': 1, ':day': 'response-day' },
                },
              },
            ]),
      ];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        const refused = refusedAt(error);
        if (refused.includes(2)) {
          throw new ConsultationClosedError('This consultation has closed', { cause: error });
        }
        if (refused.length > 0) {
          throw new ConflictError('Your response changed while this one was being saved; try again', {
            cause: error,
          });
        }
        throw error;
      }
    },

    /**
     * A public response, stored on its own, counted, and limited per client and hour: the client's
     * counter refuses the whole write once it reaches `limit`. A respondent who left an email address is
     * kept in their public shard (`P<n>`, not counted as invited) to be told the outcome; the same address
     * again replaces the entry.
     */
    async putPublicResponse(
      id: string,
      response: StoredResponseItem,
      rate: ClientRate,
      respondent?: Participant,
    ): Promise<void> {
      const table = tableName();
      const items: TransactItems = [
        {
          Put: {
            TableName: table,
            Item: {
              pk: keys.consultation(id).pk,
              sk: `RESPONSE#PUBLIC#${response.respondedAt}#${randomUUID()}`,
              type: 'response',
              ...response,
            },
          },
        },
        {
          Update: {
            TableName: table,
            Key: keys.consultation(id),
            UpdateExpression: 'ADD publicResponses :one',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'open', ':one': 1 },
          },
        },
        {
          Update: {
            TableName: table,
            Key: dayKey(id, dayOf(response)),
            UpdateExpression: 'ADD #public :one SET #type = :day',
            ExpressionAttributeNames: { '#public': 'public', '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':day': 'response-day' },
          },
        },
        { Update: clientRateCount(table, `CONSULTATION#${id}`, rate) },
        ...(respondent ? [{ Put: { TableName: table, Item: participantItem(id, respondent) } }] : []),
      ];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        const refused = refusedAt(error);
        if (refused.includes(1))
          throw new ConsultationClosedError('This consultation has closed', { cause: error });
        if (refused.includes(3)) {
          throw new TooManyResponsesError('Too many responses from here in the last hour; try again later', {
            cause: error,
          });
        }
        throw error;
      }
    },

    /** Every response: invitees' latest, and each public one. */
    async responses(id: string): Promise<StoredResponseItem[]> {
      const items = await queryByPrefix({ client, tableName }, keys.consultation(id).pk, 'RESPONSE#');
      return items.map((item) => withoutKeys<StoredResponseItem>(item));
    },

    /**
     * One page of responses in sort key order (invitees' latest, then public ones as received), only one
     * respondent group when asked, after the sort key `after`: at most `limit` items read. `lastKey` is the
     * sort key to go on from, absent once the partition's responses are all read.
     */
    async pageOfResponses(
      id: string,
      options: { group?: StoredResponseItem['respondent']; after?: string; limit: number },
    ): Promise<{ responses: Array<StoredResponseItem & { sk: string }>; lastKey?: string }> {
      const { pk } = keys.consultation(id);
      const prefix =
        options.group === undefined
          ? 'RESPONSE#'
          : options.group === 'invited'
            ? 'RESPONSE#INVITEE#'
            : 'RESPONSE#PUBLIC#';
      const page = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          Limit: options.limit,
          ...(options.after ? { ExclusiveStartKey: { pk, sk: options.after } } : {}),
        }),
      );
      return {
        responses: (page.Items ?? []).map((item) => ({
          ...withoutKeys<StoredResponseItem>(item),
          sk: String(item.sk),
        })),
        ...(page.LastEvaluatedKey ? { lastKey: String(page.LastEvaluatedKey.sk) } : {}),
      };
    },

    /** Responses first made on each day, oldest day first. */
    async responsesByDay(id: string): Promise<DayTally[]> {
      const items = await queryByPrefix({ client, tableName }, keys.consultation(id).pk, 'DAY#');
      return items.map((item) => ({
        date: String(item.sk).slice('DAY#'.length),
        invited: Number(item.invited ?? 0),
        public: Number(item.public ?? 0),
      }));
    },

    /** A contract's title, or undefined when there is no such contract. */
    async contractTitle(contractId: string): Promise<string | undefined> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: keys.contract(contractId),
          ProjectionExpression: 'title',
        }),
      );
      return Item ? String(Item.title ?? '') : undefined;
    },
  };
}

/** The London day a response was first made on. */
function dayOf(response: Pick<StoredResponseItem, 'firstRespondedAt'>): string {
  return responseDayOf(response.firstRespondedAt);
}

export type ConsultationRepository = ReturnType<typeof consultationRepository>;
