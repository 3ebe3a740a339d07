/**
 * What milestones and timers share in the sweep's index (gsi1): finding what is due, running or failed, and
 * moving one run between those states.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, type TableAccess, updateIfStill } from './dynamodb.ts';

type ItemKey = { pk: string; sk: string };

/** The condition that a write is for run `attempt` (items stored before attempts existed are run 1). */
export const attemptCondition = (attempt: number) =>
  attempt === 1 ? '(attempt = :attempt OR attribute_not_exists(attempt))' : 'attempt = :attempt';
type IndexEntry = { gsi1pk: string; gsi1sk: string };

/** The items filed under `index` with a sort key below `bound`, oldest first. */
function indexedBelow({ client, tableName }: TableAccess, index: string, bound: string) {
  return queryAll(client, {
    TableName: tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :index AND gsi1sk < :bound',
    ExpressionAttributeValues: { ':index': index, ':bound': bound },
  });
}

/** The items filed under `index` at a time up to and including `now` (`~` sorts after the `#` that follows it). */
export function indexedUpTo(table: TableAccess, index: string, now: Date) {
  return indexedBelow(table, index, `${now.toISOString()}~`);
}

/** The items filed under `index` at a time before `before`. */
export function indexedBefore(table: TableAccess, index: string, before: Date) {
  return indexedBelow(table, index, before.toISOString());
}

/**
 * The update that marks run `attempt` of a running milestone or timer failed with the reason, filed in the
 * sweep's `index` under `sortOf(when)`: its retry at `retryAt` (the backoff, functions/domain/
 * milestone-outcome.ts), or, with no retry left, at once for telling HR. Only the run that failed: not one
 * the sweep or HR started since, and not one already recorded. `alsoSet` names more attributes set to `:at`.
 */
export function runFailedUpdate(input: {
  tableName: string;
  key: ItemKey;
  attempt: number;
  failure: { error: string; at: string };
  retryAt: string | undefined;
  index: string;
  sortOf: (when: string) => string;
  alsoSet?: readonly string[];
}) {
  const { attempt, failure, retryAt } = input;
  const alsoSet = (input.alsoSet ?? []).map((name) => `, ${name} = :at`).join('');
  return {
    TableName: input.tableName,
    Key: input.key,
    UpdateExpression: `SET #status = :failed, failedAt = :at${alsoSet}, reason = :reason, gsi1pk = :index, gsi1sk = :sort${retryAt ? ', retryAt = :retryAt' : ' REMOVE retryAt'}`,
    ConditionExpression: `#status IN (:running, :started) AND ${attemptCondition(attempt)}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':failed': 'failed',
      ':running': 'running',
      ':started': 'started',
      ':attempt': attempt,
      ':at': failure.at,
      ':reason': failure.error,
      ':index': input.index,
      ':sort': input.sortOf(retryAt ?? failure.at),
      ...(retryAt ? { ':retryAt': retryAt } : {}),
    },
  };
}

/** Pending → running (its first run), only if still pending at the same due time; false if someone else moved it. */
export async function claimDueItem(
  { client, tableName }: TableAccess,
  key: ItemKey,
  dueAt: string,
  executionName: string,
  at: string,
  running: IndexEntry,
): Promise<boolean> {
  return updateIfStill(client, {
    TableName: tableName(),
    Key: key,
    UpdateExpression:
      'SET #status = :running, startedAt = :at, executionName = :name, attempt = :first, gsi1pk = :index, gsi1sk = :sort',
    ConditionExpression: '#status = :pending AND dueAt = :dueAt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':running': 'running',
      ':first': 1,
      ':pending': 'pending',
      ':at': at,
      ':name': executionName,
      ':dueAt': dueAt,
      ':index': running.gsi1pk,
      ':sort': running.gsi1sk,
    },
  });
}

/** Running (or `started`, as items stored before `running` say) → pending again, so the next sweep tries again. */
export async function releaseDueItem(
  { client, tableName }: TableAccess,
  key: ItemKey,
  index: IndexEntry,
): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression:
        'SET #status = :pending, gsi1pk = :index, gsi1sk = :sort REMOVE startedAt, executionName, attempt',
      ConditionExpression: '#status IN (:running, :started)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':running': 'running',
        ':started': 'started',
        ':index': index.gsi1pk,
        ':sort': index.gsi1sk,
      },
    }),
  );
}

/**
 * Starts run `attempt + 1` of an item whose run `attempt` is in status `from` (failed, or running when the
 * run died), filed in the sweep's index as running; false when someone else moved it first. `alsoRemove`
 * names more attributes the new run clears.
 */
export async function claimRerunItem(
  { client, tableName }: TableAccess,
  key: ItemKey,
  from: { status: 'failed' | 'running'; attempt: number },
  executionName: string,
  at: string,
  running: IndexEntry,
  alsoRemove: readonly string[] = [],
): Promise<boolean> {
  // Items stored before `running` existed say `started`.
  const legacy = from.status === 'running' ? 'started' : undefined;
  return updateIfStill(client, {
    TableName: tableName(),
    Key: key,
    UpdateExpression: `SET #status = :running, attempt = :next, startedAt = :at, executionName = :name, gsi1pk = :index, gsi1sk = :sort REMOVE ${['retryAt', ...alsoRemove].join(', ')}`,
    ConditionExpression: `#status ${legacy ? 'IN (:from, :legacy)' : '= :from'} AND ${attemptCondition(from.attempt)}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':running': 'running',
      ':from': from.status,
      ...(legacy ? { ':legacy': legacy } : {}),
      ':attempt': from.attempt,
      ':next': from.attempt + 1,
      ':at': at,
      ':name': executionName,
      ':index': running.gsi1pk,
      ':sort': running.gsi1sk,
    },
  });
}

/**
 * HR was told run `attempt` failed for good: the item leaves the sweep's index. A run started since (HR
 * retried it) has its own record and stays as it is.
 */
export async function markItemHrTold(
  { client, tableName }: TableAccess,
  key: ItemKey,
  attempt: number,
  at: string,
): Promise<void> {
  await updateIfStill(client, {
    TableName: tableName(),
    Key: key,
    UpdateExpression: 'SET hrToldAt = :at REMOVE gsi1pk, gsi1sk',
    ConditionExpression: `#status = :failed AND ${attemptCondition(attempt)}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':failed': 'failed', ':attempt': attempt, ':at': at },
  });
}

/** Binds one of the functions above to a table. */
const onTable =
  <Rest extends unknown[], Result>(
    table: TableAccess,
    claim: (table: TableAccess, ...rest: Rest) => Result,
  ) =>
  (...rest: Rest): Result =>
    claim(table, ...rest);

/** The sweep's queries and claims on one table, for a repository whose items the sweep runs (milestones, timers). */
export function sweepClaimsOn(table: TableAccess) {
  return {
    indexedUpTo: onTable(table, indexedUpTo),
    indexedBefore: onTable(table, indexedBefore),
    claimDueItem: onTable(table, claimDueItem),
    releaseDueItem: onTable(table, releaseDueItem),
    claimRerunItem: onTable(table, claimRerunItem),
    markItemHrTold: onTable(table, markItemHrTold),
  };
}
