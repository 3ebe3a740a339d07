/**
 * The consultation workflows that send to every participant shard, one test a path: open (open → invite each
 * shard → finish the timer), remind (list → remind each shard → finish) and the outcome (list → tell each
 * shard), each with its retries and every Catch → RecordFailure → Fail. Close, a single Task, is run by
 * single-task-workflows.test.ts.
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
  statesEntered,
} from './run-workflow.ts';

const shardLabelOf = (payload: JsonValue): string =>
  typeof payload === 'object' && payload !== null && 'shard' in payload ? String(payload.shard) : '';

interface ShardedConsultationWorkflow {
  workflow: WorkflowName;
  /** The timer that starts it; absent for the outcome, which HR starts. */
  timer?: string;
  /** The step answering the shard labels and the Task state running it. */
  listFunction: string;
  listState: string;
  mapState: string;
  shardTask: string;
  message: 'invitation' | 'reminder' | 'outcome';
  failState: string;
  failedError: string;
}

const shardedWorkflows: ShardedConsultationWorkflow[] = [
  {
    workflow: 'open-consultation',
    timer: 'consultation-opens',
    listFunction: 'open-consultation',
    listState: 'OpenConsultation',
    mapState: 'InviteEveryShard',
    shardTask: 'SendInvitations',
    message: 'invitation',
    failState: 'OpenConsultationFailed',
    failedError: 'OpenConsultationFailed',
  },
  {
    workflow: 'remind-consultation',
    timer: 'consultation-reminder',
    listFunction: 'list-consultation-shards',
    listState: 'ListShards',
    mapState: 'RemindEveryShard',
    shardTask: 'SendReminders',
    message: 'reminder',
    failState: 'RemindConsultationFailed',
    failedError: 'RemindConsultationFailed',
  },
  {
    workflow: 'notify-consultation-outcome',
    listFunction: 'list-consultation-shards',
    listState: 'ListShards',
    mapState: 'NotifyEveryShard',
    shardTask: 'SendOutcome',
    message: 'outcome',
    failState: 'NotifyConsultationOutcomeFailed',
    failedError: 'NotifyConsultationOutcomeFailed',
  },
];

const shards = ['T0', 'T1', 'I0'];
/** How many shards at once the listing step answers (the sending plan's): one, so a fixed Map fails. */
const shardsAtOnce = 1;

describe.each(shardedWorkflows)('Workflow: $workflow', (spec) => {
  const { workflow, timer, listFunction, listState, mapState, shardTask, message, failState } = spec;
  const finishes = timer !== undefined;
  const input = (consultationId: string) => ({ consultationId, ...(timer ? { timer } : {}) });
  const afterMap = finishes ? ['FinishTimer'] : [];

  function succeedingSteps(labels: string[]): Record<string, FakeStep> {
    return {
      [listFunction]: () => ({ shards: labels, shardsAtOnce }),
      'send-consultation-emails': () => ({ processed: 100 }),
      ...(finishes ? { 'finish-timer': () => ({ status: 'done' }) } : {}),
      'record-timer-failure': () => ({ recorded: true }),
    };
  }

  it(`sends the ${message} emails of every shard${finishes ? ' and finishes the timer' : ''} when all steps succeed`, async () => {
    // Prepare
    const consultationId = randomUUID();

    // Act
    const run = await runWorkflow(workflow, input(consultationId), succeedingSteps(shards));

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        ...input(consultationId),
        participants: { shardCount: 3 },
        ...(finishes ? { finished: { status: 'done' } } : {}),
      },
    });
    expect(statesEntered(run.events)).toEqual([listState, mapState, ...afterMap]);
    expect(payloadsTo(run, listFunction)).toEqual([{ consultationId }]);
    expect(
      payloadsTo(run, 'send-consultation-emails').sort((a, b) =>
        shardLabelOf(a).localeCompare(shardLabelOf(b)),
      ),
    ).toEqual(['I0', 'T0', 'T1'].map((shard) => ({ consultationId, shard, message })));
    expect(payloadsTo(run, 'finish-timer')).toEqual(finishes ? [{ consultationId, timer }] : []);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([]);
  });

  it(`sends the shards as many at once as ${listState} says the sending rate allows`, async () => {
    // Prepare
    const consultationId = randomUUID();
    let inFlight = 0;
    let mostAtOnce = 0;
    const steps = {
      ...succeedingSteps(shards),
      'send-consultation-emails': async () => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let other iterations start, if any may
        inFlight -= 1;
        return { processed: 100 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, 'send-consultation-emails')).toHaveLength(shards.length);
    expect(mostAtOnce).toBe(shardsAtOnce);
  });

  it('sends nothing when the consultation has no participant shards', async () => {
    // Prepare
    const consultationId = randomUUID();

    // Act
    const run = await runWorkflow(workflow, input(consultationId), succeedingSteps([]));

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([listState, mapState, ...afterMap]);
    expect(payloadsTo(run, 'send-consultation-emails')).toEqual([]);
  });

  it('retries a shard after transient errors and sends it once they pass', async () => {
    // Prepare
    const consultationId = randomUUID();
    const secondShard = failingFirst(
      [
        functionError('TransientStepError', 'An email could not be sent; it will be tried again'),
        lambdaServiceError('Lambda.TooManyRequestsException'),
      ],
      () => ({ processed: 100 }),
    );
    const steps = {
      ...succeedingSteps(shards),
      'send-consultation-emails': (payload: JsonValue) =>
        shardLabelOf(payload) === 'T1' ? secondShard(payload) : { processed: 100 },
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(run.events, shardTask)).toEqual(new Map([[1, 2]]));
    expect(payloadsTo(run, 'send-consultation-emails').map(shardLabelOf).sort()).toEqual([
      'I0',
      'T0',
      'T1',
      'T1',
      'T1',
    ]);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([]);
  });

  it('sends a shard whose run crashed again, once the email claims the crash left held expire', async () => {
    // Prepare
    const consultationId = randomUUID();
    const secondShard = failingFirst([runtimeExit(), emailClaimHeld()], () => ({ processed: 100 }));
    const steps = {
      ...succeedingSteps(shards),
      'send-consultation-emails': (payload: JsonValue) =>
        shardLabelOf(payload) === 'T1' ? secondShard(payload) : { processed: 100 },
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([listState, mapState, ...afterMap]);
    expect(retriesOf(run.events, shardTask)).toEqual(new Map([[1, 2]]));
    expect(payloadsTo(run, 'send-consultation-emails').map(shardLabelOf).sort()).toEqual([
      'I0',
      'T0',
      'T1',
      'T1',
      'T1',
    ]);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([]);
  });

  it(`records the failure and fails with ${spec.failedError} when a shard's email claims are still held after waiting twice`, async () => {
    // Prepare
    const consultationId = randomUUID();
    const held = emailClaimHeld();
    const steps = {
      ...succeedingSteps(shards),
      'send-consultation-emails': (payload: JsonValue) => {
        if (shardLabelOf(payload) === 'I0') throw held;
        return { processed: 100 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
    expect(statesEntered(run.events)).toEqual([listState, mapState, 'RecordFailure', failState]);
    expect(payloadsTo(run, 'send-consultation-emails').filter((p) => shardLabelOf(p) === 'I0')).toHaveLength(
      3, // 1 + 2 waits
    );
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([
      { ...input(consultationId), workflow, error: 'EmailClaimHeldError', cause: held.message },
    ]);
    expect(payloadsTo(run, 'finish-timer')).toEqual([]);
  });

  it(`records the failure on the consultation and fails with ${spec.failedError} when a shard still fails after every retry`, async () => {
    // Prepare
    const consultationId = randomUUID();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = {
      ...succeedingSteps(shards),
      'send-consultation-emails': (payload: JsonValue) => {
        if (shardLabelOf(payload) === 'I0') throw outage;
        return { processed: 100 };
      },
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: spec.failedError,
      cause: expect.stringContaining('recorded on the consultation for HR'),
    });
    expect(statesEntered(run.events)).toEqual([listState, mapState, 'RecordFailure', failState]);
    expect(payloadsTo(run, 'send-consultation-emails').filter((p) => shardLabelOf(p) === 'I0')).toHaveLength(
      5,
    );
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([
      { ...input(consultationId), workflow, error: outage.name, cause: outage.message },
    ]);
    expect(payloadsTo(run, 'finish-timer')).toEqual([]);
  });

  it('records the failure at once when listing the shards meets an error that is not transient', async () => {
    // Prepare
    const consultationId = randomUUID();
    const notFound = functionError('ConsultationNotFoundError', 'No consultation with that id');
    const steps = { ...succeedingSteps(shards), [listFunction]: alwaysFailing(notFound) };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
    expect(statesEntered(run.events)).toEqual([listState, 'RecordFailure', failState]);
    expect(payloadsTo(run, listFunction)).toHaveLength(1);
    expect(payloadsTo(run, 'record-timer-failure')).toEqual([
      { ...input(consultationId), workflow, error: 'ConsultationNotFoundError', cause: notFound.message },
    ]);
    expect(payloadsTo(run, 'send-consultation-emails')).toEqual([]);
  });

  it('fails with the recording error when the failure itself cannot be recorded after every retry', async () => {
    // Prepare
    const consultationId = randomUUID();
    const steps = {
      ...succeedingSteps(shards),
      [listFunction]: alwaysFailing(functionError('ConsultationNotFoundError', 'No consultation')),
      'record-timer-failure': alwaysFailing(lambdaServiceError('Lambda.AWSLambdaException')),
    };

    // Act
    const run = await runWorkflow(workflow, input(consultationId), steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual([listState, 'RecordFailure']);
    expect(payloadsTo(run, 'record-timer-failure')).toHaveLength(6); // 1 + 5 retries
  });

  if (finishes) {
    it('records the failure when finishing the timer fails after every shard was sent', async () => {
      // Prepare
      const consultationId = randomUUID();
      const missing = functionError('Error', 'No timer on the consultation');
      const steps = { ...succeedingSteps(shards), 'finish-timer': alwaysFailing(missing) };

      // Act
      const run = await runWorkflow(workflow, input(consultationId), steps);

      // Assess
      expect(run.outcome).toMatchObject({ status: 'FAILED', error: spec.failedError });
      expect(statesEntered(run.events)).toEqual([
        listState,
        mapState,
        'FinishTimer',
        'RecordFailure',
        failState,
      ]);
      expect(payloadsTo(run, 'send-consultation-emails')).toHaveLength(3);
      expect(payloadsTo(run, 'record-timer-failure')).toEqual([
        { ...input(consultationId), workflow, error: 'Error', cause: missing.message },
      ]);
    });
  }
});
