import { describe, expect, it } from 'vitest';
import type { TransferRepository } from '../../../functions/adapters/transfer-repository.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';
import type { MilestoneKind, Transfer } from '../../../functions/domain/transfer.ts';
import { milestonesOf } from '../../../functions/domain/transfer-rules.ts';
import { notifier } from '../../../functions/services/notifier.ts';
import { sweeper } from '../../../functions/services/sweep.ts';
import {
  InMemoryTransferStore,
  inMemoryEmailLedger,
  inMemoryTimerRepository,
  inMemoryTransferRepository,
  noMetrics,
  plainRender,
  recordingMailer,
  recordingMetrics,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock, pensionOptions, storedTransfer } from '../../fixtures/domain/transfers.ts';

/** Election closes at the end of 15 September (22:59:59.999Z); transfer day starts 30 September 23:00Z. */
const electionClosesAt = '2026-09-15T23:00:00.000Z';
const transferDayStartsAt = '2026-09-30T23:00:00.000Z';

/** The milestones that move a transfer on; the reminders (due 3 and 8 September) are left out where a test is about these. */
const stateChanging: readonly MilestoneKind[] = ['election-closes', 'transfer-day'];

function launchedTransfer(
  store: InMemoryTransferStore,
  overrides: Partial<Transfer> = {},
  kinds: readonly MilestoneKind[] = stateChanging,
): Transfer {
  const transfer = storedTransfer({ nextRosterIndex: 10, ...overrides });
  store.putTransfer(transfer);
  store.putMilestones(
    transfer.id,
    milestonesOf(transfer).filter((milestone) => kinds.includes(milestone.kind)),
  );
  return transfer;
}

const withReminders: readonly MilestoneKind[] = [
  'election-reminder',
  'liability-information-due',
  ...stateChanging,
];

/** A milestone whose run failed and whose retry is not due yet (it is not what these tests are about). */
const failedAwaitingRetry = {
  status: 'failed',
  failedAt: '2026-09-01T00:00:00.000Z',
  retryAt: '2027-01-01T00:00:00.000Z',
  attempt: 1,
} as const;

function sweepWithFakes(now: string, overrides: Partial<TransferRepository> = {}) {
  const store = new InMemoryTransferStore();
  const transfers = { ...inMemoryTransferRepository(store), ...overrides };
  const starter = recordingWorkflowStarter();
  const clock = fixedClock(now);
  const timers = inMemoryTimerRepository();
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer();
  const notify = notifier({ ledger, send: mailer.send, render: plainRender, clock, recordMetric: noMetrics });
  const publicBaseUrl = () => 'https://transfer-desk.example.org';
  const timerOwner = async () => ({ title: 'Catering contract', createdBy: 'hr.owner@example.org' });
  const metrics = recordingMetrics();
  const sweep = sweeper({
    transfers,
    timers,
    startWorkflow: starter.start,
    describeRun: starter.describe,
    clock,
    notify,
    timerOwner,
    publicBaseUrl,
    recordMetric: metrics.recordMetric,
  });
  return {
    store,
    transfers,
    timers,
    starter,
    clock,
    sweep,
    ledger,
    mailer,
    notify,
    timerOwner,
    publicBaseUrl,
    metrics,
  };
}

describe('Function: sweeper', () => {
  it('starts a due milestone named by transfer id, kind and due date, with ids only as input', async () => {
    // Prepare
    const { store, starter, sweep } = sweepWithFakes(electionClosesAt);
    const transfer = launchedTransfer(store);

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started).toEqual([
      {
        workflow: 'close-election',
        name: `${transfer.id}-election-closes-2026-09-15`,
        input: { transferId: transfer.id, milestone: 'election-closes' },
      },
    ]);
    expect(result).toEqual({
      started: 1,
      executionArns: [
        `arn:aws:states:eu-west-2:123456789012:execution:close-election:${transfer.id}-election-closes-2026-09-15`,
      ],
      waiting: 0,
      reported: 0,
      stopped: 0,
    });
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'running',
      executionName: `${transfer.id}-election-closes-2026-09-15`,
    });
  });

  it('starts nothing a millisecond before a milestone is due', async () => {
    // Prepare
    const { store, starter, sweep } = sweepWithFakes(
      new Date(Date.parse(electionClosesAt) - 1).toISOString(),
    );
    launchedTransfer(store);

    // Act
    const result = await sweep();

    // Assess
    expect(result).toEqual({ started: 0, executionArns: [], waiting: 0, reported: 0, stopped: 0 });
    expect(starter.calls).toBe(0);
  });

  it('starts each due milestone once however often it sweeps', async () => {
    // Prepare
    const { store, starter, sweep } = sweepWithFakes(electionClosesAt);
    launchedTransfer(store);

    // Act
    const first = await sweep();
    const second = await sweep();

    // Assess
    expect(first.started).toBe(1);
    expect(second.started).toBe(0);
    expect(starter.calls).toBe(1);
  });

  it('records SweepLag once a sweep: how many seconds late the oldest due item it started was', async () => {
    // Prepare: the election closes at 00:00 London on 16 September; a contract reminder fell due a day earlier
    const ninetySecondsLate = new Date(Date.parse(electionClosesAt) + 90_000).toISOString();
    const { store, timers, sweep, metrics } = sweepWithFakes(ninetySecondsLate);
    launchedTransfer(store);
    await timers.putOnce(
      pendingTimer('contract', '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55', 'renewal-reminder', '2026-09-15', 30),
    );

    // Act
    const result = await sweep();

    // Assess
    expect(result.started).toBe(2);
    expect(metrics.valuesOf('SweepLag')).toEqual([24 * 60 * 60 + 90]);
  });

  it('records no SweepLag for a sweep that starts nothing: too early, or a repeated sweep', async () => {
    // Prepare
    const early = sweepWithFakes(new Date(Date.parse(electionClosesAt) - 1).toISOString());
    launchedTransfer(early.store);
    const onTime = sweepWithFakes(electionClosesAt);
    launchedTransfer(onTime.store);

    // Act
    await early.sweep();
    await onTime.sweep();
    await onTime.sweep();

    // Assess
    expect(early.metrics.recorded).toEqual([]);
    expect(onTime.metrics.recorded).toEqual([{ metric: 'SweepLag', value: 0 }]);
  });

  it('does not count a milestone someone moved before it could be marked started', async () => {
    // Prepare
    const { store, sweep } = sweepWithFakes(electionClosesAt, { markMilestoneStarted: async () => false });
    launchedTransfer(store);

    // Act
    const result = await sweep();

    // Assess
    expect(result.started).toBe(0);
    expect(result.executionArns).toEqual([]);
  });

  it("keeps a transfer's transfer day waiting while its election has not closed, then starts it", async () => {
    // Prepare: a sweep long after both are due (the local clock moved forward).
    const { store, transfers, starter, sweep } = sweepWithFakes('2026-10-02T09:00:00.000Z');
    const transfer = launchedTransfer(store);

    // Act
    const first = await sweep();
    const whileRunning = await sweep();
    await transfers.finishMilestone(
      transfer.id,
      'election-closes',
      { from: 'launched', to: 'election-closed' },
      '2026-10-02T09:01:00.000Z',
    );
    const afterClosing = await sweep();

    // Assess
    expect([first, whileRunning, afterClosing].map(({ started, waiting }) => ({ started, waiting }))).toEqual(
      [
        { started: 1, waiting: 1 },
        { started: 0, waiting: 1 },
        { started: 1, waiting: 0 },
      ],
    );
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-election-closes-2026-09-15`,
      `${transfer.id}-transfer-day-2026-10-01`,
    ]);
  });

  it('keeps transfer day waiting after the election failed, so nobody moves without a default', async () => {
    // Prepare
    const { store, starter, sweep } = sweepWithFakes(transferDayStartsAt);
    const transfer = launchedTransfer(store);
    const electionCloses = store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (electionCloses) Object.assign(electionCloses, failedAwaitingRetry);

    // Act
    const result = await sweep();

    // Assess
    expect(result).toEqual({ started: 0, executionArns: [], waiting: 1, reported: 0, stopped: 0 });
    expect(starter.calls).toBe(0);
  });

  it('keeps transfer day waiting when the election closes at the very instant transfer day starts', async () => {
    // Prepare: the election closes at the end of the day before the transfer date.
    const { store, starter, sweep } = sweepWithFakes(transferDayStartsAt);
    const transfer = launchedTransfer(store, {
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-09-30' },
    });

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-election-closes-2026-09-30`,
    ]);
    expect(result.waiting).toBe(1);
  });

  it("does not hold one transfer's milestone back for another transfer's unfinished one", async () => {
    // Prepare
    const { store, transfers, starter, sweep } = sweepWithFakes('2026-10-02T09:00:00.000Z');
    const busy = launchedTransfer(store);
    const ready = launchedTransfer(store, { transferDate: '2026-10-02' });
    await transfers.finishMilestone(
      ready.id,
      'election-closes',
      { from: 'launched', to: 'election-closed' },
      '2026-09-16T09:00:00.000Z',
    );

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started.map((execution) => execution.name).sort()).toEqual(
      [`${busy.id}-election-closes-2026-09-15`, `${ready.id}-transfer-day-2026-10-02`].sort(),
    );
    expect(result).toMatchObject({ started: 2, waiting: 1 });
  });
  it('starts each reminder with its own workflow at the start of its London day', async () => {
    // Prepare: liability information due Thursday 3 September, election reminder Tuesday 8 September.
    const { store, starter, sweep } = sweepWithFakes('2026-09-07T23:00:00.000Z');
    const transfer = launchedTransfer(store, {}, withReminders);

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started).toEqual([
      {
        workflow: 'remind-liability-information',
        name: `${transfer.id}-liability-information-due-2026-09-03`,
        input: { transferId: transfer.id, milestone: 'liability-information-due' },
      },
      {
        workflow: 'send-election-reminders',
        name: `${transfer.id}-election-reminder-2026-09-08`,
        input: { transferId: transfer.id, milestone: 'election-reminder' },
      },
    ]);
    expect(result).toMatchObject({ started: 2, waiting: 0, reported: 0, stopped: 0 });
  });

  it('starts a reminder while an earlier reminder of the same transfer is unfinished or failed', async () => {
    // Prepare
    const { store, starter, sweep } = sweepWithFakes('2026-09-08T09:00:00.000Z');
    const transfer = launchedTransfer(store, {}, withReminders);
    const liability = store.milestoneItems.get(transfer.id)?.get('liability-information-due');
    if (liability) Object.assign(liability, failedAwaitingRetry);

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-election-reminder-2026-09-08`,
    ]);
    expect(result).toMatchObject({ started: 1, waiting: 0, reported: 0, stopped: 0 });
  });

  it('does not hold the election closing or transfer day back for a failed or unfinished reminder', async () => {
    // Prepare: long after everything is due; the election reminder failed, the liability one still runs.
    const { store, transfers, starter, sweep } = sweepWithFakes('2026-10-02T09:00:00.000Z');
    const transfer = launchedTransfer(store, {}, withReminders);
    const electionReminder = store.milestoneItems.get(transfer.id)?.get('election-reminder');
    if (electionReminder) Object.assign(electionReminder, failedAwaitingRetry);

    // Act
    const first = await sweep();
    await transfers.finishMilestone(
      transfer.id,
      'election-closes',
      { from: 'launched', to: 'election-closed' },
      '2026-10-02T09:01:00.000Z',
    );
    const afterClosing = await sweep();

    // Assess: the liability reminder is still `started` when transfer day starts.
    expect(store.milestoneItems.get(transfer.id)?.get('liability-information-due')?.status).toBe('running');
    expect([first, afterClosing].map(({ started, waiting }) => ({ started, waiting }))).toEqual([
      { started: 2, waiting: 1 },
      { started: 1, waiting: 0 },
    ]);
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-liability-information-due-2026-09-03`,
      `${transfer.id}-election-closes-2026-09-15`,
      `${transfer.id}-transfer-day-2026-10-01`,
    ]);
  });
});

describe('Function: sweeper (consultation and contract timers)', () => {
  const consultationId = '5a4f0c52-7a43-4d8e-9a43-0c1e8d2d7b11';
  const contractId = '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55';

  it('starts a due contract reminder with ids only, named by contract, timer and day', async () => {
    // Prepare
    const { timers, starter, sweep } = sweepWithFakes('2026-10-01T09:00:00.000Z');
    await timers.putOnce(pendingTimer('contract', contractId, 'renewal-reminder', '2026-10-01', 30));

    // Act
    const result = await sweep();

    // Assess
    expect(starter.started).toEqual([
      {
        workflow: 'send-renewal-reminder',
        name: `${contractId}-renewal-reminder-30-2026-10-01`,
        input: { contractId, timer: 'renewal-reminder#30' },
      },
    ]);
    expect(result.started).toBe(1);
    expect((await timers.forOwner('contract', contractId))[0]).toMatchObject({
      status: 'running',
      executionName: `${contractId}-renewal-reminder-30-2026-10-01`,
    });
  });

  it('starts nothing before a timer is due and starts a due one once however often it sweeps', async () => {
    // Prepare: due at 00:00 London on 1 October (23:00Z on 30 September, British Summer Time).
    const early = sweepWithFakes('2026-09-30T22:59:59.999Z');
    const due = sweepWithFakes('2026-09-30T23:00:00.000Z');
    for (const { timers } of [early, due]) {
      await timers.putOnce(pendingTimer('consultation', consultationId, 'consultation-opens', '2026-10-01'));
    }

    // Act
    const before = await early.sweep();
    const first = await due.sweep();
    const second = await due.sweep();

    // Assess
    expect(before.started).toBe(0);
    expect([first.started, second.started]).toEqual([1, 0]);
    expect(due.starter.started).toEqual([
      {
        workflow: 'open-consultation',
        name: `${consultationId}-consultation-opens-2026-10-01`,
        input: { consultationId, timer: 'consultation-opens' },
      },
    ]);
  });

  it("runs one consultation's timers in date order: the close waits while the opening is unfinished", async () => {
    // Prepare: a clock jump leaves the opening, the reminder and the close all due at once.
    const { timers, starter, sweep } = sweepWithFakes('2026-11-05T12:00:00.000Z');
    await timers.putOnce(pendingTimer('consultation', consultationId, 'consultation-opens', '2026-10-01'));
    await timers.putOnce(pendingTimer('consultation', consultationId, 'consultation-reminder', '2026-10-22'));
    await timers.putOnce(pendingTimer('consultation', consultationId, 'consultation-closes', '2026-10-30'));

    // Act
    const first = await sweep();
    const whileOpening = await sweep();
    await timers.finish('consultation', consultationId, 'consultation-opens', '2026-11-05T12:01:00.000Z');
    const afterOpening = await sweep();

    // Assess
    expect(first).toMatchObject({ started: 1, waiting: 2 });
    expect(whileOpening).toMatchObject({ started: 0, waiting: 2 });
    expect(afterOpening).toMatchObject({ started: 1, waiting: 1 });
    expect(starter.started.map((execution) => execution.workflow)).toEqual([
      'open-consultation',
      'remind-consultation',
    ]);
  });

  it("does not hold one contract's timers back for another's", async () => {
    // Prepare
    const otherContractId = '9b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
    const { timers, starter, sweep } = sweepWithFakes('2026-10-02T12:00:00.000Z');
    await timers.putOnce(pendingTimer('contract', contractId, 'renewal-reminder', '2026-10-01', 60));
    await timers.putOnce(pendingTimer('contract', otherContractId, 'renewal-reminder', '2026-10-02', 30));

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ started: 2, waiting: 0, reported: 0, stopped: 0 });
    expect(starter.started.map((execution) => execution.input)).toEqual([
      { contractId, timer: 'renewal-reminder#60' },
      { contractId: otherContractId, timer: 'renewal-reminder#30' },
    ]);
  });

  it('leaves a timer pending for the next sweep when its workflow cannot be started', async () => {
    // Prepare
    const { timers, sweep, notify, timerOwner, starter, publicBaseUrl } = sweepWithFakes(
      '2026-10-02T12:00:00.000Z',
      {},
    );
    await timers.putOnce(pendingTimer('contract', contractId, 'renewal-escalation', '2026-10-02'));
    const failing = sweeper({
      notify,
      timerOwner,
      describeRun: starter.describe,
      publicBaseUrl,
      transfers: inMemoryTransferRepository(new InMemoryTransferStore()),
      timers,
      startWorkflow: async () => {
        throw new Error('Step Functions is unavailable');
      },
      clock: fixedClock('2026-10-02T12:00:00.000Z'),
      recordMetric: noMetrics,
    });

    // Act
    const outcome = await failing().catch((error: unknown) => error);
    const retried = await sweep();

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect(retried.started).toBe(1);
  });
});

describe('Function: sweeper (failed milestones)', () => {
  /** The election closing ran once (attempt 1) and failed at 09:00. */
  const failedAt = '2026-09-16T09:00:00.000Z';
  const minutesAfterFailure = (minutes: number) =>
    new Date(new Date(failedAt).getTime() + minutes * 60_000).toISOString();

  async function failedElection(now: string) {
    const fakes = sweepWithFakes(now);
    const transfer = launchedTransfer(fakes.store);
    const closing = fakes.store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (closing) Object.assign(closing, { status: 'running', startedAt: transfer.createdAt, attempt: 1 });
    await fakes.transfers.recordFailure(transfer.id, {
      workflow: 'close-election',
      milestone: 'election-closes',
      error: 'ProvisionedThroughputExceededException',
      at: failedAt,
    });
    return { ...fakes, transfer };
  }

  it('marks a failed milestone failed with its reason and a retry 15 minutes after the failure', async () => {
    // Act
    const { store, transfer } = await failedElection(failedAt);

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'failed',
      reason: 'ProvisionedThroughputExceededException',
      failedAt,
      attempt: 1,
      retryAt: minutesAfterFailure(15),
    });
  });

  it('starts nothing before the backoff has passed, then runs it again under a new execution name', async () => {
    // Prepare
    const { transfer, starter, clock, sweep } = await failedElection(minutesAfterFailure(14));

    // Act
    const early = await sweep();
    clock.set(minutesAfterFailure(15));
    const due = await sweep();
    const again = await sweep();

    // Assess
    expect(early).toMatchObject({ started: 0, reported: 0, stopped: 0 });
    expect(due).toMatchObject({ started: 1, reported: 0, stopped: 0 });
    expect(again).toMatchObject({ started: 0, reported: 0, stopped: 0 });
    expect(starter.started).toEqual([
      {
        workflow: 'close-election',
        name: `${transfer.id}-election-closes-2026-09-15-a2`,
        input: { transferId: transfer.id, milestone: 'election-closes' },
      },
    ]);
  });

  it('backs off 15 minutes, 1 hour and 4 hours from each failure, then tells HR once by email', async () => {
    // Prepare
    const { store, transfers, transfer, starter, clock, sweep, mailer } = await failedElection(failedAt);
    const waits = [15, 60, 240];
    let failureAt = new Date(failedAt).getTime();
    const startedAt: string[] = [];

    // Act: each run fails again when it starts
    for (const wait of waits) {
      clock.set(new Date(failureAt + (wait - 1) * 60_000));
      expect((await sweep()).started).toBe(0);
      clock.set(new Date(failureAt + wait * 60_000));
      expect((await sweep()).started).toBe(1);
      startedAt.push(clock.now().toISOString());
      failureAt = clock.now().getTime() + 60_000;
      await transfers.recordFailure(transfer.id, {
        workflow: 'close-election',
        milestone: 'election-closes',
        error: 'ProvisionedThroughputExceededException',
        at: new Date(failureAt).toISOString(),
      });
    }
    clock.set(new Date(failureAt + 24 * 60 * 60_000));
    const told = await sweep();
    const later = await sweep();

    // Assess
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-election-closes-2026-09-15-a2`,
      `${transfer.id}-election-closes-2026-09-15-a3`,
      `${transfer.id}-election-closes-2026-09-15-a4`,
    ]);
    expect(told).toMatchObject({ started: 0, reported: 1 });
    expect(later).toMatchObject({ started: 0, reported: 0, stopped: 0 });
    const record = store.milestoneItems.get(transfer.id)?.get('election-closes');
    expect(record).toMatchObject({ status: 'failed', attempt: 4, hrToldAt: clock.now().toISOString() });
    expect(record?.retryAt).toBeUndefined();
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toBe(transfer.createdBy);
    expect(JSON.parse(mailer.sent[0]?.text ?? '{}')).toMatchObject({
      kind: 'milestone-failed',
      milestone: 'election-closes',
      attempts: 4,
      reason: 'ProvisionedThroughputExceededException',
    });
  });

  it('tells HR only once even when the email is sent and the record of it fails, then a sweep repeats', async () => {
    // Prepare: the election closing failed on its fourth run, so its retries are used up
    const { store, transfers, transfer, mailer, sweep } = await failedElection(failedAt);
    const closing = store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (closing) Object.assign(closing, { status: 'running', attempt: 4 });
    await transfers.recordFailure(transfer.id, {
      workflow: 'close-election',
      milestone: 'election-closes',
      error: 'States.Timeout',
      at: failedAt,
    });
    const markHrTold = transfers.markHrTold;
    transfers.markHrTold = async () => {
      throw new Error('DynamoDB is unavailable');
    };

    // Act
    const first = await sweep().catch((error: unknown) => error);
    transfers.markHrTold = markHrTold;
    const second = await sweep();

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(second).toMatchObject({ reported: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('counts a retry whose workflow cannot be started as a failed run, so the backoff goes on', async () => {
    // Prepare
    const { store, transfers, timers, transfer, clock, notify, timerOwner, starter, publicBaseUrl } =
      await failedElection(minutesAfterFailure(15));
    const failing = sweeper({
      transfers,
      timers,
      clock,
      notify,
      timerOwner,
      describeRun: starter.describe,
      publicBaseUrl,
      startWorkflow: async () => {
        throw new Error('Step Functions is unavailable');
      },
      recordMetric: noMetrics,
    });

    // Act
    const outcome = await failing().catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'failed',
      attempt: 2,
      reason: 'WorkflowNotStarted',
      retryAt: minutesAfterFailure(15 + 60),
    });
  });
});

describe('Function: sweeper (runs HR started: date changes and the cancellation)', () => {
  const startedAt = '2026-06-01T10:00:00.000Z';
  const minutesAfter = (minutes: number) =>
    new Date(new Date(startedAt).getTime() + minutes * 60_000).toISOString();

  it("reruns a failed date change's run after the backoff, for the same change under its own name", async () => {
    // Prepare: change 2's run failed (a crashed step left its email claims held)
    const { store, transfers, starter, clock, sweep } = sweepWithFakes(startedAt);
    const transfer = launchedTransfer(store, { dateChanges: 2 });
    store.putMilestones(transfer.id, [
      {
        kind: 'date-change',
        dueOn: '2026-06-01',
        dueAt: startedAt,
        status: 'running',
        startedAt,
        attempt: 1,
        change: 2,
        executionName: `${transfer.id}-date-change-2`,
      },
    ]);
    await transfers.recordFailure(transfer.id, {
      workflow: 'notify-date-change',
      milestone: 'date-change',
      error: 'EmailClaimHeldError',
      at: startedAt,
    });

    // Act
    const early = await sweep();
    clock.set(minutesAfter(15));
    const due = await sweep();

    // Assess
    expect(early).toMatchObject({ started: 0 });
    expect(due).toMatchObject({ started: 1 });
    expect(starter.started).toEqual([
      {
        workflow: 'notify-date-change',
        name: `${transfer.id}-date-change-2-a2`,
        input: { transferId: transfer.id, milestone: 'date-change', change: 2 },
      },
    ]);
    expect(store.milestoneItems.get(transfer.id)?.get('date-change')).toMatchObject({
      status: 'running',
      attempt: 2,
      change: 2,
    });
  });

  it('marks a cancellation whose run died unrecorded failed, then reruns it', async () => {
    // Prepare: the stack was killed while the cancellation ran
    const { store, starter, clock, sweep } = sweepWithFakes(minutesAfter(6));
    const transfer = launchedTransfer(store, { status: 'cancelled' });
    const firstRun = `${transfer.id}-cancel`;
    store.putMilestones(transfer.id, [
      {
        kind: 'cancel',
        dueOn: '2026-06-01',
        dueAt: startedAt,
        status: 'running',
        startedAt,
        attempt: 1,
        executionName: firstRun,
      },
    ]);
    await starter.start('cancel-transfer', firstRun, { transferId: transfer.id, milestone: 'cancel' });
    starter.end(firstRun, 'FAILED');

    // Act
    const found = await sweep();
    clock.set(minutesAfter(6 + 15));
    const retried = await sweep();

    // Assess
    expect(found).toMatchObject({ stopped: 1 });
    expect(retried).toMatchObject({ started: 1 });
    expect(starter.started.at(-1)).toEqual({
      workflow: 'cancel-transfer',
      name: `${firstRun}-a2`,
      input: { transferId: transfer.id, milestone: 'cancel' },
    });
  });
});

describe('Function: sweeper (runs that stopped without recording their outcome)', () => {
  const minutesAfter = (at: string, minutes: number) =>
    new Date(new Date(at).getTime() + minutes * 60_000).toISOString();
  const closingRun = (transferId: string) => `${transferId}-election-closes-2026-09-15`;

  /** The election closing started by the sweep at its due time: RUNNING in Step Functions. */
  async function runningElection() {
    const fakes = sweepWithFakes(electionClosesAt);
    const transfer = launchedTransfer(fakes.store);
    await fakes.sweep();
    return { ...fakes, transfer };
  }

  it.each(['FAILED', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED'] as const)(
    'marks a running milestone whose execution ended %s failed, then reruns it under a new name',
    async (state) => {
      // Prepare
      const { store, starter, clock, sweep, transfer } = await runningElection();
      starter.end(closingRun(transfer.id), state);
      const foundAt = minutesAfter(electionClosesAt, 6);
      clock.set(foundAt);

      // Act
      const found = await sweep();
      const record = { ...store.milestoneItems.get(transfer.id)?.get('election-closes') };
      clock.set(minutesAfter(foundAt, 15));
      const retried = await sweep();

      // Assess
      expect(found).toMatchObject({ started: 0, stopped: 1 });
      expect(record).toMatchObject({
        status: 'failed',
        reason: 'RunStoppedUnrecorded',
        failedAt: foundAt,
        attempt: 1,
        retryAt: minutesAfter(foundAt, 15),
      });
      expect(retried).toMatchObject({ started: 1, stopped: 0 });
      expect(starter.started.map((execution) => execution.name)).toEqual([
        closingRun(transfer.id),
        `${closingRun(transfer.id)}-a2`,
      ]);
      expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
        status: 'running',
        attempt: 2,
      });
    },
  );

  it('leaves a running milestone whose execution is still RUNNING as it is', async () => {
    // Prepare
    const { store, starter, clock, sweep, transfer } = await runningElection();
    clock.set(minutesAfter(electionClosesAt, 60));

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ started: 0, stopped: 0 });
    expect(starter.described).toEqual([closingRun(transfer.id)]);
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'running',
      attempt: 1,
    });
  });

  it('does not ask about a run younger than five minutes', async () => {
    // Prepare
    const { store, starter, clock, sweep, transfer } = await runningElection();
    starter.end(closingRun(transfer.id), 'ABORTED');
    clock.set(new Date(Date.parse(minutesAfter(electionClosesAt, 5)) - 1));

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ started: 0, stopped: 0 });
    expect(starter.described).toEqual([]);
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')?.status).toBe('running');
  });

  it('counts an execution Step Functions does not know as ended: a launch whose run was never started resumes', async () => {
    // Prepare: the launch's record says running, but its starter died before starting the execution
    const launchedAt = '2026-09-01T09:00:00.000Z';
    const { store, transfers, starter, clock, sweep } = sweepWithFakes(launchedAt);
    const transfer = storedTransfer({ nextRosterIndex: 10, status: 'draft' });
    store.putTransfer(transfer);
    await transfers.markLaunched(transfer.id, [], launchedAt, 'hr.user@example.org');
    clock.set(minutesAfter(launchedAt, 10));

    // Act
    const found = await sweep();
    clock.set(minutesAfter(launchedAt, 25));
    const retried = await sweep();

    // Assess
    expect(starter.described).toEqual([`${transfer.id}-launch`]);
    expect(found).toMatchObject({ stopped: 1, started: 0 });
    expect(retried).toMatchObject({ stopped: 0, started: 1 });
    expect(starter.started).toEqual([
      {
        workflow: 'launch-transfer',
        name: `${transfer.id}-launch-a2`,
        input: { transferId: transfer.id, milestone: 'launch' },
      },
    ]);
  });

  it('starts due work before asking about old runs, so a Step Functions outage there holds nothing back', async () => {
    // Prepare: the election closing has been running for an hour, and a reminder is due now
    const { store, starter, clock, notify, timerOwner, transfers, timers, publicBaseUrl, transfer } =
      await runningElection();
    const anHourLater = minutesAfter(electionClosesAt, 60);
    store.putMilestones(transfer.id, [
      { kind: 'election-reminder', dueOn: '2026-09-16', dueAt: anHourLater, status: 'pending' },
    ]);
    clock.set(anHourLater);
    const unreachable = sweeper({
      transfers,
      timers,
      startWorkflow: starter.start,
      describeRun: async () => {
        throw new Error('Step Functions is unavailable');
      },
      clock,
      notify,
      timerOwner,
      publicBaseUrl,
      recordMetric: noMetrics,
    });

    // Act
    const outcome = await unreachable().catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect(starter.started.map((execution) => execution.workflow)).toContain('send-election-reminders');
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')?.status).toBe('running');
  });

  it('leaves a run that was rerun meanwhile to its new run', async () => {
    // Prepare: the sweep found run 1 stopped, but HR's retry started run 2 before it was marked
    const { store, transfers, transfer } = await runningElection();
    const record = store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (record) Object.assign(record, { attempt: 2, executionName: `${closingRun(transfer.id)}-a2` });

    // Act
    await transfers.markMilestoneFailed(
      transfer.id,
      'election-closes',
      {
        workflow: 'close-election',
        milestone: 'election-closes',
        error: 'RunStoppedUnrecorded',
        at: electionClosesAt,
      },
      { attempt: 1 },
    );

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'running',
      attempt: 2,
    });
  });
});

describe('Function: sweeper (failed consultation and contract timers)', () => {
  const contractId = '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55';
  const dueAt = '2026-10-01T23:00:00.000Z';
  const minutesAfter = (at: string | number, minutes: number) =>
    new Date(new Date(at).getTime() + minutes * 60_000).toISOString();
  const escalation = `${contractId}-renewal-escalation-2026-10-02`;

  it('marks a timer whose run stopped unrecorded failed, then backs off 15 minutes, 1 hour and 4 hours before telling HR once', async () => {
    // Prepare: the escalation started at its due time, and its run died with the stack
    const { timers, starter, clock, sweep, mailer } = sweepWithFakes(dueAt);
    await timers.putOnce(pendingTimer('contract', contractId, 'renewal-escalation', '2026-10-02'));
    await sweep();
    starter.end(escalation, 'ABORTED');
    clock.set(minutesAfter(dueAt, 6));
    const found = await sweep();
    let failedAt = clock.now().getTime();

    // Act: each run fails again when it starts, through the workflow's Catch
    for (const wait of [15, 60, 240]) {
      clock.set(minutesAfter(failedAt, wait - 1));
      expect((await sweep()).started).toBe(0);
      clock.set(minutesAfter(failedAt, wait));
      expect((await sweep()).started).toBe(1);
      failedAt = clock.now().getTime() + 60_000;
      await timers.recordFailure('contract', contractId, {
        workflow: 'escalate-renewal',
        timer: 'renewal-escalation',
        error: 'MessageRejected',
        at: new Date(failedAt).toISOString(),
      });
    }
    clock.set(minutesAfter(failedAt, 24 * 60));
    const told = await sweep();
    const later = await sweep();

    // Assess
    expect(found).toMatchObject({ stopped: 1, started: 0 });
    expect(starter.started.map((execution) => execution.name)).toEqual([
      escalation,
      `${escalation}-a2`,
      `${escalation}-a3`,
      `${escalation}-a4`,
    ]);
    expect(starter.started.at(-1)?.input).toEqual({ contractId, timer: 'renewal-escalation' });
    expect(told).toMatchObject({ started: 0, reported: 1 });
    expect(later).toMatchObject({ started: 0, reported: 0 });
    expect((await timers.forOwner('contract', contractId))[0]).toMatchObject({
      status: 'failed',
      attempt: 4,
      reason: 'MessageRejected',
      hrToldAt: clock.now().toISOString(),
    });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toBe('hr.owner@example.org');
    expect(JSON.parse(mailer.sent[0]?.text ?? '{}')).toMatchObject({
      kind: 'timer-failed',
      title: 'Catering contract',
      owner: 'contract',
      timer: 'renewal-escalation',
      attempts: 4,
      reason: 'MessageRejected',
      link: `https://transfer-desk.example.org/contracts/${contractId}`,
    });
  });

  it('leaves a running timer whose execution is still RUNNING, and does not ask about a young one', async () => {
    // Prepare
    const { timers, starter, clock, sweep } = sweepWithFakes(dueAt);
    await timers.putOnce(pendingTimer('contract', contractId, 'renewal-escalation', '2026-10-02'));
    await sweep();
    clock.set(minutesAfter(dueAt, 4));

    // Act
    const young = await sweep();
    const describedWhenYoung = [...starter.described];
    clock.set(minutesAfter(dueAt, 30));
    const old = await sweep();

    // Assess
    expect([young.stopped, old.stopped]).toEqual([0, 0]);
    expect(describedWhenYoung).toEqual([]);
    expect(starter.described).toEqual([escalation]);
    expect((await timers.forOwner('contract', contractId))[0]?.status).toBe('running');
  });
});
