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

const workflow = 'cancel-transfer';
const milestone = 'cancel';

function newTransferId(): string {
  return `transfer-${randomUUID()}`;
}

/** Steps that all succeed, as the real handlers answer for a roster of `shards`. */
function succeedingSteps(shards: number[]): Record<string, FakeStep> {
  return {
    'list-shards': () => ({ shards }),
    'cancel-shard': () => ({ processed: 12 }),
    'finish-milestone': () => ({ status: 'cancelled' }),
    'record-workflow-failure': () => ({}),
  };
}

describe('Workflow: cancel-transfer', () => {
  it('tells and deletes every shard, four at a time, and records the cancel done when all steps succeed', async () => {
    // Prepare
    const transferId = newTransferId();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps([0, 1, 2, 3, 4, 5, 6, 7, 8]),
      'cancel-shard': async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let the other iterations start
        inFlight -= 1;
        return { processed: 12 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, roster: { shardCount: 9 }, finished: { status: 'cancelled' } },
    });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'CancelEveryShard', 'FinishCancel']);
    expect(payloadsTo(run, 'list-shards')).toEqual([{ transferId }]);
    const cancelled = payloadsTo(run, 'cancel-shard').sort((a, b) => shardOf(a) - shardOf(b));
    expect(cancelled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((shard) => ({ transferId, shard })));
    expect(mostAtOnce).toBe(4);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
    expect(new Set(run.calls.map((call) => `${call.state} → ${call.function}`))).toEqual(
      new Set(['ListShards → list-shards', 'CancelShard → cancel-shard', 'FinishCancel → finish-milestone']),
    );
  });

  it('records the cancel done without touching anyone when the roster has no shards', async () => {
    // Prepare
    const transferId = newTransferId();

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, succeedingSteps([]));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, roster: { shardCount: 0 }, finished: { status: 'cancelled' } },
    });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'CancelEveryShard', 'FinishCancel']);
    expect(payloadsTo(run, 'cancel-shard')).toEqual([]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
  });

  it('retries a shard after transient errors and finishes it once they pass', async () => {
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
      'cancel-shard': (payload: JsonValue) =>
        shardOf(payload) === 1 ? secondShard(payload) : { processed: 12 },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual(['ListShards', 'CancelEveryShard', 'FinishCancel']);
    expect(retriesOf(run.events, 'CancelShard')).toEqual(new Map([[1, 2]]));
    expect(
      payloadsTo(run, 'cancel-shard')
        .map(shardOf)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 1, 1, 2]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it('records the failure and fails the cancel when a shard still fails after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = {
      ...succeedingSteps([0, 1, 2]),
      'cancel-shard': (payload: JsonValue) => {
        if (shardOf(payload) === 2) throw outage;
        return { processed: 12 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: 'CancelTransferFailed',
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'CancelEveryShard',
      'RecordFailure',
      'CancelTransferFailed',
    ]);
    expect(payloadsTo(run, 'cancel-shard').filter((payload) => shardOf(payload) === 2)).toHaveLength(5); // 1 + 4 retries
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
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'CancelTransferFailed' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure', 'CancelTransferFailed']);
    expect(payloadsTo(run, 'list-shards')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
    ]);
    expect(payloadsTo(run, 'cancel-shard')).toEqual([]);
  });

  it('records the failure when finishing fails after every shard was told and deleted', async () => {
    // Prepare
    const transferId = newTransferId();
    const conflict = functionError('ConflictError', 'The transfer changed under the step');
    const steps = { ...succeedingSteps([0, 1]), 'finish-milestone': alwaysFailing(conflict) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'CancelTransferFailed' });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'CancelEveryShard',
      'FinishCancel',
      'RecordFailure',
      'CancelTransferFailed',
    ]);
    expect(payloadsTo(run, 'cancel-shard')).toHaveLength(2);
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
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'RecordFailure']);
    expect(payloadsTo(run, 'record-workflow-failure')).toHaveLength(6); // 1 + 5 retries
  });
});
