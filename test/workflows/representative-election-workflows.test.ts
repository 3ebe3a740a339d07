/**
 * The workflows of an election of employee representatives (TUPE reg 14), one test a path: the nomination
 * emails HR starts (list → nominate each shard); at the nominations' close (close → ballot to each shard, or
 * the result when elected unopposed, or nothing → finish the timer); at the ballot's close (count → result to
 * each shard → finish); and each Catch → RecordFailure → Fail, with the retries around email claims.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
  runWorkflow,
  shardOf,
  statesEntered,
} from './run-workflow.ts';

const send = 'send-representative-election-emails';
/** How many shards at once list-shards answers (the sending plan's): one, so a fixed Map fails. */
const shardsAtOnce = 1;

/** A send step that keeps count of the most shards it had in flight at once. */
function countingSends() {
  let inFlight = 0;
  let most = 0;
  const step: FakeStep = async () => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setImmediate(resolve)); // let other iterations start, if any may
    inFlight -= 1;
    return { processed: 100, sent: 100 };
  };
  return { step, mostAtOnce: () => most };
}

describe('Workflow: open-representative-nominations', () => {
  const workflow = 'open-representative-nominations';
  const steps = (shards: number[]): Record<string, FakeStep> => ({
    'list-shards': () => ({ shards, shardsAtOnce }),
    [send]: () => ({ processed: 100, sent: 100 }),
    'record-timer-failure': () => ({ recorded: true }),
  });

  it('emails every shard its nomination links when all steps succeed', async () => {
    // Prepare
    const transferId = randomUUID();

    // Act
    const run = await runWorkflow(workflow, { transferId }, steps([0, 1, 2]));

    // Assess
    expect(run.outcome).toEqual({ status: 'SUCCEEDED', output: { transferId, roster: { shardCount: 3 } } });
    expect(statesEntered(run.events)).toEqual(['ListShards', 'NominateEveryShard']);
    expect(payloadsTo(run, send).sort((a, b) => shardOf(a) - shardOf(b))).toEqual(
      [0, 1, 2].map((shard) => ({ transferId, shard, message: 'nomination' })),
    );
  });

  it('emails the shards as many at once as ListShards says the sending rate allows', async () => {
    // Prepare
    const transferId = randomUUID();
    const sends = countingSends();

    // Act
    const run = await runWorkflow(workflow, { transferId }, { ...steps([0, 1, 2]), [send]: sends.step });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, send)).toHaveLength(3);
    expect(sends.mostAtOnce()).toBe(shardsAtOnce);
  });

  it('retries a shard after transient errors and sends it once they pass', async () => {
    // Prepare
    const transferId = randomUUID();
    const second = failingFirst([functionError('TransientStepError', 'busy')], () => ({ processed: 100 }));
    const fakes = {
      ...steps([0, 1]),
      [send]: (payload: JsonValue) => (shardOf(payload) === 1 ? second(payload) : { processed: 100 }),
    };

    // Act
    const run = await runWorkflow(workflow, { transferId }, fakes);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(run.events, 'SendEmails')).toEqual(new Map([[1, 1]]));
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([]);
  });

  it('records the failure on the transfer and fails when a shard still fails after every retry', async () => {
    // Prepare
    const transferId = randomUUID();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const fakes = { ...steps([0, 1]), [send]: alwaysFailing(outage) };

    // Act
    const run = await runWorkflow(workflow, { transferId }, fakes);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: 'OpenRepresentativeNominationsFailed',
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([
      'ListShards',
      'NominateEveryShard',
      'RecordFailure',
      'OpenNominationsFailed',
    ]);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([
      { transferId, workflow, error: outage.name, cause: outage.message },
    ]);
  });
});

interface DecidedWorkflow {
  workflow: 'open-representative-ballot' | 'count-representative-votes';
  timer: string;
  decide: string;
  decideState: string;
  failState: string;
  failedError: string;
  /** What the deciding step answers on the usual path. */
  message: 'ballot' | 'result';
}

const decidedWorkflows: DecidedWorkflow[] = [
  {
    workflow: 'open-representative-ballot',
    timer: 'representative-nominations-close',
    decide: 'close-representative-nominations',
    decideState: 'CloseNominations',
    failState: 'OpenBallotFailed',
    failedError: 'OpenRepresentativeBallotFailed',
    message: 'ballot',
  },
  {
    workflow: 'count-representative-votes',
    timer: 'representative-ballot-closes',
    decide: 'count-representative-votes',
    decideState: 'CountVotes',
    failState: 'CountVotesFailed',
    failedError: 'CountRepresentativeVotesFailed',
    message: 'result',
  },
];

describe.each(decidedWorkflows)('Workflow: $workflow', (spec) => {
  const { workflow, timer, decide, decideState, failState, failedError } = spec;
  const steps = (message: string, shards = [0, 1]): Record<string, FakeStep> => ({
    [decide]: () => ({ message }),
    'list-shards': () => ({ shards, shardsAtOnce }),
    [send]: () => ({ processed: 100, sent: 100 }),
    'finish-timer': () => ({ status: 'done' }),
    'record-timer-failure': () => ({ recorded: true }),
  });

  it(`sends the ${spec.message} to the shards as many at once as ListShards says the sending rate allows`, async () => {
    // Prepare
    const transferId = randomUUID();
    const sends = countingSends();

    // Act
    const run = await runWorkflow(
      workflow,
      { transferId, timer },
      { ...steps(spec.message, [0, 1, 2]), [send]: sends.step },
    );

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, send)).toHaveLength(3);
    expect(sends.mostAtOnce()).toBe(shardsAtOnce);
  });

  it(`sends every shard the ${spec.message} and finishes the timer`, async () => {
    // Prepare
    const transferId = randomUUID();

    // Act
    const run = await runWorkflow(workflow, { transferId, timer }, steps(spec.message));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        transferId,
        timer,
        decided: { message: spec.message },
        roster: { shardCount: 2 },
        finished: { status: 'done' },
      },
    });
    expect(statesEntered(run.events)).toEqual([
      decideState,
      'AnythingToSend',
      'ListShards',
      'EmailEveryShard',
      'FinishTimer',
    ]);
    expect(payloadsTo(run, decide)).toEqual([{ transferId }]);
    expect(payloadsTo(run, send).sort((a, b) => shardOf(a) - shardOf(b))).toEqual(
      [0, 1].map((shard) => ({ transferId, shard, message: spec.message })),
    );
    expect(payloadsTo(run, 'finish-timer')).toEqual([{ transferId, timer }]);
  });

  if (spec.message === 'ballot') {
    it('sends every shard the result instead when the candidates were elected unopposed', async () => {
      // Prepare
      const transferId = randomUUID();

      // Act
      const run = await runWorkflow(workflow, { transferId, timer }, steps('result'));

      // Assess
      expect(run.outcome.status).toBe('SUCCEEDED');
      expect(payloadsTo(run, send).map((payload) => (payload as { message: string }).message)).toEqual([
        'result',
        'result',
      ]);
    });
  }

  it('sends nothing and finishes the timer when there is nothing to send (a cancelled transfer)', async () => {
    // Prepare
    const transferId = randomUUID();

    // Act
    const run = await runWorkflow(workflow, { transferId, timer }, steps('none'));

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([decideState, 'AnythingToSend', 'FinishTimer']);
    expect(payloadsTo(run, 'list-shards')).toEqual([]);
    expect(payloadsTo(run, send)).toEqual([]);
  });

  it("waits out HR's email claim a crash left held, then goes on", async () => {
    // Prepare
    const transferId = randomUUID();
    const fakes = {
      ...steps(spec.message),
      [decide]: failingFirst([emailClaimHeld()], () => ({ message: spec.message })),
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, timer }, fakes);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(run.events, decideState)).toEqual(new Map([[-1, 1]]));
  });

  it(`records the failure with the timer and fails with ${failedError} when deciding fails for good`, async () => {
    // Prepare
    const transferId = randomUUID();
    const missing = functionError('TransferNotFoundError', 'No transfer');
    const fakes = { ...steps(spec.message), [decide]: alwaysFailing(missing) };

    // Act
    const run = await runWorkflow(workflow, { transferId, timer }, fakes);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: failedError,
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([decideState, 'RecordFailure', failState]);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([
      { transferId, timer, workflow, error: missing.name, cause: missing.message },
    ]);
    expect(payloadsTo(run, 'finish-timer')).toEqual([]);
  });

  it('records the failure when a shard still fails after every retry, leaving the timer unfinished', async () => {
    // Prepare
    const transferId = randomUUID();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const fakes = { ...steps(spec.message), [send]: alwaysFailing(outage) };

    // Act
    const run = await runWorkflow(workflow, { transferId, timer }, fakes);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: failedError });
    expect(statesEntered(run.events)).toEqual([
      decideState,
      'AnythingToSend',
      'ListShards',
      'EmailEveryShard',
      'RecordFailure',
      failState,
    ]);
    expect(payloadsTo(run, 'finish-timer')).toEqual([]);
  });
});
