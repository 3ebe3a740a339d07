/**
 * `npm run bench`: for a 10,000-person roster, the import rate and the launch's invitation rate, each as a
 * ratio of the raw rate of the local service underneath (DynamoDB Local, SES) measured in the same run on
 * the same machine, and every function's cold module init as a ratio of a hello-world handler's
 * (cold-init.ts; `--cold-init` runs that alone). Prints a table and writes the figures to
 * `bench-results.json` at the repository root.
 *
 * One local stack on a free port with an empty temporary data folder; every path is warmed up first, and
 * each baseline is taken half just before and half just after what it is compared with.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import {
  type LocalStack,
  localEmailFrom,
  localTableName,
  startLocalStack,
} from '../../infra/local/local-stack.ts';
import { rosterRows } from '../fixtures/rosters.ts';
import { type BenchResult, benchResult, resultTable, writeResults } from './bench-results.ts';
import { coldInitResults, measureColdInit } from './cold-init.ts';
import { combinedRate, type Rate } from './measure.ts';
import { rawBatchWriteRate } from './raw-dynamodb-writes.ts';
import { rawSendRate } from './raw-ses-sends.ts';
import { transferDeskApi } from './transfer-desk-api.ts';

const rosterSize = 10_000;
/** The import writes four shards at once (caseRepository.addCases); the baseline writes four batches at once. */
const writeConcurrency = 4;
/** The launch invites four shards at once (its Map state), each sending eight emails at once. */
const sendConcurrency = 4 * 8;
const rawSendCount = 5_000;
/** Untimed first runs: raw calls, and a roster of two shards imported and launched. */
const warmUpRawCount = 1_000;
const warmUpRosterSize = 200;
const launchDeadlineMs = 8 * 60_000;

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsPath = join(repositoryRoot, 'bench-results.json');

const dummyAws = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
};

const per = (count: number, seconds: number) =>
  `${count.toLocaleString('en-GB')} in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)}/s`;

/**
 * Runs every path once at a small size, untimed, so no figure includes the JVM's and V8's first-use
 * compilation or the first load of a handler module: the bench compares steady rates.
 */
async function warmUp(
  stack: LocalStack,
  clients: { dynamodb: DynamoDBClient; ses: SESv2Client },
): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const api = transferDeskApi(stack.baseUrl);
  console.log(
    `\nWarm-up (untimed): ${warmUpRawCount} raw writes and sends, a ${warmUpRosterSize}-person import and launch`,
  );
  await rawBatchWriteRate({
    client: clients.dynamodb,
    tableName: localTableName,
    count: warmUpRawCount,
    concurrency: writeConcurrency,
    run,
    label: 'warm-up writes',
  });
  await rawSendRate(
    {
      client: clients.ses,
      from: localEmailFrom,
      count: warmUpRawCount,
      concurrency: sendConcurrency,
      run,
      label: 'warm-up sends',
    },
    stack.baseUrl,
  );
  const token = await api.hrToken();
  const transferId = await api.createTransfer(token, `Bench warm-up ${run}`);
  await api.importRoster(token, transferId, rosterRows(warmUpRosterSize, run), () => undefined);
  await api.launchAndWait(token, transferId, warmUpRosterSize, {
    deadlineMs: 120_000,
    onPoll: () => undefined,
  });
  console.log('  done');
}

async function measure(stack: LocalStack, run: string): Promise<BenchResult[]> {
  const api = transferDeskApi(stack.baseUrl);
  const dynamodb = new DynamoDBClient({ ...dummyAws, endpoint: stack.endpoints.dynamodb });
  const ses = new SESv2Client({ ...dummyAws, endpoint: stack.endpoints.ses });
  // Each baseline is taken half before and half after what it is compared with, so a change in the
  // machine's load during the run weighs on both sides of the ratio.
  const rawWrites = async (part: 'before' | 'after'): Promise<Rate> => {
    const count = rosterSize / 2;
    console.log(
      `\nBaseline (${part}): raw BatchWriteItem, ${count} case-shaped items, ${writeConcurrency} batches at once`,
    );
    const rate = await rawBatchWriteRate({
      client: dynamodb,
      tableName: localTableName,
      count,
      concurrency: writeConcurrency,
      run: `${run}${part}`,
      label: 'items written',
    });
    console.log(`  ${per(rate.count, rate.seconds)} (items of about ${rate.averageItemBytes} bytes)`);
    return rate;
  };
  const rawSends = async (part: 'before' | 'after'): Promise<Rate> => {
    const count = rawSendCount / 2;
    console.log(
      `\nBaseline (${part}): raw SES SendEmail, ${count} invitation-sized emails, ${sendConcurrency} at once`,
    );
    const rate = await rawSendRate(
      {
        client: ses,
        from: localEmailFrom,
        count,
        concurrency: sendConcurrency,
        run: `${run}${part}`,
        label: 'emails sent',
      },
      stack.baseUrl,
    );
    console.log(`  ${per(rate.count, rate.seconds)}`);
    return rate;
  };

  try {
    await warmUp(stack, { dynamodb, ses });

    const writesBefore = await rawWrites('before');
    console.log(`\nImport: ${rosterSize} roster rows as CSV through the JSON API`);
    const token = await api.hrToken();
    const transferId = await api.createTransfer(token, `Bench ${run}`);
    const imported = await api.importRoster(token, transferId, rosterRows(rosterSize, run), (added, total) =>
      console.log(`  imported ${added.toLocaleString('en-GB')}, roster now ${total.toLocaleString('en-GB')}`),
    );
    console.log(`  ${per(imported.count, imported.seconds)}`);
    const writes = combinedRate([writesBefore, await rawWrites('after')]);

    const sendsBefore = await rawSends('before');
    console.log(`\nLaunch: invite all ${rosterSize} people, until every invitation is sent`);
    let printedAt = performance.now();
    const launched = await api.launchAndWait(token, transferId, rosterSize, {
      deadlineMs: launchDeadlineMs,
      onPoll: (invited) => {
        if (invited >= rosterSize || performance.now() - printedAt >= 5_000) {
          printedAt = performance.now();
          console.log(`  invited ${invited.toLocaleString('en-GB')}/${rosterSize.toLocaleString('en-GB')}`);
        }
      },
    });
    console.log(`  ${per(launched.count, launched.seconds)}`);
    const sends = combinedRate([sendsBefore, await rawSends('after')]);

    return [
      benchResult('import 10,000-person roster', 'rows/s', imported.perSecond, writes.perSecond),
      benchResult('launch 10,000-person transfer', 'invitations/s', launched.perSecond, sends.perSecond),
    ];
  } finally {
    dynamodb.destroy();
    ses.destroy();
  }
}

async function main(): Promise<void> {
  const wallStart = performance.now();
  if (process.argv.includes('--cold-init')) {
    const results = coldInitResults(await measureColdInit());
    console.log(`\n${resultTable(results)}\n`);
    await writeResults(resultsPath, results);
    return;
  }
  const run = randomUUID().slice(0, 8);
  const dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-bench-'));
  let stack: LocalStack | undefined;
  const cleanUp = async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    console.error('\nInterrupted: stopping the local stack');
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    const port = await freeLoopbackPort();
    console.log(`Starting the local stack on port ${port} with data in ${dataDir}`);
    stack = await startLocalStack({
      port,
      dataDir,
      // No timer falls due during the bench; a periodic sweep would only add noise.
      sweepIntervalMs: 0,
      seedDemoData: false,
      log: (line) => {
        if (/failed/i.test(line)) console.error(`  stack: ${line}`);
      },
      // The handlers' INFO lines (one or more a request) would bury the bench's own progress lines.
      handlerLogLevel: 'WARN',
    });
    const results = [...(await measure(stack, run)), ...coldInitResults(await measureColdInit())];
    console.log(`\n${resultTable(results)}\n`);
    await writeResults(resultsPath, results);
    console.log(`Wrote ${resultsPath} (${((performance.now() - wallStart) / 1000).toFixed(0)} s in all)`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error('The bench failed:', error);
  process.exitCode = 1;
});
