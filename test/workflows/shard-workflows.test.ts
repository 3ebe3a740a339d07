/**
 * The shard-iterating workflows share one shape: ListShards → a Map over the shards running one shard
 * step → FinishMilestone, with a Catch → RecordFailure → Fail. One suite runs every path on each of them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkflowName } from '../../functions/catalog.ts';
import {
  alwaysFailing,
  emailClaimHeld,
  type FakeStep,
  failingFirst,
  functionError,
  type JsonValue,
  lambdaServiceError,
  payloadsTo,
  retriesOf,
  runtimeExit,
  runWorkflow,
  shardOf,
  statesEntered,
} from './run-workflow.ts';

interface ShardWorkflow {
  workflow: WorkflowName;
  milestone: string;
  /** Extra input the workflow takes besides `transferId` and `milestone`; it reaches every shard step. */
  extraInput: Record<string, number>;
  /** What of that extra input `finish-milestone` is given too (a date change's number). */
  finishInput: Record<string, number>;
  /** The catalog function run once per shard, and the Task state inside the Map that invokes it. */
  shardFunction: string;
  shardTask: string;
  /** The Map state, the Task state that runs `finish-milestone`, and the Fail state. */
  mapState: string;
  finishState: string;
  failState: string;
  /** The error name the Fail state ends the execution with. */
  failedError: string;
  /**
   * What the fake steps answer; each shard also says it sent as many emails, and the workflow hands the
   * emails each shard sent to `finish-milestone` (a milestone's `sent`).
   */
  processed: number;
  finishedStatus: string;
  /** The shards of the roster in the happy path. */
  happyShards: number[];
  /** The first (transient) error the retried shard meets. */
  transientError: Error;
  /** The error a shard meets on every try until the retries run out. */
  outage: Error;
  /** The error `finish-milestone` meets after every shard succeeded. */
  finishError: Error;
  /** States entered between ListShards and the Map over the shards (transfer day plans its digests' pages). */
  beforeMap?: string[];
  /**
   * A step run after the shards, whose emails count too: transfer day's digests, a page of managers at a
   * time (`pageTask` in the `states` entered) and then HR's summary (`summaryTask`), each answering `sent`.
   */
  after?: { states: string[]; pageTask: string; summaryTask: string; function: string; sent: number };
}

const nineShards = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const shardChanged = () => functionError('TransientStepError', 'The shard changed while it was read');
const serviceOutage = () => lambdaServiceError('Lambda.ServiceException');

const shardWorkflows: ShardWorkflow[] = [
  {
    workflow: 'launch-transfer',
    milestone: 'launch',
    extraInput: {},
    finishInput: {},
    shardFunction: 'send-invitations',
    shardTask: 'SendInvitations',
    mapState: 'InviteEveryShard',
    finishState: 'FinishLaunch',
    failState: 'LaunchFailed',
    failedError: 'LaunchTransferFailed',
    processed: 100,
    finishedStatus: 'launched',
    happyShards: nineShards,
    transientError: shardChanged(),
    outage: serviceOutage(),
    finishError: functionError('ConflictError', 'The transfer was cancelled during the launch'),
  },
  {
    workflow: 'close-election',
    milestone: 'election-closes',
    extraInput: {},
    finishInput: {},
    shardFunction: 'apply-default-elections',
    shardTask: 'ApplyDefaultElections',
    mapState: 'ApplyDefaultsInEveryShard',
    finishState: 'FinishElection',
    failState: 'CloseElectionFailed',
    failedError: 'CloseElectionFailed',
    processed: 12,
    finishedStatus: 'election-closed',
    happyShards: nineShards,
    transientError: shardChanged(),
    outage: serviceOutage(),
    finishError: functionError('ConflictError', 'The transfer is no longer launched'),
  },
  {
    workflow: 'complete-transfer',
    milestone: 'transfer-day',
    extraInput: {},
    finishInput: {},
    shardFunction: 'move-shard-to-transferee',
    shardTask: 'MoveShardToTransferee',
    mapState: 'MoveEveryShard',
    finishState: 'FinishTransfer',
    failState: 'CompleteTransferFailed',
    failedError: 'CompleteTransferFailed',
    processed: 100,
    finishedStatus: 'completed',
    happyShards: nineShards,
    transientError: shardChanged(),
    outage: lambdaServiceError('Lambda.SdkClientException'),
    finishError: functionError('ConflictError', 'The election of this transfer is not closed'),
    beforeMap: ['PlanDigestPages'],
    after: {
      states: ['SendDigestsByPage', 'SendSummary'],
      pageTask: 'SendManagerDigests',
      summaryTask: 'SendSummary',
      function: 'send-transfer-digests',
      sent: 77,
    },
  },
  {
    workflow: 'send-election-reminders',
    milestone: 'election-reminder',
    extraInput: {},
    finishInput: {},
    shardFunction: 'send-election-reminders',
    shardTask: 'SendElectionReminders',
    mapState: 'RemindEveryShard',
    finishState: 'FinishReminder',
    failState: 'SendElectionRemindersFailed',
    failedError: 'SendElectionRemindersFailed',
    processed: 40,
    finishedStatus: 'launched',
    happyShards: [0, 1, 2, 3, 4, 5, 6],
    transientError: functionError('TransientStepError', 'An email could not be sent; it will be tried again'),
    outage: serviceOutage(),
    finishError: functionError('TransferNotFoundError', 'No transfer with that id'),
  },
  {
    workflow: 'notify-date-change',
    milestone: 'date-change',
    extraInput: { change: 2 },
    finishInput: { change: 2 },
    shardFunction: 'notify-date-change',
    shardTask: 'NotifyDateChange',
    mapState: 'NotifyEveryShard',
    finishState: 'FinishDateChange',
    failState: 'NotifyDateChangeFailed',
    failedError: 'NotifyDateChangeFailed',
    processed: 12,
    finishedStatus: 'launched',
    happyShards: nineShards,
    transientError: shardChanged(),
    outage: serviceOutage(),
    finishError: functionError('ConflictError', 'The transfer changed under the step'),
  },
  {
    workflow: 'cancel-transfer',
    milestone: 'cancel',
    extraInput: {},
    finishInput: {},
    shardFunction: 'cancel-shard',
    shardTask: 'CancelShard',
    mapState: 'CancelEveryShard',
    finishState: 'FinishCancel',
    failState: 'CancelTransferFailed',
    failedError: 'CancelTransferFailed',
    processed: 12,
    finishedStatus: 'cancelled',
    happyShards: nineShards,
    transientError: shardChanged(),
    outage: serviceOutage(),
    finishError: functionError('ConflictError', 'The transfer changed under the step'),
  },
];

/**
 * How many shards at once ListShards answers here (the sending plan's `shardsAtOnce`): not four, which the
 * Maps once ran whatever the SES sending rate, so a Map that ignores the plan fails.
 */
const shardsAtOnce = 3;

function newTransferId(): string {
  return `transfer-${randomUUID()}`;
}

describe.each(shardWorkflows)('Workflow: $workflow', (spec) => {
  const { workflow, milestone, extraInput, shardFunction, shardTask, mapState, finishState, failState } =
    spec;
  const input = (transferId: string) => ({ transferId, milestone, ...extraInput });
  const afterStates = spec.after?.states ?? [];
  /** The states entered up to the Map over the shards. */
  const toMap = ['ListShards', ...(spec.beforeMap ?? []), mapState];
  /**
   * What the steps after the shards add to the output (fewer than 10 shards make one page, none none), and
   * to what `finish-milestone` is given: the pages' digests and the summary, each answering `sent`.
   */
  const afterOutput = (shards: number[]) => {
    if (!spec.after) return {};
    const pages = shards.length === 0 ? [] : [shards];
    return {
      digestPages: { pages, pagesAtOnce: shardsAtOnce },
      digests: { sentByPage: pages.map(() => spec.after?.sent) },
      summary: { sent: spec.after.sent },
    };
  };
  const afterSent = spec.after ? { digestsSent: spec.after.sent } : {};

  /** Steps that all succeed, as the real handlers answer for a roster of `shards`. */
  function succeedingSteps(shards: number[]): Record<string, FakeStep> {
    return {
      // As the real step answers, with the sending plan's shards at once.
      'list-shards': () => ({ shards, shardsAtOnce }),
      [shardFunction]: () => ({ processed: spec.processed, sent: spec.processed }),
      'finish-milestone': () => ({ status: spec.finishedStatus }),
      'record-workflow-failure': () => ({}),
      ...(spec.after ? { [spec.after.function]: () => ({ sent: spec.after?.sent ?? 0 }) } : {}),
    };
  }

  it(`runs ${shardFunction} on every shard, as many at a time as ListShards says, and finishes the ${milestone} milestone when all steps succeed`, async () => {
    // Prepare
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps(spec.happyShards),
      [shardFunction]: async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let the other iterations start
        inFlight -= 1;
        return { processed: spec.processed, sent: spec.processed };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        ...input(transferId),
        roster: {
          shardCount: spec.happyShards.length,
          sentByShard: spec.happyShards.map(() => spec.processed),
        },
        ...afterOutput(spec.happyShards),
        finished: { status: spec.finishedStatus },
      },
    });
    expect(statesEntered(run.events)).toEqual([...toMap, ...afterStates, finishState]);
    expect(payloadsTo(run, 'list-shards')).toEqual([{ transferId }]);
    const handled = payloadsTo(run, shardFunction).sort((a, b) => shardOf(a) - shardOf(b));
    expect(handled).toEqual(spec.happyShards.map((shard) => ({ transferId, shard, ...extraInput })));
    expect(mostAtOnce).toBe(shardsAtOnce);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([
      {
        transferId,
        milestone,
        ...spec.finishInput,
        sent: spec.happyShards.map(() => spec.processed),
        ...afterSent,
      },
    ]);
    expect(new Set(run.calls.map((call) => `${call.state} → ${call.function}`))).toEqual(
      new Set([
        'ListShards → list-shards',
        `${shardTask} → ${shardFunction}`,
        ...(spec.after
          ? [
              `${spec.after.pageTask} → ${spec.after.function}`,
              `${spec.after.summaryTask} → ${spec.after.function}`,
            ]
          : []),
        `${finishState} → finish-milestone`,
      ]),
    );
  });

  it(`runs ${shardFunction} on one shard at a time when the sending rate allows one`, async () => {
    // Prepare: SES's default 14 emails a second plans one shard at once
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps(spec.happyShards),
      'list-shards': () => ({ shards: spec.happyShards, shardsAtOnce: 1 }),
      [shardFunction]: async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let other iterations start, if any may
        inFlight -= 1;
        return { processed: spec.processed, sent: spec.processed };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, shardFunction)).toHaveLength(spec.happyShards.length);
    expect(mostAtOnce).toBe(1);
  });

  it(`finishes the ${milestone} milestone without running ${shardFunction} when the roster has no shards`, async () => {
    // Prepare
    const transferId = newTransferId();

    // Act
    const run = await runWorkflow(workflow, input(transferId), succeedingSteps([]));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        ...input(transferId),
        roster: { shardCount: 0, sentByShard: [] },
        ...afterOutput([]),
        finished: { status: spec.finishedStatus },
      },
    });
    expect(statesEntered(run.events)).toEqual([...toMap, ...afterStates, finishState]);
    expect(payloadsTo(run, shardFunction)).toEqual([]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([
      { transferId, milestone, ...spec.finishInput, sent: [], ...afterSent },
    ]);
  });

  it(`retries a shard after transient errors and runs ${shardFunction} on it once they pass`, async () => {
    // Prepare
    const transferId = newTransferId();
    const secondShard = failingFirst(
      [spec.transientError, lambdaServiceError('Lambda.TooManyRequestsException')],
      () => ({ processed: spec.processed, sent: spec.processed }),
    );
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      [shardFunction]: (payload: JsonValue) =>
        shardOf(payload) === 1 ? secondShard(payload) : { processed: spec.processed, sent: spec.processed },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([...toMap, ...afterStates, finishState]);
    expect(retriesOf(run.events, shardTask)).toEqual(new Map([[1, 2]]));
    expect(
      payloadsTo(run, shardFunction)
        .map(shardOf)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 1, 1, 2]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it(`runs ${shardFunction} again on a shard whose run crashed, once the email claims the crash left held expire`, async () => {
    // Prepare
    const transferId = newTransferId();
    const secondShard = failingFirst([runtimeExit(), emailClaimHeld()], () => ({
      processed: spec.processed,
      sent: 1,
    }));
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      [shardFunction]: (payload: JsonValue) =>
        shardOf(payload) === 1 ? secondShard(payload) : { processed: spec.processed, sent: spec.processed },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([...toMap, ...afterStates, finishState]);
    expect(retriesOf(run.events, shardTask)).toEqual(new Map([[1, 2]]));
    expect(
      payloadsTo(run, shardFunction)
        .map(shardOf)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 1, 1, 2]);
    // The retry that finally ran answers only the emails it sent; the crashed run's are not counted.
    expect(payloadsTo(run, 'finish-milestone')).toEqual([
      {
        transferId,
        milestone,
        ...spec.finishInput,
        sent: [spec.processed, 1, spec.processed],
        ...afterSent,
      },
    ]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it(`records the failure and fails with ${spec.failedError} when a shard's email claims are still held after waiting twice`, async () => {
    // Prepare
    const transferId = newTransferId();
    const held = emailClaimHeld();
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      [shardFunction]: (payload: JsonValue) => {
        if (shardOf(payload) === 2) throw held;
        return { processed: spec.processed, sent: spec.processed };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
    expect(statesEntered(run.events)).toEqual([...toMap, 'RecordFailure', failState]);
    expect(payloadsTo(run, shardFunction).filter((payload) => shardOf(payload) === 2)).toHaveLength(3); // 1 + 2 waits
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'EmailClaimHeldError', cause: held.message },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([]);
  });

  it(`records the failure and fails with ${spec.failedError} when a shard still fails after every retry`, async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = spec.outage;
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      [shardFunction]: (payload: JsonValue) => {
        if (shardOf(payload) === 2) throw outage;
        return { processed: spec.processed, sent: spec.processed };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: spec.failedError,
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([...toMap, 'RecordFailure', failState]);
    expect(payloadsTo(run, shardFunction).filter((payload) => shardOf(payload) === 2)).toHaveLength(5); // 1 + 4 retries
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: outage.name, cause: outage.message },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([]);
  });

  it('records the failure at once when listing the shards meets an error that is not transient', async () => {
    // Prepare
    const transferId = newTransferId();
    const notFound = functionError('TransferNotFoundError', 'No transfer with that id');
    const steps = { ...succeedingSteps([0]), 'list-shards': alwaysFailing(notFound) };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure', failState]);
    expect(payloadsTo(run, 'list-shards')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
    ]);
    expect(payloadsTo(run, shardFunction)).toEqual([]);
  });

  it(`records the failure when finishing the ${milestone} milestone fails after every shard succeeded`, async () => {
    // Prepare
    const transferId = newTransferId();
    const finishError = spec.finishError;
    const steps = { ...succeedingSteps([0, 1]), 'finish-milestone': alwaysFailing(finishError) };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
    expect(statesEntered(run.events)).toEqual([
      ...toMap,
      ...afterStates,
      finishState,
      'RecordFailure',
      failState,
    ]);
    expect(payloadsTo(run, shardFunction)).toHaveLength(2);
    expect(payloadsTo(run, 'finish-milestone')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: finishError.name, cause: finishError.message },
    ]);
  });

  it('fails with the recording error when the failure itself cannot be recorded after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const steps = {
      ...succeedingSteps([0]),
      'list-shards': alwaysFailing(functionError('TransferNotFoundError', 'No transfer with that id')),
      'record-workflow-failure': alwaysFailing(lambdaServiceError('Lambda.AWSLambdaException')),
    };

    // Act
    const run = await runWorkflow(workflow, input(transferId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure']);
    expect(payloadsTo(run, 'record-workflow-failure')).toHaveLength(6); // 1 + 5 retries
  });
});

describe('Workflow: complete-transfer, its digests to managers and HR', () => {
  const input = (transferId: string) => ({ transferId, milestone: 'transfer-day' });
  const steps = (digests: FakeStep): Record<string, FakeStep> => ({
    'list-shards': () => ({ shards: [0, 1], shardsAtOnce: 4 }),
    'move-shard-to-transferee': () => ({ processed: 100, sent: 100 }),
    'send-transfer-digests': digests,
    'finish-milestone': () => ({ status: 'completed' }),
    'record-workflow-failure': () => ({}),
  });

  it('sends the digests once every shard has moved, and again after a crash once the claims it left expire', async () => {
    // Prepare: the page's digests crash, then meet the claims the crash left, then go; then HR's summary
    const transferId = newTransferId();
    const page = failingFirst([runtimeExit(), emailClaimHeld()], () => ({ sent: 12 }));
    const digests = (payload: JsonValue) =>
      (payload as { page?: number }).page === undefined ? { sent: 13 } : page(payload);

    // Act
    const run = await runWorkflow('complete-transfer', input(transferId), steps(digests));

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'PlanDigestPages',
      'MoveEveryShard',
      'SendDigestsByPage',
      'SendSummary',
      'FinishTransfer',
    ]);
    expect(payloadsTo(run, 'send-transfer-digests')).toEqual([
      { transferId, page: 0 },
      { transferId, page: 0 },
      { transferId, page: 0 },
      { transferId, digestsSent: [12] },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([
      { transferId, milestone: 'transfer-day', sent: [100, 100], digestsSent: 13 },
    ]);
  });

  it('records the failure and does not complete the transfer when the digests still fail after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = lambdaServiceError('Lambda.ServiceException');

    // Act
    const run = await runWorkflow('complete-transfer', input(transferId), steps(alwaysFailing(outage)));

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'CompleteTransferFailed' });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'PlanDigestPages',
      'MoveEveryShard',
      'SendDigestsByPage',
      'RecordFailure',
      'CompleteTransferFailed',
    ]);
    expect(payloadsTo(run, 'send-transfer-digests')).toHaveLength(5); // 1 + 4 retries
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      {
        transferId,
        workflow: 'complete-transfer',
        milestone: 'transfer-day',
        error: outage.name,
        cause: outage.message,
      },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([]);
  });

  it('sends the pages of digests as many at once as ListShards says the sending rate allows', async () => {
    // Prepare: 23 shards make 3 pages; the rate allows two shards, so two pages, at once
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const digests = async (payload: JsonValue) => {
      if ((payload as { page?: number }).page === undefined) return { sent: 1 };
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((resolve) => setImmediate(resolve)); // let the other iterations start
      inFlight -= 1;
      return { sent: 5 };
    };
    const shards = Array.from({ length: 23 }, (_, shard) => shard);

    // Act
    const run = await runWorkflow('complete-transfer', input(transferId), {
      ...steps(digests),
      'list-shards': () => ({ shards, shardsAtOnce: 2 }),
    });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, 'send-transfer-digests')).toHaveLength(3 + 1);
    expect(mostAtOnce).toBe(2);
  });
});
