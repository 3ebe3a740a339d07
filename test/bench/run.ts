/**
 * `npm run bench [-- --people N]`: for a roster of N people (10,000 by default; 50,000 works), a transfer's
 * whole busy life through the API and its workflows: the import, the launch's invitations, the election's
 * close (defaults applied) and transfer day. Each stage's rate is a ratio of the raw rate of the local
 * service underneath (DynamoDB Local writes, SES sends) measured in the same run on the same machine, and
 * each stage's time per person is compared with the last run at 10,000 people. Then every function's cold
 * module init as a ratio of a hello-world handler's (cold-init.ts). Prints tables and writes the figures to
 * `bench-results.json` and `bench-results-<N>.json` at the repository root. `npm run bench -- --cold-init`
 * runs the cold-init stage alone and writes `bench-results-cold-init.json`.
 *
 * One local stack on a free port with an empty temporary data folder; every path is warmed up first, and
 * each baseline is taken half just before and half just after what it is compared with.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sendingPlan } from '../../functions/domain/sending-plan.ts';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import {
  type LocalStack,
  localEmailFrom,
  localSesMaxSendRate,
  localTableName,
  startLocalStack,
} from '../../infra/local/local-stack.ts';
import { rosterRows } from '../fixtures/rosters.ts';
import {
  type BenchRun,
  benchResult,
  comparisonTable,
  readRun,
  resultTable,
  writeRun,
} from './bench-results.ts';
import { coldInitResults, measureColdInit } from './cold-init.ts';
import { combinedRate, type Rate } from './measure.ts';
import { rawBatchWriteRate } from './raw-dynamodb-writes.ts';
import { rawSendRate } from './raw-ses-sends.ts';
import { addDays, transferDeskApi } from './transfer-desk-api.ts';
import { historyEventLimit, type WorkflowRun, workflowRuns } from './workflow-runs.ts';

const defaultPeople = 10_000;
/** The size every other run is compared with. */
const referencePeople = 10_000;
/** The launch's sends in flight at the local SES's rate: shards at once (its Map state) × sends in each. */
const localSending = sendingPlan(localSesMaxSendRate);
/**
 * The baseline writes as many batches at once as the close and transfer day run shards at once here (their
 * Map states follow the sending plan: four at the local SES's rate); the import writes sixteen shards at once
 * (caseRepository.addCases).
 */
const writeConcurrency = localSending.shardsAtOnce;
const sendConcurrency = localSending.shardsAtOnce * localSending.sendsAtOnce;
const rawSendCount = 5_000;
/** API Gateway's integration limit is 30 s; every HTTP-routed function must answer within 29 s. */
const apiLimitSeconds = 29;
/** Untimed first runs: raw calls, and a roster of two shards taken through its whole life. */
const warmUpRawCount = 1_000;
const warmUpRosterSize = 200;
/** Per 10,000 people, how long a stage may take before the bench gives up (generous: the machine may be busy). */
const stageDeadlineMsPer10k = 30 * 60_000;

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsPath = join(repositoryRoot, 'bench-results.json');
const resultsPathFor = (people: number) => join(repositoryRoot, `bench-results-${people}.json`);
const coldInitResultsPath = join(repositoryRoot, 'bench-results-cold-init.json');

const dummyAws = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
};

const per = (count: number, seconds: number) =>
  `${count.toLocaleString('en-GB')} in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)}/s`;

function benchOptions(): { people: number; coldInitOnly: boolean } {
  const { values } = parseArgs({ options: { people: { type: 'string' }, 'cold-init': { type: 'boolean' } } });
  const coldInitOnly = values['cold-init'] === true;
  if (values.people === undefined) return { people: defaultPeople, coldInitOnly };
  const people = Number(values.people.replaceAll(/[,_]/g, ''));
  if (!Number.isInteger(people) || people < 1_000 || people > 100_000) {
    throw new Error(`--people takes a whole number from 1,000 to 100,000, not ${values.people}`);
  }
  return { people, coldInitOnly };
}

/** The highest resident memory of the bench's process (the stack runs in it) and of DynamoDB Local. */
function memoryWatch(stack: LocalStack) {
  const peakMb = { node: 0, dynamodb: 0 };
  const sample = async () => {
    peakMb.node = Math.max(peakMb.node, process.memoryUsage().rss / 2 ** 20);
    const pid = stack.dynamodb.pid();
    if (pid === undefined) return;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakMb.dynamodb = Math.max(peakMb.dynamodb, kb / 1024);
  };
  const timer = setInterval(() => void sample(), 2_000);
  return {
    peakMb: () => ({ node: Math.round(peakMb.node), dynamodb: Math.round(peakMb.dynamodb) }),
    stop: () => clearInterval(timer),
  };
}

/** A transfer taken through its life: import, launch, the election's close, transfer day. */
function lifeOfTransfer(stack: LocalStack, people: number, log: (line: string) => void) {
  const api = transferDeskApi(stack.baseUrl);
  const runs = workflowRuns(stack.endpoints.stepFunctions);
  const deadlineMs = stageDeadlineMsPer10k * Math.max(1, people / 10_000);
  let token = '';
  let transferId = '';
  return {
    async create(name: string) {
      token = await api.hrToken();
      transferId = await api.createTransfer(token, name);
    },
    async import(rows: ReturnType<typeof rosterRows>) {
      return api.importRoster(token, transferId, rows, (added, total) =>
        log(`  imported ${added.toLocaleString('en-GB')}, roster now ${total.toLocaleString('en-GB')}`),
      );
    },
    async launch(): Promise<Rate & { run: WorkflowRun }> {
      let printedAt = performance.now();
      const rate = await api.launchAndWait(token, transferId, people, {
        deadlineMs,
        onPoll: (invited) => {
          if (invited >= people || performance.now() - printedAt >= 5_000) {
            printedAt = performance.now();
            log(`  invited ${invited.toLocaleString('en-GB')}/${people.toLocaleString('en-GB')}`);
          }
        },
      });
      await api.waitForStatus(token, transferId, 'launched', deadlineMs);
      return { ...rate, run: await runs.finishedRun('launch-transfer', transferId) };
    },
    /**
     * Moves the clock to the day after the election's last day: the sweep starts close-election (after the
     * election reminder, skipped as late). Its rate is the people over the workflow's own run time.
     */
    async closeElection(): Promise<Rate & { run: WorkflowRun }> {
      const { pension } = await api.transfer(token, transferId);
      await api.moveClockTo(addDays(pension.electionClosesOn, 1));
      await api.waitForStatus(token, transferId, 'election-closed', deadlineMs);
      const run = await runs.finishedRun('close-election', transferId);
      return { count: people, seconds: run.seconds, perSecond: people / run.seconds, run };
    },
    /** Moves the clock to transfer day: the sweep starts complete-transfer (after HR's reminders). */
    async transferDay(): Promise<Rate & { run: WorkflowRun }> {
      const { transferDate } = await api.transfer(token, transferId);
      await api.moveClockTo(transferDate);
      await api.waitForStatus(token, transferId, 'completed', deadlineMs);
      const run = await runs.finishedRun('complete-transfer', transferId);
      return { count: people, seconds: run.seconds, perSecond: people / run.seconds, run };
    },
    destroy: () => runs.destroy(),
  };
}

/**
 * Runs every path once at a small size, untimed, so no figure includes the JVM's and V8's first-use
 * compilation or the first load of a handler module: the bench compares steady rates.
 */
async function warmUp(
  stack: LocalStack,
  clients: { dynamodb: DynamoDBClient; ses: SESv2Client },
): Promise<void> {
  const run = randomUUID().slice(0, 8);
  console.log(
    `\nWarm-up (untimed): ${warmUpRawCount} raw writes and sends, a ${warmUpRosterSize}-person transfer's life`,
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
  const life = lifeOfTransfer(stack, warmUpRosterSize, () => undefined);
  try {
    await life.create(`Bench warm-up ${run}`);
    await life.import(rosterRows(warmUpRosterSize, run));
    await life.launch();
    await life.closeElection();
    await life.transferDay();
  } finally {
    life.destroy();
  }
  console.log('  done');
}

async function measure(stack: LocalStack, run: string, people: number): Promise<BenchRun> {
  const dynamodb = new DynamoDBClient({ ...dummyAws, endpoint: stack.endpoints.dynamodb });
  const ses = new SESv2Client({ ...dummyAws, endpoint: stack.endpoints.ses });
  const memory = memoryWatch(stack);
  const life = lifeOfTransfer(stack, people, (line) => console.log(line));
  const peopleText = people.toLocaleString('en-GB');
  // Each baseline is taken half before and half after what it is compared with, so a change in the
  // machine's load during the run weighs on both sides of the ratio.
  const rawWrites = async (part: string): Promise<Rate> => {
    const count = people / 2;
    console.log(
      `\nBaseline (${part}): raw BatchWriteItem, ${count} case-shaped items, ${writeConcurrency} batches at once`,
    );
    const rate = await rawBatchWriteRate({
      client: dynamodb,
      tableName: localTableName,
      count,
      concurrency: writeConcurrency,
      run: `${run}${part.replaceAll(' ', '')}`,
      label: 'items written',
    });
    console.log(`  ${per(rate.count, rate.seconds)} (items of about ${rate.averageItemBytes} bytes)`);
    return rate;
  };
  const rawSends = async (part: string): Promise<Rate> => {
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
        run: `${run}${part.replaceAll(' ', '')}`,
        label: 'emails sent',
      },
      stack.baseUrl,
    );
    console.log(`  ${per(rate.count, rate.seconds)}`);
    return rate;
  };
  const perPerson = (rate: Rate) => ({ people, seconds: rate.seconds });

  try {
    await warmUp(stack, { dynamodb, ses });

    const importWritesBefore = await rawWrites('before import');
    console.log(`\nImport: ${peopleText} roster rows as CSV through the JSON API, 5,000 a request`);
    await life.create(`Bench ${run}`);
    const imported = await life.import(rosterRows(people, run));
    console.log(
      `  ${per(imported.count, imported.seconds)}; slowest request ${imported.slowestRequest.rows.toLocaleString('en-GB')} rows in ${imported.slowestRequest.seconds.toFixed(1)} s`,
    );
    const importWrites = combinedRate([importWritesBefore, await rawWrites('after import')]);

    const sendsBefore = await rawSends('before launch');
    console.log(`\nLaunch: invite all ${peopleText} people, until every invitation is sent`);
    const launched = await life.launch();
    console.log(`  ${per(launched.count, launched.seconds)}`);
    const sends = combinedRate([sendsBefore, await rawSends('after launch')]);

    const closeWritesBefore = await rawWrites('before close');
    console.log(`\nElection close: the clock past the deadline, defaults applied to all ${peopleText}`);
    const closed = await life.closeElection();
    console.log(`  ${per(closed.count, closed.seconds)} (the close-election run's own time)`);
    const closeWrites = combinedRate([closeWritesBefore, await rawWrites('after close')]);

    const dayWritesBefore = await rawWrites('before transfer day');
    console.log(`\nTransfer day: the clock to transfer day, all ${peopleText} moved, managers' digests sent`);
    const moved = await life.transferDay();
    console.log(`  ${per(moved.count, moved.seconds)} (the complete-transfer run's own time)`);
    const dayWrites = combinedRate([dayWritesBefore, await rawWrites('after transfer day')]);

    const historyEvents = {
      launch: launched.run.historyEvents,
      close: closed.run.historyEvents,
      transferDay: moved.run.historyEvents,
    };
    const over = Object.entries(historyEvents).filter(([, events]) => events > historyEventLimit);
    if (over.length > 0) {
      throw new Error(
        `Past Step Functions' ${historyEventLimit}-event history limit: ${JSON.stringify(over)}`,
      );
    }
    const peakMb = memory.peakMb();
    return {
      people,
      finishedAt: new Date().toISOString(),
      results: [
        benchResult(
          'import',
          `import ${peopleText}-person roster`,
          'rows/s',
          imported.perSecond,
          importWrites.perSecond,
          perPerson(imported),
        ),
        benchResult(
          'import request',
          `one ${imported.slowestRequest.rows.toLocaleString('en-GB')}-row import request (slowest)`,
          's vs 29 s',
          imported.slowestRequest.seconds,
          apiLimitSeconds,
        ),
        benchResult(
          'launch',
          `launch ${peopleText}-person transfer`,
          'invitations/s',
          launched.perSecond,
          sends.perSecond,
          perPerson(launched),
        ),
        benchResult(
          'close',
          `close election, ${peopleText} defaults`,
          'people/s',
          closed.perSecond,
          closeWrites.perSecond,
          perPerson(closed),
        ),
        benchResult(
          'transfer day',
          `transfer day, ${peopleText} moved`,
          'people/s',
          moved.perSecond,
          dayWrites.perSecond,
          perPerson(moved),
        ),
      ],
      notes: {
        historyEventsLaunch: historyEvents.launch,
        historyEventsClose: historyEvents.close,
        historyEventsTransferDay: historyEvents.transferDay,
        closeShardsSeconds: closed.run.stateSeconds.ApplyDefaultsInEveryShard ?? 0,
        transferDayShardsSeconds: moved.run.stateSeconds.MoveEveryShard ?? 0,
        transferDayDigestPagesSeconds: moved.run.stateSeconds.SendDigestsByPage ?? 0,
        transferDaySummarySeconds: moved.run.stateSeconds.SendSummary ?? 0,
        peakNodeRssMb: peakMb.node,
        peakDynamodbLocalRssMb: peakMb.dynamodb,
      },
    };
  } finally {
    memory.stop();
    life.destroy();
    dynamodb.destroy();
    ses.destroy();
  }
}

async function main(): Promise<void> {
  const wallStart = performance.now();
  const { people, coldInitOnly } = benchOptions();
  if (coldInitOnly) {
    const results = coldInitResults(await measureColdInit());
    console.log(`\n${resultTable(results)}\n`);
    await writeRun([coldInitResultsPath], {
      people: 0,
      finishedAt: new Date().toISOString(),
      results,
      notes: {},
    });
    console.log(`Wrote ${coldInitResultsPath}`);
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
    console.log(
      `Bench for ${people.toLocaleString('en-GB')} people. Starting the local stack on port ${port} with data in ${dataDir}`,
    );
    stack = await startLocalStack({
      port,
      dataDir,
      // Only the clock's moves sweep: a periodic sweep would only add noise.
      sweepIntervalMs: 0,
      seedDemoData: false,
      log: (line) => {
        if (/failed/i.test(line)) console.error(`  stack: ${line}`);
      },
      // The handlers' INFO lines (one or more a request) would bury the bench's own progress lines.
      handlerLogLevel: 'WARN',
    });
    const results = await measure(stack, run, people);
    // The stack is stopped first: the cold-init processes should not share the machine with it.
    await stack.stop();
    stack = undefined;
    results.results.push(...coldInitResults(await measureColdInit()));
    console.log(`\n${resultTable(results.results)}\n`);
    console.log(
      Object.entries(results.notes)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
    );
    const reference = people === referencePeople ? undefined : await readRun(resultsPathFor(referencePeople));
    if (reference) {
      console.log(
        `\nTime per person against the last run at ${referencePeople.toLocaleString('en-GB')} (goal ≤ 1.3×):`,
      );
      console.log(`${comparisonTable(results, reference)}\n`);
    }
    await writeRun([resultsPath, resultsPathFor(people)], results);
    console.log(
      `Wrote ${resultsPath} and ${resultsPathFor(people)} (${((performance.now() - wallStart) / 1000).toFixed(0)} s in all)`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error('The bench failed:', error);
  process.exitCode = 1;
});
