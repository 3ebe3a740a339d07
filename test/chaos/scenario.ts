/**
 * The chaos scenario (issue 8): a transfer of N people through import, launch, choices on the form (30 %,
 * with 5 % changing their minds in concurrent bursts), one move of the transfer date, the election's close
 * and transfer day, on a local stack with injected SES and DynamoDB errors and step crashes, plus one
 * `kill -9` of the whole stack and one of DynamoDB Local at seeded points, each restarted on the same data.
 * It then measures what a hostile tester would: who should have had an email and did not, who had one twice,
 * milestones left undone, tallies that disagree and records that claim what did not happen.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { seededRandom } from '../../infra/local/faults.ts';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import { pensionTransferInput, type RosterRowFixture, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { addDays, type DeskClient, deskClient, type OutboxEmail, pensionLinkIn } from './desk-client.ts';
import {
  killDynamoDbLocal,
  type StackProcess,
  startStackProcess,
  waitForDynamoDbLocalGone,
  waitUntilHealthy,
} from './stack-process.ts';

export interface ChaosOptions {
  people: number;
  seed: number;
  /** TRANSFER_DESK_FAULTS; SES 10 %, DynamoDB 5 % and step crashes 2 % with the seed by default. */
  faults?: string;
  /** How long each wait for the stack to catch up may take. */
  phaseDeadlineMs?: number;
  /** A wait gives up sooner when nothing has moved for this long (the work is stuck, not slow). */
  stallMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResults {
  people: number;
  seed: number;
  faults: string;
  /** People who should have had an email and did not (one count per missing email). */
  lost: number;
  /** The same email twice to one person (one count per extra copy). */
  duplicates: number;
  /** Milestones due by the end that are not done, skipped, or failed with HR told. */
  stuck: number;
  /** Disagreements between the API's tallies, the per-case records and elections.csv. */
  tallyMismatches: number;
  /** Records that say something happened that did not (a milestone done, a person invited, without the email). */
  falseDone: number;
  /** Where each figure comes from, by kind of email or check. */
  details: Record<string, number | string>;
  stackKilledAfterInvited: number;
  dynamodbKilledDuring: string;
  timingsSeconds: Record<string, number>;
  passed: boolean;
}

interface TransferAnswer {
  id: string;
  status: string;
  total: number;
  counts: Record<string, number>;
  elections: Record<string, number>;
  milestones: Array<{ kind: string; dueOn: string; status: string; sent?: number; reason?: string }>;
  failures?: Array<{ workflow: string; milestone?: string; error: string }>;
}

interface CaseAnswer {
  status: string;
  election?: { option: string; how: string };
  history?: Array<{ action: string }>;
  notifications?: Array<{ purpose: string; status?: string }>;
}

const emailKinds = {
  invitation: /^Choose your pension scheme by /,
  datesMoved: /^The dates of your move to /,
  defaultApplied: /^Pension scheme given to you: /,
  transferred: /^Your employment has moved to /,
  confirmation: /^Pension choice recorded: /,
} as const;
type EmailKind = keyof typeof emailKinds;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` says done; gives up at the deadline, or sooner once its progress figure has not moved
 * for `stallMs`. Answers whether it was done.
 */
async function pollProgress(
  deadlineMs: number,
  stallMs: number,
  check: () => Promise<{ done: boolean; progress: number }>,
): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  let lastProgress = Number.NaN;
  let movedAt = Date.now();
  for (;;) {
    const { done, progress } = await check();
    if (done) return true;
    if (progress !== lastProgress) {
      lastProgress = progress;
      movedAt = Date.now();
    }
    if (Date.now() > until || Date.now() - movedAt > stallMs) return false;
    await pause(1_000);
  }
}

async function inParallel<T>(
  items: readonly T[],
  atOnce: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(atOnce, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResults> {
  const log = options.log ?? (() => undefined);
  const phaseDeadlineMs = options.phaseDeadlineMs ?? 10 * 60_000;
  const stallMs = options.stallMs ?? 90_000;
  const gaveUp: string[] = [];
  const faults = options.faults ?? `ses:0.1,dynamodb:0.05,step-crash:0.02,seed=${options.seed}`;
  const random = seededRandom((options.seed * 7919 + 17) >>> 0);
  const timings: Record<string, number> = {};
  let phaseStarted = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - phaseStarted) / 100) / 10;
    phaseStarted = now;
    log(`${name}: ${timings[name]} s`);
  };

  const dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-chaos-'));
  const port = await freeLoopbackPort();
  const startStack = () =>
    startStackProcess({
      dataDir,
      port,
      faults,
      sweepIntervalSeconds: 2,
      onLine: (line) => {
        if (/failed|crash|stopped unexpectedly|back|could not/i.test(line)) log(`  [stack] ${line}`);
      },
    });
  let stack: StackProcess | undefined = await startStack();
  const desk: DeskClient = deskClient(() => stack?.baseUrl ?? `http://127.0.0.1:${port}`, {
    retryForMs: phaseDeadlineMs,
  });
  try {
    phase('start');
    const hrEmail = `hr.chaos.${options.seed}@example.org`;
    let hr = await desk.token('hr', hrEmail);
    const run = `c${options.seed}${Math.floor(random() * 1e6).toString(36)}`;
    const people = rosterRows(options.people, run);
    const today = await desk.today();
    const input = pensionTransferInput(today, addDays, `Chaos transfer ${run}`);
    const created = await desk.postRetrying(hr, '/api/transfers', input, [201]);
    const transferId = (created.json as { id: string }).id;
    const getTransfer = async () =>
      (await desk.get(hr, `/api/transfers/${transferId}`)).json as TransferAnswer;

    for (let start = 0; start < people.length; start += 5_000) {
      const chunk = people.slice(start, start + 5_000);
      const expectedTotal = start + chunk.length;
      for (let attempt = 1; ; attempt += 1) {
        const answer = await desk.postCsv(hr, `/api/transfers/${transferId}/staff`, rosterCsv(chunk));
        if (answer.status === 200) break;
        // An outage may have come after the rows were stored: the total says.
        if ((await getTransfer()).total >= expectedTotal) break;
        if (attempt >= 5 || answer.status !== 503) {
          throw new Error(`Importing the roster answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        }
      }
    }
    const imported = await getTransfer();
    if (imported.total !== people.length)
      throw new Error(`${imported.total} people imported of ${people.length}`);
    phase('import');

    // Launch, and kill the whole stack part-way through the invitations.
    const killAt = Math.max(1, Math.floor(people.length * (0.15 + random() * 0.7)));
    await desk.postRetrying(hr, `/api/transfers/${transferId}/launch`, {}, [202]);
    let invitedAtKill = 0;
    const reachedKillPoint = await pollProgress(phaseDeadlineMs, stallMs, async () => {
      const transfer = await getTransfer();
      invitedAtKill = people.length - (transfer.counts.imported ?? 0);
      return { done: invitedAtKill >= killAt, progress: invitedAtKill };
    });
    if (!reachedKillPoint) gaveUp.push('launch-before-kill');
    await stack.killHard();
    stack = undefined;
    log(`Killed the whole stack (kill -9) with about ${invitedAtKill} of ${people.length} invited`);
    phase('launch-until-kill');
    await waitForDynamoDbLocalGone(dataDir);
    stack = await startStack();
    hr = await desk.token('hr', hrEmail);
    // HR sees the launch unfinished and launches again (the contract: nothing is sent twice).
    await desk.postRetrying(hr, `/api/transfers/${transferId}/launch`, {}, [202, 409]);
    // Past the email claims' lifetime, so a claim the crash left with no known outcome may be tried again.
    await desk.moveClockTo(addDays(await desk.today(), 1));
    await desk.sweep();
    const allInvited = await pollProgress(phaseDeadlineMs, stallMs, async () => {
      const waiting = (await getTransfer()).counts.imported ?? 0;
      if (waiting > 0) await desk.sweep();
      return { done: waiting === 0, progress: waiting };
    });
    if (!allInvited) gaveUp.push('launch-after-restart');
    phase('launch-after-restart');

    // DynamoDB Local is killed once, in a phase chosen by the seed.
    const dynamodbPhases = ['choices', 'date-move', 'election-close'] as const;
    const dynamodbKillPhase = dynamodbPhases[Math.floor(random() * dynamodbPhases.length)] as string;
    const killDynamoDb = async (during: string) => {
      if (during !== dynamodbKillPhase) return;
      const pid = await killDynamoDbLocal(dataDir);
      log(`Killed DynamoDB Local (pid ${pid}, kill -9) during ${during}`);
    };

    // Choices: 30 % choose on the form; 5 % of everyone then changes their mind in a burst of concurrent changes.
    const invitationsByEmail = new Map<string, OutboxEmail>();
    for (const email of await desk.outbox()) {
      if (emailKinds.invitation.test(email.subject))
        for (const to of email.to) invitationsByEmail.set(to, email);
    }
    const order = shuffled(people, random);
    const choosers = order.slice(0, Math.round(people.length * 0.3));
    const changers = new Set(
      order.slice(0, Math.round(people.length * 0.05)).map((person) => person.employeeNumber),
    );
    const dynamodbKillAfter = Math.floor(random() * choosers.length);
    let formFailures = 0;
    // People whose form refused their choice as not possible now (e.g. emailed a link while not invited).
    const formRefusals = new Set<string>();
    const choose = async (person: RosterRowFixture, option: string, link: string): Promise<boolean> => {
      // Patient enough to outlast DynamoDB Local being started again (half a minute or more on a busy machine).
      for (let attempt = 1; attempt <= 12; attempt += 1) {
        // A connection dropped under load is a browser's "try again": whether the submission got through
        // shows in the person's history, which the measure reads.
        const form = await desk.openForm(link).catch(() => undefined);
        if (form?.status === 200 && form.csrf) {
          const answer = await desk
            .submitForm(
              link,
              { employeeNumber: person.employeeNumber, option, _csrf: form.csrf },
              form.cookie,
            )
            .catch(() => ({ status: 0, text: 'the connection was dropped' }));
          if (answer.status === 200 || answer.status === 303) return true;
          // A 409 is worth another go only when a concurrent change of the same person got in first.
          const raced = answer.status === 409 && answer.text.includes('changed while');
          if (answer.status === 409 && !raced) formRefusals.add(person.employeeNumber);
          if (![0, 502, 503].includes(answer.status) && !raced) return false;
        }
        await pause(1_000 * attempt);
      }
      return false;
    };
    await inParallel(choosers, 6, async (person, index) => {
      if (index === dynamodbKillAfter) await killDynamoDb('choices');
      const invitation = invitationsByEmail.get(person.email);
      const link = invitation ? pensionLinkIn(invitation) : undefined;
      if (!link) return;
      const first = random() < 0.5 ? 'LGPS' : 'NHSPS';
      if (!(await choose(person, first, link))) formFailures += 1;
      if (changers.has(person.employeeNumber)) {
        const burst = Array.from({ length: 4 }, (_, turn) => (turn % 2 === 0 ? 'NHSPS' : 'LGPS'));
        await Promise.all(burst.map((option) => choose(person, option, link)));
      }
    });
    phase('choices');

    // The transfer date moves once; everyone still in the transfer is told.
    await killDynamoDb('date-move');
    const newTransferDate = addDays(input.transferDate, 7);
    await desk.patch(hr, `/api/transfers/${transferId}`, { transferDate: newTransferDate }, [200]);
    await desk.sweep();
    phase('date-move');

    // The election closes: everyone who has not chosen is given the default.
    await killDynamoDb('election-close');
    await desk.moveClockTo(addDays(input.pension.electionClosesOn, 1));
    const closed = await pollProgress(phaseDeadlineMs, stallMs, async () => {
      const transfer = await getTransfer();
      if (transfer.status === 'launched') await desk.sweep();
      return { done: transfer.status !== 'launched', progress: transfer.counts.defaulted ?? 0 };
    });
    if (!closed) gaveUp.push('election-close');
    phase('election-close');

    // Transfer day.
    await desk.moveClockTo(newTransferDate);
    const completed = await pollProgress(phaseDeadlineMs, stallMs, async () => {
      const transfer = await getTransfer();
      if (transfer.status !== 'completed') await desk.sweep();
      return { done: transfer.status === 'completed', progress: transfer.counts.transferred ?? 0 };
    });
    if (!completed) gaveUp.push('transfer-day');
    phase('transfer-day');

    // Recovery: past every claim's lifetime, sweeps until nothing more starts.
    await waitUntilHealthy(stack.baseUrl, phaseDeadlineMs);
    let quiet = 0;
    for (let round = 0; round < 6 && quiet < 2; round += 1) {
      await desk.moveClockTo(addDays(await desk.today(), 1));
      quiet = (await desk.sweep()) === 0 ? quiet + 1 : 0;
    }
    phase('recovery');

    const results = await measure({
      desk,
      hr,
      hrEmail,
      transferId,
      people,
      changers,
      finalToday: await desk.today(),
    });
    phase('measure');
    const finalTransfer = await getTransfer();
    log(`Milestones at the end: ${JSON.stringify(finalTransfer.milestones.map((m) => [m.kind, m.status]))}`);
    const figures = {
      lost: results.lost,
      duplicates: results.duplicates,
      stuck: results.stuck,
      tallyMismatches: results.tallyMismatches,
      falseDone: results.falseDone,
    };
    return {
      people: options.people,
      seed: options.seed,
      faults,
      ...figures,
      details: {
        ...results.details,
        formSubmissionsThatNeverWent: formFailures,
        formRefused409: formRefusals.size,
        ...(gaveUp.length > 0 ? { phasesThatNeverFinished: gaveUp.join(', ') } : {}),
        ...(finalTransfer.failures?.length
          ? {
              workflowFailuresShown: finalTransfer.failures
                .map((failure) => `${failure.milestone ?? failure.workflow}: ${failure.error}`)
                .join('; '),
            }
          : {}),
      },
      stackKilledAfterInvited: invitedAtKill,
      dynamodbKilledDuring: dynamodbKillPhase,
      timingsSeconds: timings,
      passed: Object.values(figures).every((figure) => figure === 0),
    };
  } finally {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface MeasureInput {
  desk: DeskClient;
  hr: string;
  hrEmail: string;
  transferId: string;
  people: RosterRowFixture[];
  changers: Set<string>;
  finalToday: string;
}

async function measure({ desk, hr, hrEmail, transferId, people, changers, finalToday }: MeasureInput) {
  const details: Record<string, number> = {};
  const add = (key: string, count = 1) => {
    details[key] = (details[key] ?? 0) + count;
  };
  const transfer = (await desk.get(hr, `/api/transfers/${transferId}`)).json as TransferAnswer;
  const outbox = await desk.outbox();
  const byAddress = new Map<string, Record<EmailKind, number>>();
  for (const person of people) {
    byAddress.set(person.email, {
      invitation: 0,
      datesMoved: 0,
      defaultApplied: 0,
      transferred: 0,
      confirmation: 0,
    });
  }
  for (const email of outbox) {
    for (const to of email.to) {
      const counts = byAddress.get(to);
      if (!counts) continue;
      for (const [kind, pattern] of Object.entries(emailKinds) as Array<[EmailKind, RegExp]>) {
        if (pattern.test(email.subject)) counts[kind] += 1;
      }
    }
  }

  // Per-case records, one page at a time.
  const cases = new Map<string, { status: string; option?: string; how?: string }>();
  let next: string | undefined;
  do {
    const page = (
      await desk.get(
        hr,
        `/api/transfers/${transferId}/staff${next ? `?next=${encodeURIComponent(next)}` : ''}`,
      )
    ).json as {
      items: Array<{ employeeNumber: string; status: string; election?: { option: string; how?: string } }>;
      next?: string;
    };
    for (const item of page.items) {
      cases.set(item.employeeNumber, {
        status: item.status,
        ...(item.election ? { option: item.election.option, how: item.election.how ?? '' } : {}),
      });
    }
    next = page.next;
  } while (next);
  const csvText = (await desk.get(hr, `/api/transfers/${transferId}/elections.csv`)).text;
  const rows = parse(csvText, { columns: true, bom: true }) as Array<Record<string, string>>;
  const csvByPerson = new Map(
    rows.map((row) => [row.employeeNumber ?? '', row.option ?? row.electionOption ?? '']),
  );
  const staffChosen = new Set(
    rows.filter((row) => row.how === 'staff').map((row) => row.employeeNumber ?? ''),
  );

  let lost = 0;
  let duplicates = 0;
  let falseDone = 0;
  const once = (counts: Record<EmailKind, number>, kind: EmailKind, expected: boolean) => {
    if (expected && counts[kind] === 0) {
      lost += 1;
      add(`lost.${kind}`);
    }
    if (counts[kind] > 1) {
      duplicates += counts[kind] - 1;
      add(`duplicates.${kind}`, counts[kind] - 1);
    }
  };
  const confirmationChecks: RosterRowFixture[] = [];
  for (const person of people) {
    const counts = byAddress.get(person.email) as Record<EmailKind, number>;
    const record = cases.get(person.employeeNumber);
    once(counts, 'invitation', true);
    once(counts, 'datesMoved', true);
    once(counts, 'defaultApplied', !staffChosen.has(person.employeeNumber));
    once(counts, 'transferred', true);
    // The record says the person was invited (or beyond) but no invitation ever reached them.
    if (record && record.status !== 'imported' && counts.invitation === 0) {
      falseDone += 1;
      add('falseDone.recordedInvitedWithoutEmail');
    }
    if (staffChosen.has(person.employeeNumber) || counts.confirmation > 0) confirmationChecks.push(person);
  }

  // Every recorded change by the person gets exactly one confirmation.
  await inParallelChecks(confirmationChecks, async (person) => {
    const staffCase = (await desk.get(hr, `/api/transfers/${transferId}/staff/${person.employeeNumber}`))
      .json as CaseAnswer;
    const recorded = (staffCase.history ?? []).filter((event) => event.action.startsWith('elect')).length;
    const received = (byAddress.get(person.email) as Record<EmailKind, number>).confirmation;
    if (received < recorded) {
      lost += recorded - received;
      add('lost.confirmation', recorded - received);
    }
    if (received > recorded) {
      duplicates += received - recorded;
      add('duplicates.confirmation', received - recorded);
    }
    if (changers.has(person.employeeNumber)) add('changesRecordedByChangers', recorded);
  });

  // Tallies: the API's, the per-case records' and elections.csv's, per option and per person.
  let tallyMismatches = 0;
  const caseTally: Record<string, number> = {};
  const csvTally: Record<string, number> = {};
  for (const [employeeNumber, record] of cases) {
    if (record.option) caseTally[record.option] = (caseTally[record.option] ?? 0) + 1;
    const inCsv = csvByPerson.get(employeeNumber);
    if ((record.option ?? '') !== (inCsv ?? '')) {
      tallyMismatches += 1;
      add('tallyMismatches.personCaseVsCsv');
    }
  }
  for (const option of csvByPerson.values()) if (option) csvTally[option] = (csvTally[option] ?? 0) + 1;
  for (const option of new Set([
    ...Object.keys(transfer.elections ?? {}),
    ...Object.keys(caseTally),
    ...Object.keys(csvTally),
  ])) {
    const api = transfer.elections?.[option] ?? 0;
    if (api !== (caseTally[option] ?? 0) || api !== (csvTally[option] ?? 0)) {
      tallyMismatches += 1;
      add(`tallyMismatches.${option}`);
      add(`tally.${option}.api`, api);
      add(`tally.${option}.cases`, caseTally[option] ?? 0);
      add(`tally.${option}.csv`, csvTally[option] ?? 0);
    }
  }

  // Milestones: due ones must be done or skipped, or failed with HR told; a done one must have done its work.
  const hrEmails = outbox.filter((email) => email.to.includes(hrEmail));
  let stuck = 0;
  const missingFor: Record<string, EmailKind | undefined> = {
    'election-closes': 'defaultApplied',
    'transfer-day': 'transferred',
  };
  for (const milestone of transfer.milestones ?? []) {
    const due = milestone.dueOn <= finalToday;
    const reported =
      milestone.status === 'failed' &&
      hrEmails.some((email) => email.text.includes(milestone.kind) || /fail/i.test(email.subject));
    if (due && !['done', 'skipped', 'cancelled'].includes(milestone.status) && !reported) {
      stuck += 1;
      add(`stuck.${milestone.kind}.${milestone.status}`);
    }
    const kind = missingFor[milestone.kind];
    if (milestone.status === 'done' && kind && (details[`lost.${kind}`] ?? 0) > 0) {
      falseDone += 1;
      add(`falseDone.${milestone.kind}`);
    }
  }
  if (transfer.status === 'completed' && (details['lost.transferred'] ?? 0) > 0) {
    falseDone += 1;
    add('falseDone.transferCompletedWithPeopleNotTold');
  }
  add('emailsInOutbox', outbox.length);
  return { lost, duplicates, stuck, tallyMismatches, falseDone, details };
}

async function inParallelChecks<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  await inParallel(items, 6, async (item) => work(item));
}
