import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type TableAccess, updateIfStill } from './dynamodb.ts';

type ItemKey = { pk: string; sk: string };

/** The condition that a write is for run `attempt` (items stored before attempts existed are run 1). */
export const attemptCondition = (attempt: number) =>
  attempt === 1 ? '(attempt = :attempt OR attribute_not_exists(attempt))' : 'attempt = :attempt';
type IndexEntry = { gsi1pk: string; gsi1sk: string };

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
