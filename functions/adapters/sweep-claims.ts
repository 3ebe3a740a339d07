import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type TableAccess, updateIfStill } from './dynamodb.ts';

type ItemKey = { pk: string; sk: string };

/** The condition that a write is for run `attempt` (items stored before attempts existed are run 1). */
export const attemptCondition = (attempt: number) =>
  attempt === 1 ? '(attempt = :attempt OR attribute_not_exists(attempt))' : 'attempt = :attempt';
type IndexEntry = { gsi1pk: string; gsi1sk: string };

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
