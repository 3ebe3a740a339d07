import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  alwaysFailing,
  type FakeStep,
  failingFirst,
  functionError,
  type JsonValue,
  lambdaServiceError,
  payloadsTo,
  retriesOf,
  runWorkflow,
  shardOf,
  statesEntered,
} from './run-workflow.ts';

const workflow = 'send-election-reminders';
const milestone = 'election-reminder';

function newTransferId(): string {
  return `transfer-${randomUUID()}`;
}

/** Steps that all succeed, as the real handlers answer for a roster of `shards`. */
function succeedingSteps(shards: number[]): Record<string, FakeStep> {
  return {
    'list-shards': () => ({ shards }),
    'send-election-reminders': () => ({ processed: 40 }),
    'finish-milestone': () => ({ status: 'launched' }),
    'record-workflow-failure': () => ({}),
  };
}

describe('Workflow: send-election-reminders', () => {
  it('reminds every shard, four at a time, and marks the reminder done when all steps succeed', async () => {
    // Prepare
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps([0, 1, 2, 3, 4, 5, 6]),
      'send-election-reminders': async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let the other iterations start
        inFlight -= 1;
        return { processed: 40 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, roster: { shardCount: 7 }, finished: { status: 'launched' } },
    });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RemindEveryShard', 'FinishReminder']);
    expect(payloadsTo(run, 'list-shards')).toEqual([{ transferId }]);
    const reminded = payloadsTo(run, 'send-election-reminders').sort((a, b) => shardOf(a) - shardOf(b));
    expect(reminded).toEqual([0, 1, 2, 3, 4, 5, 6].map((shard) => ({ transferId, shard })));
    expect(mostAtOnce).toBe(4);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
    expect(new Set(run.calls.map((call) => `${call.state} → ${call.function}`))).toEqual(
      new Set([
        'ListShards → list-shards',
        'SendElectionReminders → send-election-reminders',
        'FinishReminder → finish-milestone',
      ]),
    );
  });

  it('marks the reminder done without reminding anyone when the roster has no shards', async () => {
    // Prepare
    const transferId = newTransferId();

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, succeedingSteps([]));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, roster: { shardCount: 0 }, finished: { status: 'launched' } },
    });
    expect(payloadsTo(run, 'send-election-reminders')).toEqual([]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
  });

  it('retries a shard after transient errors and reminds it once they pass', async () => {
    // Prepare
    const transferId = newTransferId();
    const secondShard = failingFirst(
      [
        functionError('TransientStepError', 'An email could not be sent; it will be tried again'),
        lambdaServiceError('Lambda.TooManyRequestsException'),
      ],
      () => ({ processed: 40 }),
    );
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      'send-election-reminders': (payload: JsonValue) =>
        shardOf(payload) === 1 ? secondShard(payload) : { processed: 40 },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RemindEveryShard', 'FinishReminder']);
    expect(retriesOf(run.events, 'SendElectionReminders')).toEqual(new Map([[1, 2]]));
    expect(
      payloadsTo(run, 'send-election-reminders')
        .map(shardOf)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 1, 1, 2]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it('records the failure and fails when a shard still fails after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      'send-election-reminders': (payload: JsonValue) => {
        if (shardOf(payload) === 2) throw outage;
        return { processed: 40 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: 'SendElectionRemindersFailed',
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'RemindEveryShard',
      'RecordFailure',
      'SendElectionRemindersFailed',
    ]);
    expect(
      payloadsTo(run, 'send-election-reminders').filter((payload) => shardOf(payload) === 2),
    ).toHaveLength(5); // 1 + 4 retries
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'Lambda.ServiceException', cause: outage.message },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([]);
  });

  it('records the failure at once when listing the shards meets an error that is not transient', async () => {
    // Prepare
    const transferId = newTransferId();
    const notFound = functionError('TransferNotFoundError', 'No transfer with that id');
    const steps = { ...succeedingSteps([0]), 'list-shards': alwaysFailing(notFound) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'SendElectionRemindersFailed' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure', 'SendElectionRemindersFailed']);
    expect(payloadsTo(run, 'list-shards')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
    ]);
    expect(payloadsTo(run, 'send-election-reminders')).toEqual([]);
  });

  it('records the failure when marking the reminder done fails after every shard was reminded', async () => {
    // Prepare
    const transferId = newTransferId();
    const notFound = functionError('TransferNotFoundError', 'No transfer with that id');
    const steps = { ...succeedingSteps([0, 1]), 'finish-milestone': alwaysFailing(notFound) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'SendElectionRemindersFailed' });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'RemindEveryShard',
      'FinishReminder',
      'RecordFailure',
      'SendElectionRemindersFailed',
    ]);
    expect(payloadsTo(run, 'send-election-reminders')).toHaveLength(2);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
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
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure']);
    expect(payloadsTo(run, 'record-workflow-failure')).toHaveLength(6); // 1 + 5 retries
  });
});
