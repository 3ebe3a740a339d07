/**
 * `npm run cost`: a transfer's whole life on the local stack at 1,000 and 10,000 people (or the sizes given
 * with `--people 1000,10000`), counting what AWS bills — DynamoDB capacity, state transitions, Lambda
 * invocations and billed milliseconds, scheduler runs, S3 requests, log bytes, Secrets Manager and KMS calls —
 * and pricing it from `cost/prices-eu-west-2.json`. 50,000 people are modelled from the two runs (straight
 * lines through the per-shard counts), as is a per-person-execution design priced with the same table.
 * Writes `cost-results.json` and prints the cost per 1,000 staff, excluding email (SES).
 *
 * Each size runs on its own local stack on a free port with an empty temporary data folder; the sweep runs
 * only when the clock moves, and the clock moves from milestone to milestone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { functions } from '../../functions/catalog.ts';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { runConcurrently } from '../bench/measure.ts';
import { transferDeskApi } from '../bench/transfer-desk-api.ts';
import { rosterRows } from '../fixtures/rosters.ts';
import {
  type CostMeters,
  capacityByCall,
  costMeters,
  type FunctionCounts,
  outsideFunctions,
  sumCounts,
} from './meters.ts';
import { answerPensionFormLikeABrowser } from './pension-form-walk.ts';
import {
  addUsage,
  extrapolateUsage,
  gbSeconds,
  noUsage,
  type Prices,
  perPersonDesignUsage,
  perThousandStaff,
  priceUsage,
  type Usage,
} from './pricing.ts';
import { type ExecutionCounts, executionCounter } from './state-transitions.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsPath = join(repositoryRoot, 'cost-results.json');
const pricesPath = join(repositoryRoot, 'cost', 'prices-eu-west-2.json');
/** The share of people who answer the pension form themselves; the rest get the default. */
const formShare = 0.6;
const formConcurrency = 8;
const modelledPeople = 50_000;
/** How the runner starts itself for one size: `--one-size <people> <result file>`. */
const singleSizeFlag = '--one-size';
/** The inline evidence PDF's size limit (README: Lambda's 6 MB response is reached near 1,500 people). */
const inlinePdfPeople = 1_500;
/** Phases whose work a real transfer does not do: the runner's own checks, and the idle sweep measured to model the schedule. */
const checksPhase = 'checks';
const idleSweepPhase = 'idle sweep (measured once, models the schedule)';
/** API Gateway's access log line (http-api.ts's fields) with CloudWatch's 26 bytes: modelled, not measured. */
const accessLogBytesPerRequest = 350;
/** S3 evidence pack, when the code run has none yet: one PUT and one GET of the pack, kept a month. */
const gigabyte = 1024 ** 3;

interface SizeResult {
  people: number;
  lifeDays: number;
  seconds: number;
  phases: Record<
    string,
    { seconds: number; functions: Record<string, FunctionCounts>; workflows: ExecutionCounts }
  >;
  modelled: string[];
  usage: Usage;
}

const specByName = new Map(functions.map((spec) => [spec.name, spec]));
const log = (line: string) => console.log(line);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

async function localJson(stack: LocalStack, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Waits until no execution runs and no invocation has started or ended for a while (SES events included). */
async function settle(meters: CostMeters, running: () => Promise<number>): Promise<void> {
  let seen = -1;
  for (;;) {
    const count = meters.invocationCount();
    if (count === seen && (await running()) === 0) return;
    seen = count;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
}

interface TransferAnswer {
  status: string;
  total: number;
  counts: Record<string, number>;
  milestones: Array<{ kind: string; dueOn: string; status: string }>;
  failures?: unknown[];
}

async function lifeOf(people: number): Promise<SizeResult> {
  const startedAt = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-cost-'));
  const meters = costMeters();
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({
      port: await freeLoopbackPort(),
      dataDir,
      sweepIntervalMs: 0,
      seedDemoData: false,
      // As in AWS (functions-from-catalog.ts): INFO lines and the metrics' EMF lines reach the logs.
      handlerLogLevel: 'INFO',
      meters: meters.stackMeters,
      log: (line) => {
        if (/fail/i.test(line)) console.error(`  stack: ${line}`);
      },
    });
    const running = stack;
    meters.endpoints({
      dynamodb: running.endpoints.dynamodb,
      secretsManager: running.endpoints.secretsManager,
      stepFunctions: running.endpoints.stepFunctions,
      ses: running.endpoints.ses,
      s3: process.env.AWS_ENDPOINT_URL_S3 ?? '',
    });
    const executions = executionCounter(running.endpoints.stepFunctions);
    const api = transferDeskApi(running.baseUrl);
    const phases: SizeResult['phases'] = {};
    const phase = async (name: string, work: () => Promise<void>) => {
      const phaseStart = performance.now();
      meters.phase(name);
      await work();
      await settle(meters, () => executions.running());
      const workflows = await executions.newlyEnded();
      const seconds = (performance.now() - phaseStart) / 1000;
      phases[name] = { seconds, functions: {}, workflows };
      const ran = Object.entries(workflows.byWorkflow).map(
        ([workflow, { transitions }]) => `${workflow} ${transitions}`,
      );
      log(`  ${name}: ${seconds.toFixed(1)} s; transitions: ${ran.join(', ') || 'none'}`);
    };

    meters.phase(checksPhase);
    const token = await api.hrToken();
    const hr = (method: string, path: string, body?: string) =>
      fetch(`${running.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body } : {}),
      });
    const transfer = async (id: string) =>
      (await (await hr('GET', `/api/transfers/${id}`)).json()) as TransferAnswer;
    const roster = rosterRows(people);
    const { now } = (await localJson(running, 'GET', '/local/clock')) as { now: string };
    const createdOn = now.slice(0, 10);

    let transferId = '';
    await phase('create transfer', async () => {
      transferId = await api.createTransfer(token, `Cost model ${people}`);
    });
    await phase('import roster', async () => {
      await api.importRoster(token, transferId, roster, () => undefined);
    });
    await phase('launch (invitations)', async () => {
      const answer = await hr('POST', `/api/transfers/${transferId}/launch`, '{}');
      if (answer.status !== 202) throw new Error(`The launch answered ${answer.status}`);
    });

    meters.phase(checksPhase);
    const launched = await transfer(transferId);
    if ((launched.counts.invited ?? 0) !== people) {
      throw new Error(
        `${launched.counts.invited ?? 0} of ${people} invited: ${JSON.stringify(launched.failures)}`,
      );
    }
    const choosers = roster
      .map((person, index) => ({ ...person, option: index % 3 === 0 ? 'NHSPS' : 'LGPS' }))
      .filter((_, index) => index % 10 < formShare * 10);
    await phase(`pension form (${Math.round(formShare * 100)} % of people, 8 requests each)`, async () => {
      await runConcurrently(choosers, formConcurrency, async (person) => {
        const { emails } = (await localJson(
          running,
          'GET',
          `/local/outbox?${new URLSearchParams({ to: person.email })}`,
        )) as { emails: Array<{ text: string }> };
        const link = emails[0]?.text.match(
          /https?:\/\/\S+\/forms\/pension\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/,
        )?.[0];
        if (!link) throw new Error(`No pension link in ${person.email}'s invitation`);
        await answerPensionFormLikeABrowser(link, person.employeeNumber, person.option);
      });
    });

    // The milestones in date order, the clock moved to each (the sweep runs as it moves).
    meters.phase(checksPhase);
    const milestones = (await transfer(transferId)).milestones;
    const dates = [...new Set(milestones.map((milestone) => milestone.dueOn))].sort();
    for (const date of dates) {
      const kinds = milestones
        .filter((milestone) => milestone.dueOn === date)
        .map((milestone) => milestone.kind);
      await phase(`clock to day ${daysBetween(createdOn, date)} (due: ${kinds.join(', ')})`, async () => {
        await localJson(running, 'POST', '/local/clock', { to: date });
      });
    }

    meters.phase(checksPhase);
    const completed = await transfer(transferId);
    if (completed.status !== 'completed' || (completed.counts.transferred ?? 0) !== people) {
      throw new Error(`The transfer ended ${completed.status} with ${JSON.stringify(completed.counts)}`);
    }
    const transferDay = milestones.find((milestone) => milestone.kind === 'transfer-day')?.dueOn ?? createdOn;
    const lifeDays = daysBetween(createdOn, transferDay) + 1;

    let evidenceBytes = 0;
    const modelled: string[] = [];
    await phase('evidence pack', async () => {
      const asynchronous = await hr('POST', `/api/transfers/${transferId}/evidence-packs`, '{}');
      if (asynchronous.status === 404 || asynchronous.status === 405) {
        await asynchronous.text();
        // Past Lambda's 6 MB response (near 1,500 people) the inline PDF cannot be answered: the HTML then.
        const format = people <= inlinePdfPeople ? 'pdf' : 'html';
        if (format === 'html')
          modelled.push(`the evidence pack fetched as HTML (over ${inlinePdfPeople} people)`);
        const pack = await hr('GET', `/api/transfers/${transferId}/evidence?format=${format}`);
        evidenceBytes = (await pack.arrayBuffer()).byteLength;
        if (pack.status !== 200) modelled.push(`the evidence pack answered ${pack.status} (counted as run)`);
        return;
      }
      const started = (await asynchronous.json()) as { packId?: string; id?: string };
      const packId = started.packId ?? started.id;
      for (let poll = 0; poll < 600; poll += 1) {
        const status = (await (
          await hr('GET', `/api/transfers/${transferId}/evidence-packs/${packId}`)
        ).json()) as {
          status?: string;
          url?: string;
        };
        if (status.status === 'done' || status.url) {
          if (status.url) evidenceBytes = (await (await fetch(status.url)).arrayBuffer()).byteLength;
          return;
        }
        if (status.status === 'failed') throw new Error('The evidence pack failed');
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    });
    await phase(idleSweepPhase, async () => {
      await localJson(running, 'POST', '/local/sweep');
    });

    const byPhase = meters.byPhase();
    for (const [name, entry] of Object.entries(phases)) entry.functions = byPhase[name] ?? {};
    executions.close();
    const usage = usageOf(phases, { lifeDays, evidenceBytes, modelled });
    return { people, lifeDays, seconds: (performance.now() - startedAt) / 1000, phases, modelled, usage };
  } finally {
    meters.stop();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What one function's counts bill: its Lambda requests and time, DynamoDB units, API requests, S3, logs. */
function functionUsage(name: string, total: FunctionCounts): Usage {
  const spec = specByName.get(name);
  const gbs = gbSeconds(total.billedMs, spec?.memoryMb ?? 128);
  return {
    ...noUsage,
    dynamodbReadUnits: total.readUnits,
    dynamodbWriteUnits: total.writeUnits,
    lambdaRequests: total.invocations,
    lambdaGbSecondsArm64: spec?.architecture === 'x86_64' ? 0 : gbs,
    lambdaGbSecondsX86: spec?.architecture === 'x86_64' ? gbs : 0,
    httpApiRequests: spec?.routes?.length ? total.invocations : 0,
    s3PutRequests: total.calls['s3:PUT'] ?? 0,
    s3GetRequests: total.calls['s3:GET'] ?? 0,
    s3GbMonths: total.s3PutBytes / gigabyte,
    logBytes: total.logBytes + 26 * total.logLines,
    secretsManagerCalls: total.calls.secretsManager ?? 0,
  };
}

/** The life's usage in billed units: the measured phases, plus the schedule's runs the clock jumps skipped. */
function usageOf(
  phases: SizeResult['phases'],
  { lifeDays, evidenceBytes, modelled }: { lifeDays: number; evidenceBytes: number; modelled: string[] },
): Usage {
  const counted = Object.entries(phases).filter(([name]) => name !== idleSweepPhase && name !== checksPhase);
  const perFunction = new Map<string, FunctionCounts[]>();
  for (const [, entry] of counted) {
    for (const [name, counts] of Object.entries(entry.functions)) {
      if (name === outsideFunctions) continue;
      perFunction.set(name, [...(perFunction.get(name) ?? []), counts]);
    }
  }
  // Scheduled functions run every `everyMinutes` over the life in AWS; here only when the clock moved.
  let schedulerInvocations = 0;
  const idle = phases[idleSweepPhase]?.functions ?? {};
  for (const spec of functions.filter((one) => one.schedule)) {
    const runs = Math.ceil((lifeDays * 24 * 60) / (spec.schedule?.everyMinutes ?? 1));
    schedulerInvocations += runs;
    const measuredRuns = sumCounts(perFunction.get(spec.name) ?? []).invocations;
    const idleRun = idle[spec.name];
    if (!idleRun || idleRun.invocations === 0) continue;
    const extra = Math.max(0, runs - measuredRuns);
    const scaled = structuredClone(idleRun);
    for (const field of [
      'invocations',
      'billedMs',
      'dynamodbCalls',
      'readUnits',
      'writeUnits',
      'indexUnits',
      'logLines',
      'logBytes',
    ] as const) {
      scaled[field] = (idleRun[field] / idleRun.invocations) * extra;
    }
    for (const service of Object.keys(scaled.calls)) {
      scaled.calls[service] = ((idleRun.calls[service] ?? 0) / idleRun.invocations) * extra;
    }
    perFunction.set(spec.name, [...(perFunction.get(spec.name) ?? []), scaled]);
    modelled.push(
      `${spec.name}: ${runs} scheduled runs over ${lifeDays} days (every ${spec.schedule?.everyMinutes} min), ` +
        `${measuredRuns} measured, ${extra} priced as the measured idle run`,
    );
  }

  let usage: Usage = { ...noUsage, schedulerInvocations };
  let secretsCalls = 0;
  for (const [name, list] of perFunction) {
    const total = sumCounts(list);
    secretsCalls += total.calls.secretsManager ?? 0;
    usage = addUsage(usage, functionUsage(name, total));
  }
  const workflows = counted.map(([, entry]) => entry.workflows);
  usage.stateTransitions = workflows.reduce((sum, one) => sum + one.transitions, 0);
  usage.logBytes += workflows.reduce((sum, one) => sum + one.logBytes, 0);
  usage.logBytes += usage.httpApiRequests * accessLogBytesPerRequest;
  modelled.push(`API Gateway access logs: ${accessLogBytesPerRequest} bytes a request (not measured)`);
  // KMS: each GetSecretValue decrypts with the key; DynamoDB and CloudWatch Logs cache their data keys, put
  // here at one request per function and phase (a day apart, so a fresh container and key cache).
  const functionPhases = counted.reduce(
    (sum, [, entry]) => sum + Object.keys(entry.functions).filter((name) => name !== outsideFunctions).length,
    0,
  );
  usage.kmsRequests = secretsCalls + functionPhases;
  modelled.push(
    'KMS: one request per GetSecretValue and one per function and phase for the table and logs (not measured)',
  );
  if (usage.s3PutRequests === 0 && usage.s3GetRequests === 0) {
    usage.s3PutRequests = 1;
    usage.s3GetRequests = 1;
    usage.s3GbMonths = evidenceBytes / gigabyte;
    modelled.push(
      `S3: the code run returns the evidence pack inline (${evidenceBytes} bytes); priced as one PUT, one GET and a month's storage`,
    );
  }
  return usage;
}

function perThousand(usage: Usage, people: number, prices: Prices) {
  const priced = priceUsage(usage, prices);
  return {
    totalPerThousandUsd: perThousandStaff(priced.totalUsd, people),
    itemsPerThousandUsd: Object.fromEntries(
      Object.entries(priced.items).map(([item, usd]) => [item, perThousandStaff(usd, people)]),
    ),
  };
}

/** The costliest functions per 1,000 staff (their Lambda time and requests, DynamoDB units and log bytes). */
function topFunctions(result: SizeResult, prices: Prices) {
  const byFunction = new Map<string, FunctionCounts[]>();
  for (const [name, entry] of Object.entries(result.phases)) {
    if (name === checksPhase || name === idleSweepPhase) continue;
    for (const [fn, counts] of Object.entries(entry.functions))
      byFunction.set(fn, [...(byFunction.get(fn) ?? []), counts]);
  }
  return [...byFunction]
    .map(([fn, list]) => {
      const total = sumCounts(list);
      const usd = priceUsage(functionUsage(fn, total), prices).totalUsd;
      return {
        function: fn,
        perThousandUsd: perThousandStaff(usd, result.people),
        invocations: total.invocations,
        billedMs: total.billedMs,
        readUnits: total.readUnits,
        writeUnits: total.writeUnits,
        indexWriteUnits: total.indexUnits,
        logBytes: total.logBytes,
      };
    })
    .sort((a, b) => b.perThousandUsd - a.perThousandUsd)
    .slice(0, 10);
}

const money = (usd: number) => `$${usd.toFixed(4)}`;

/**
 * Each size in a process of its own: the handlers' modules, and the SDK clients they make from the
 * environment, live as long as their process, so a process runs one local stack.
 */
async function lifeInChildProcess(people: number): Promise<SizeResult> {
  const folder = await mkdtemp(join(tmpdir(), 'transfer-desk-cost-result-'));
  const resultFile = join(folder, 'result.json');
  try {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), singleSizeFlag, String(people), resultFile],
      { stdio: 'inherit' },
    );
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`The ${people}-person run ended with exit code ${code}`);
    return JSON.parse(await readFile(resultFile, 'utf8')) as SizeResult;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function runOneSize(people: number, resultFile: string): Promise<void> {
  console.log(`\nA ${people.toLocaleString('en-GB')}-person transfer's whole life`);
  await writeFile(resultFile, JSON.stringify(await lifeOf(people)));
}

async function main(): Promise<void> {
  const single = process.argv.indexOf(singleSizeFlag);
  if (single >= 0) {
    await runOneSize(Number(process.argv[single + 1]), process.argv[single + 2] ?? '');
    return;
  }
  const wallStart = performance.now();
  const argument = process.argv.indexOf('--people');
  const sizes = (
    argument >= 0 ? (process.argv[argument + 1] ?? '') : (process.env.COST_PEOPLE ?? '1000,10000')
  )
    .split(',')
    .map(Number)
    .filter((size) => Number.isInteger(size) && size > 0)
    .sort((a, b) => a - b);
  const priceFile = JSON.parse(await readFile(pricesPath, 'utf8')) as { prices: Prices; checkedOn: string };
  const prices = priceFile.prices;

  const results: SizeResult[] = [];
  for (const people of sizes) results.push(await lifeInChildProcess(people));
  const scenarios = results.map((result) => ({ people: result.people, usage: result.usage, measured: true }));
  const [small, large] = [results[0], results[results.length - 1]];
  if (small && large && large.people > small.people) {
    scenarios.push({
      people: modelledPeople,
      usage: extrapolateUsage(small, large, modelledPeople),
      measured: false,
    });
  }
  const rows = scenarios.map((scenario) => {
    const ours = perThousand(scenario.usage, scenario.people, prices);
    const perPerson = perThousand(
      perPersonDesignUsage(scenario.usage, scenario.people),
      scenario.people,
      prices,
    );
    return {
      people: scenario.people,
      measured: scenario.measured,
      usage: scenario.usage,
      perThousandStaffUsd: ours.totalPerThousandUsd,
      itemsPerThousandStaffUsd: ours.itemsPerThousandUsd,
      perPersonDesignPerThousandStaffUsd: perPerson.totalPerThousandUsd,
      perPersonDesignRatio: perPerson.totalPerThousandUsd / ours.totalPerThousandUsd,
    };
  });

  console.log(
    `\nCost per 1,000 staff, excluding email (eu-west-2 list prices checked ${priceFile.checkedOn})\n`,
  );
  console.log('people   measured  ours      per-person design  ratio');
  for (const row of rows) {
    console.log(
      `${row.people.toLocaleString('en-GB').padEnd(8)} ${(row.measured ? 'yes' : 'modelled').padEnd(9)} ${money(row.perThousandStaffUsd).padEnd(9)} ${money(row.perPersonDesignPerThousandStaffUsd).padEnd(18)} ${row.perPersonDesignRatio.toFixed(1)}×`,
    );
  }
  for (const row of rows) {
    const per = (value: number) => (value / row.people).toFixed(2);
    console.log(
      `\n${row.people.toLocaleString('en-GB')} people, per person: ${per(row.usage.dynamodbWriteUnits)} WRU, ` +
        `${per(row.usage.dynamodbReadUnits)} RRU, ${per(row.usage.lambdaRequests)} invocations, ` +
        `${per(row.usage.lambdaGbSecondsArm64 + row.usage.lambdaGbSecondsX86)} GB-s, ` +
        `${per(row.usage.stateTransitions)} transitions, ${per(row.usage.logBytes)} log bytes`,
    );
  }
  for (const row of rows) {
    const items = Object.entries(row.itemsPerThousandStaffUsd)
      .filter(([, usd]) => usd > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([item, usd]) => `${item} ${money(usd)}`);
    console.log(`\n${row.people.toLocaleString('en-GB')}: ${items.join(', ')}`);
  }
  const top = results.map((result) => ({ people: result.people, functions: topFunctions(result, prices) }));
  for (const entry of top) {
    console.log(`\nCostliest functions at ${entry.people.toLocaleString('en-GB')} (per 1,000 staff):`);
    for (const fn of entry.functions) console.log(`  ${fn.function.padEnd(34)} ${money(fn.perThousandUsd)}`);
  }
  const capacity = results.map((result) => ({
    people: result.people,
    ...capacityByCall(result.phases, result.people, [checksPhase, idleSweepPhase]),
  }));
  for (const entry of capacity) {
    const line = (row: (typeof entry.writes)[number], units: number, name: string) =>
      `  ${`${row.function} ${row.operation}`.padEnd(48)} ${row.callsPerPerson.toFixed(2).padStart(6)} calls  ${units.toFixed(2).padStart(6)} ${name}`;
    console.log(
      `\nDynamoDB writes a person at ${entry.people.toLocaleString('en-GB')}, by function and call:`,
    );
    for (const row of entry.writes) console.log(line(row, row.writeUnitsPerPerson, 'WRU'));
    console.log(`DynamoDB reads a person at ${entry.people.toLocaleString('en-GB')}, by function and call:`);
    for (const row of entry.reads) console.log(line(row, row.readUnitsPerPerson, 'RRU'));
  }
  await writeFile(
    resultsPath,
    `${JSON.stringify(
      {
        pricesCheckedOn: priceFile.checkedOn,
        goalPerThousandStaffUsd: 0.02,
        rows,
        topFunctions: top,
        dynamodbCapacityByCall: capacity,
        runs: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${resultsPath} (${((performance.now() - wallStart) / 1000).toFixed(0)} s in all)`);
}

main().catch((error: unknown) => {
  console.error('The cost run failed:', error);
  process.exitCode = 1;
});
