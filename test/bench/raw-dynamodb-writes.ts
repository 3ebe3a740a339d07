/**
 * Baseline for the import: plain BatchWriteItem into the stack's own table, items shaped like the cases an
 * import stores, under their own `BENCH#` keys so they never meet the application's items.
 */
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { employeeKey } from '../../functions/domain/roster.ts';
import { shardOfIndex } from '../../functions/domain/transfer-rules.ts';
import { rosterRows } from '../fixtures/rosters.ts';
import { progress, type Rate, rateOf, runConcurrently } from './measure.ts';

/** BatchWriteItem's limit. */
const itemsPerBatch = 25;

type WriteRequests = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>;

export interface RawWriteOptions {
  client: DynamoDBClient;
  tableName: string;
  count: number;
  concurrency: number;
  run: string;
  label: string;
}

/** The item an import stores for one person (see caseRepository.addCases), keyed under `BENCH#{run}`. */
export function caseShapedItems(count: number, run: string): Record<string, unknown>[] {
  const at = new Date().toISOString();
  return rosterRows(count, run).map((row, index) => ({
    pk: `BENCH#${run}#SHARD#${shardOfIndex(index)}`,
    sk: `CASE#${employeeKey(row.employeeNumber)}`,
    type: 'case',
    ...row,
    transferId: `BENCH#${run}`,
    shard: shardOfIndex(index),
    status: 'imported',
    employer: 'transferor',
    history: [{ at, by: 'bench@example.org', action: 'imported', to: 'imported' }],
  }));
}

/** Writes one batch, sending back what DynamoDB left unprocessed until nothing is left. */
async function writeBatch(client: DynamoDBDocumentClient, requests: WriteRequests): Promise<void> {
  let pending: WriteRequests | undefined = requests;
  for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
    if (attempt > 10) throw new Error('BatchWriteItem kept leaving items unprocessed');
    const answer = await client.send(new BatchWriteCommand({ RequestItems: pending }));
    pending = answer.UnprocessedItems as WriteRequests | undefined;
  }
}

export async function rawBatchWriteRate({
  client,
  tableName,
  count,
  concurrency,
  run,
  label,
}: RawWriteOptions): Promise<Rate & { averageItemBytes: number }> {
  const documents = DynamoDBDocumentClient.from(client);
  const items = caseShapedItems(count, run);
  const averageItemBytes = Math.round(
    items.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item)), 0) / items.length,
  );
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += itemsPerBatch) {
    batches.push(items.slice(start, start + itemsPerBatch));
  }
  const written = progress(label, count);
  const startedAt = performance.now();
  await runConcurrently(batches, concurrency, async (batch) => {
    await writeBatch(documents, { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) });
    written.add(batch.length);
  });
  return { ...rateOf(count, startedAt), averageItemBytes };
}
