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

const workflow = 'notify-date-change';
const milestone = 'date-change';
const change = 2;

function newTransferId(): string {
  return `transfer-${randomUUID()}`;
}

/** Steps that all succeed, as the real handlers answer for a roster of `shards`. */
function succeedingSteps(shards: number[]): Record<string, FakeStep> {
  return {
    'list-shards': () => ({ shards }),
    'notify-date-change': () => ({ processed: 12 }),
    'finish-milestone': () => ({ status: 'launched' }),
    'record-workflow-failure': () => ({}),
  };
}

describe('Workflow: notify-date-change', () => {
  it('tells every shard about change n, four at a time, and records it done when all steps succeed', async () => {
    // Prepare
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps([0, 1, 2, 3, 4, 5, 6, 7, 8]),
      'notify-date-change': async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let the other iterations start
        inFlight -= 1;
        return { processed: 12 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, change, roster: { shardCount: 9 }, finished: { status: 'launched' } },
    });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'NotifyEveryShard', 'FinishDateChange']);
    expect(payloadsTo(run, 'list-shards')).toEqual([{ transferId }]);
    const told = payloadsTo(run, 'notify-date-change').sort((a, b) => shardOf(a) - shardOf(b));
    expect(told).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((shard) => ({ transferId, shard, change })));
    expect(mostAtOnce).toBe(4);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
    expect(new Set(run.calls.map((call) => `${call.state} → ${call.function}`))).toEqual(
      new Set([
        'ListShards → list-shards',
        'NotifyDateChange → notify-date-change',
        'FinishDateChange → finish-milestone',
      ]),
    );
  });

  it('records the change done without telling anyone when the roster has no shards', async () => {
    // Prepare
    const transferId = newTransferId();

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone, change }, succeedingSteps([]));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, change, roster: { shardCount: 0 }, finished: { status: 'launched' } },
    });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'NotifyEveryShard', 'FinishDateChange']);
    expect(payloadsTo(run, 'notify-date-change')).toEqual([]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
  });

  it('retries a shard after transient errors and tells it once they pass', async () => {
    // Prepare
    const transferId = newTransferId();
    const secondShard = failingFirst(
      [
        functionError('TransientStepError', 'The shard changed while it was read'),
        lambdaServiceError('Lambda.TooManyRequestsException'),
      ],
      () => ({ processed: 12 }),
    );
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      'notify-date-change': (payload: JsonValue) =>
        shardOf(payload) === 1 ? secondShard(payload) : { processed: 12 },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual(['ListShards', 'NotifyEveryShard', 'FinishDateChange']);
    expect(retriesOf(run.events, 'NotifyDateChange')).toEqual(new Map([[1, 2]]));
    expect(
      payloadsTo(run, 'notify-date-change')
        .map(shardOf)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 1, 1, 2]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it('records the failure and fails the run when a shard still fails after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      'notify-date-change': (payload: JsonValue) => {
        if (shardOf(payload) === 2) throw outage;
        return { processed: 12 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: 'NotifyDateChangeFailed',
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'NotifyEveryShard',
      'RecordFailure',
      'NotifyDateChangeFailed',
    ]);
    expect(payloadsTo(run, 'notify-date-change').filter((payload) => shardOf(payload) === 2)).toHaveLength(5); // 1 + 4 retries
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
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'NotifyDateChangeFailed' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure', 'NotifyDateChangeFailed']);
    expect(payloadsTo(run, 'list-shards')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
    ]);
    expect(payloadsTo(run, 'notify-date-change')).toEqual([]);
  });

  it('records the failure when finishing fails after every shard was told', async () => {
    // Prepare
    const transferId = newTransferId();
    const conflict = functionError('ConflictError', 'The transfer changed under the step');
    const steps = { ...succeedingSteps([0, 1]), 'finish-milestone': alwaysFailing(conflict) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'NotifyDateChangeFailed' });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'NotifyEveryShard',
      'FinishDateChange',
      'RecordFailure',
      'NotifyDateChangeFailed',
    ]);
    expect(payloadsTo(run, 'notify-date-change')).toHaveLength(2);
    expect(payloadsTo(run, 'finish-milestone')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'ConflictError', cause: conflict.message },
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
    const run = await runWorkflow(workflow, { transferId, milestone, change }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure']);
    expect(payloadsTo(run, 'record-workflow-failure')).toHaveLength(6); // 1 + 5 retries
  });
});
