/** The DynamoDB document client, created once per module, and the table's name. */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { TimerOwner } from '../domain/timer.ts';
import { environmentNames, requireEnvironment } from './environment.ts';

/** The one low-level client (default configuration: the local stack points it elsewhere by AWS_ENDPOINT_URL_DYNAMODB). */
export const defaultDynamoDbClient = new DynamoDBClient({});

export const defaultDocumentClient = DynamoDBDocumentClient.from(defaultDynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export function defaultTableName(): string {
  return requireEnvironment(environmentNames.tableName);
}

export interface TableAccess {
  client: DynamoDBDocumentClient;
  /** Read when first needed, so a module can be imported without the environment. */
  tableName: () => string;
}

export const defaultTableAccess: TableAccess = { client: defaultDocumentClient, tableName: defaultTableName };

export const keys = {
  transfer: (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'TRANSFER' }),
  milestone: (id: string, kind: string) => ({ pk: `TRANSFER#${id}`, sk: `MILESTONE#${kind}` }),
  shard: (id: string, shard: number) => `TRANSFER#${id}#SHARD#${shard}`,
  staffCase: (id: string, shard: number, employeeKey: string) => ({
    pk: `TRANSFER#${id}#SHARD#${shard}`,
    sk: `CASE#${employeeKey}`,
  }),
  person: (id: string, employeeKey: string) => ({ pk: `TRANSFER#${id}#PERSON#${employeeKey}`, sk: 'PERSON' }),
  email: (id: string, employeeKey: string, purpose: string) => ({
    pk: `TRANSFER#${id}#PERSON#${employeeKey}`,
    sk: `EMAIL#${purpose}`,
  }),
  /** Per-shard tallies, so shards updated in parallel never contend for one counter item. */
  tally: (id: string, shard: number) => ({ pk: `TRANSFER#${id}`, sk: `TALLY#${shard}` }),
  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: 'CONTRACT' }),
  contractEmail: (id: string, purpose: string) => ({ pk: `CONTRACT#${id}#EMAILS`, sk: `EMAIL#${purpose}` }),
  consultation: (id: string) => ({ pk: `CONSULTATION#${id}`, sk: 'CONSULTATION' }),
  consultationEmail: (id: string, participantKey: string, purpose: string) => ({
    pk: `CONSULTATION#${id}#PARTICIPANT#${participantKey}`,
    sk: `EMAIL#${purpose}`,
  }),
  /** A timer of a consultation or contract (see timer-repository.ts). */
  timer: (owner: TimerOwner, ownerId: string, timerKey: string) => ({
    pk: `${owner.toUpperCase()}#${ownerId}`,
    sk: `TIMER#${timerKey}`,
  }),
};

/** Tally attributes: `count:elected`, `election:LGPS`. */
export const tallyPrefix = { count: 'count:', election: 'election:' } as const;

/** Every item a query matches, page after page. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client }, input)) items.push(...(page.Items ?? []));
  return items;
}

/**
 * Every item of the partition `pk` whose sort key begins with `prefix`, in sort key order, page after page;
 * read consistently unless `consistentRead` is false.
 */
export function queryByPrefix(
  { client, tableName }: TableAccess,
  pk: string,
  prefix: string,
  { consistentRead = true }: { consistentRead?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  return queryAll(client, {
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ...(consistentRead ? { ConsistentRead: true } : {}),
  });
}

/** Splits a list into chunks of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The most keys one BatchGetItem takes. */
export const maxBatchGetKeys = 100;

/**
 * The items of `itemKeys` that exist, read a hundred keys a call (consistently unless `consistentRead` is
 * false), with what DynamoDB leaves unprocessed asked again; answered in no particular order.
 */
export async function batchGetAll(
  { client, tableName }: TableAccess,
  itemKeys: readonly { pk: string; sk: string }[],
  { consistentRead = true, attributes }: { consistentRead?: boolean; attributes?: readonly string[] } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (const batch of chunked(itemKeys, maxBatchGetKeys)) {
    type Request = Record<string, { Keys: Record<string, unknown>[] }>;
    let request: Request | undefined = {
      [tableName()]: {
        Keys: batch.map(({ pk, sk }) => ({ pk, sk })),
        ...(consistentRead ? { ConsistentRead: true } : {}),
        ...(attributes === undefined
          ? {}
          : {
              ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
              ExpressionAttributeNames: Object.fromEntries(
                attributes.map((name, index) => [`#a${index}`, name]),
              ),
            }),
      },
    };
    while (request && Object.keys(request).length > 0) {
      const answer = await client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(answer.Responses?.[tableName()] ?? []));
      request = answer.UnprocessedKeys as Request | undefined;
    }
  }
  return found;
}

/** Runs `work` over items with at most `limit` at once, in order of start. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A transaction cancelled only because it met another transaction on the same item (TransactionConflict):
 * nothing was wrong with it, so it may be tried again. A failed condition is not this.
 */
export function isTransactionConflictOnly(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return (
    reasons.every((reason) => ['None', 'TransactionConflict'].includes(reason.Code ?? 'None')) &&
    reasons.some((reason) => reason.Code === 'TransactionConflict')
  );
}

/** Applies `update` to the item at `key`, which must be there (ConditionalCheckFailedException otherwise). */
export async function updateExisting(
  { client, tableName }: TableAccess,
  key: UpdateCommandInput['Key'],
  update: Pick<
    UpdateCommandInput,
    'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  >,
): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      ...update,
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** A conditional update: true when it was written, false when its condition no longer held. */
export async function updateIfStill(
  client: DynamoDBDocumentClient,
  input: UpdateCommandInput,
): Promise<boolean> {
  try {
    await client.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Awaits a conditional write. When DynamoDB refuses it (a failed condition, or a cancelled transaction),
 * throws the error `refusal` makes of that instead; any other error is thrown as it came.
 */
export async function refusedAs<T>(
  write: Promise<T>,
  refusal: (error: ConditionalCheckFailedException | TransactionCanceledException) => Error | Promise<Error>,
): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) {
      throw await refusal(error);
    }
    throw error;
  }
}

/**
 * The transaction item that stores a new record (a transfer, a consultation) under `key`, listed newest
 * first under `listing` in gsi1; refused when the key is already taken.
 */
export function newListedRecordPut(
  tableName: string,
  key: Record<string, string>,
  type: string,
  listing: string,
  record: { id: string; createdAt: string },
) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key, type, ...record, gsi1pk: listing, gsi1sk: `${record.createdAt}#${record.id}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
