/**
 * How the sweep claims a due item (a transfer's milestone or a consultation's or contract's timer) before
 * starting its workflow, and gives the claim back when the workflow could not be started. Both items keep
 * `status`, `dueAt` and, while pending, a gsi1 entry under their kind's pending index; while running, one
 * under their kind's running index (`{startedAt}#…`), where the sweep finds runs that died unrecorded.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from './dynamodb.ts';

type ItemKey = { pk: string; sk: string };
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
  try {
    await client.send(
      new UpdateCommand({
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
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
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
