/**
 * The single-task workflows share one shape: one step Task → a Task that finishes the milestone or timer,
 * each with a Catch → RecordFailure → Fail. One suite runs every path on each of them.
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

type WorkflowInput = Record<string, string>;

interface SingleTaskWorkflow {
  workflow: WorkflowName;
  /** A new execution input under a unique id; `finishFunction` is invoked with exactly this. */
  newInput: () => WorkflowInput;
  /** The catalog function doing the work, the Task state invoking it, and the input fields it is sent. */
  stepFunction: string;
  stepState: string;
  stepPayloadFields: readonly string[];
  /** Where the step's `{processed}` lands in the output (the Task's `ResultPath`). */
  resultPath: string;
  /** What the step answers (its Task's ResultSelector keeps all of it). */
  stepAnswer: Record<string, JsonValue>;
  /** What `finishFunction` is sent besides the input: what the step reported it did. */
  reported: Record<string, JsonValue>;
  /** The function marking the milestone or timer done, the Task state invoking it, and what it answers. */
  finishFunction: 'finish-milestone' | 'finish-timer';
  finishState: string;
  finishedStatus: string;
  /** The function RecordFailure invokes (with the input, `workflow`, `error` and `cause`) and what it answers. */
  recordFunction: 'record-workflow-failure' | 'record-timer-failure';
  recordAnswer: JsonValue;
  /** The Fail state, which is also the error the execution ends with. */
  failState: string;
  /** What the Fail state's Cause says the failure is recorded on. */
  recordedOn: 'transfer' | 'contract' | 'consultation';
  /** The error the step meets on its second try, after a `TransientStepError`. */
  secondTransientError: Error;
  /** The error `finishFunction` meets after the step succeeded. */
  finishError: Error;
  /** The error that is not transient, met when the failure itself cannot be recorded. */
  notFoundError: Error;
}

const singleTaskWorkflows: SingleTaskWorkflow[] = [
  {
    workflow: 'remind-representations',
    newInput: () => ({ transferId: `transfer-${randomUUID()}`, milestone: 'representations-reminder' }),
    stepFunction: 'remind-representations',
    stepState: 'RemindRepresentations',
    stepPayloadFields: ['transferId'],
    resultPath: 'reminded',
    // Two representations unanswered: one email to HR.
    stepAnswer: { processed: 2, sent: 1 },
    reported: { sent: 1 },
    finishFunction: 'finish-milestone',
    finishState: 'FinishReminder',
    finishedStatus: 'launched',
    recordFunction: 'record-workflow-failure',
    recordAnswer: {},
    failState: 'RemindRepresentationsFailed',
    recordedOn: 'transfer',
    secondTransientError: lambdaServiceError('Lambda.TooManyRequestsException'),
    finishError: functionError('TransferNotFoundError', 'No transfer with that id'),
    notFoundError: functionError('TransferNotFoundError', 'No transfer'),
  },
  {
    workflow: 'remind-liability-information',
    newInput: () => ({ transferId: `transfer-${randomUUID()}`, milestone: 'liability-information-due' }),
    stepFunction: 'remind-liability-information',
    stepState: 'RemindLiabilityInformation',
    stepPayloadFields: ['transferId', 'milestone'],
    resultPath: 'reminded',
    // Sent late: `finish-milestone` records it done but overdue.
    stepAnswer: { processed: 1, sent: 1, overdue: true },
    reported: { sent: 1, overdue: true },
    finishFunction: 'finish-milestone',
    finishState: 'FinishReminder',
    finishedStatus: 'launched',
    recordFunction: 'record-workflow-failure',
    recordAnswer: {},
    failState: 'RemindLiabilityInformationFailed',
    recordedOn: 'transfer',
    secondTransientError: lambdaServiceError('Lambda.TooManyRequestsException'),
    finishError: functionError('TransferNotFoundError', 'No transfer with that id'),
    notFoundError: functionError('TransferNotFoundError', 'No transfer'),
  },
  {
    workflow: 'send-renewal-reminder',
    newInput: () => ({ contractId: randomUUID(), timer: 'renewal-reminder#30' }),
    stepFunction: 'send-renewal-reminder',
    stepState: 'SendRenewalReminder',
    stepPayloadFields: ['contractId', 'timer'],
    resultPath: 'sent',
    stepAnswer: { processed: 1 },
    reported: {},
    finishFunction: 'finish-timer',
    finishState: 'FinishTimer',
    finishedStatus: 'done',
    recordFunction: 'record-timer-failure',
    recordAnswer: { recorded: true },
    failState: 'SendRenewalReminderFailed',
    recordedOn: 'contract',
    secondTransientError: lambdaServiceError('Lambda.TooManyRequestsException'),
    finishError: functionError('Error', 'No timer renewal-reminder#30 on the contract'),
    notFoundError: functionError('ContractNotFoundError', 'No contract'),
  },
  {
    workflow: 'escalate-renewal',
    newInput: () => ({ contractId: randomUUID(), timer: 'renewal-escalation' }),
    stepFunction: 'escalate-renewal',
    stepState: 'EscalateRenewal',
    stepPayloadFields: ['contractId', 'timer'],
    resultPath: 'sent',
    stepAnswer: { processed: 1 },
    reported: {},
    finishFunction: 'finish-timer',
    finishState: 'FinishTimer',
    finishedStatus: 'done',
    recordFunction: 'record-timer-failure',
    recordAnswer: { recorded: true },
    failState: 'EscalateRenewalFailed',
    recordedOn: 'contract',
    secondTransientError: lambdaServiceError('Lambda.TooManyRequestsException'),
    finishError: functionError('Error', 'No timer renewal-escalation on the contract'),
    notFoundError: functionError('ContractNotFoundError', 'No contract'),
  },
  {
    workflow: 'close-consultation',
    newInput: () => ({ consultationId: randomUUID(), timer: 'consultation-closes' }),
    stepFunction: 'close-consultation',
    stepState: 'CloseConsultation',
    stepPayloadFields: ['consultationId'],
    resultPath: 'closed',
    stepAnswer: { processed: 1 },
    reported: {},
    finishFunction: 'finish-timer',
    finishState: 'FinishTimer',
    finishedStatus: 'done',
    recordFunction: 'record-timer-failure',
    recordAnswer: { recorded: true },
    failState: 'CloseConsultationFailed',
    recordedOn: 'consultation',
    secondTransientError: lambdaServiceError('Lambda.SdkClientException'),
    finishError: functionError('Error', 'No timer on the consultation'),
    notFoundError: functionError('ConsultationNotFoundError', 'No consultation'),
  },
];

/** The fields of an input that a Task's `Payload` passes on. */
function fieldsOf(input: WorkflowInput, fields: readonly string[]): WorkflowInput {
  return Object.fromEntries(Object.entries(input).filter(([field]) => fields.includes(field)));
}

describe.each(singleTaskWorkflows)('Workflow: $workflow', (spec) => {
  const { workflow, stepFunction, stepState, finishFunction, finishState, recordFunction, failState } = spec;

  /** Steps that all succeed, as the real handlers answer. */
  function succeedingSteps(): Record<string, FakeStep> {
    return {
      [stepFunction]: () => spec.stepAnswer,
      [finishFunction]: () => ({ status: spec.finishedStatus }),
      [recordFunction]: () => spec.recordAnswer,
    };
  }

  /** What RecordFailure sends for a failure: the input, the workflow's name and the caught error. */
  function recordedFailure(input: WorkflowInput, error: Error) {
    return { ...input, workflow, error: error.name, cause: error.message };
  }

  it(`runs ${stepFunction} once, then ${finishFunction}, when both steps succeed`, async () => {
    // Prepare
    const input = spec.newInput();

    // Act
    const run = await runWorkflow(workflow, input, succeedingSteps());

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { ...input, [spec.resultPath]: spec.stepAnswer, finished: { status: spec.finishedStatus } },
    });
    expect(statesEntered(run.events)).toEqual([stepState, finishState]);
    expect(payloadsTo(run, stepFunction)).toEqual([fieldsOf(input, spec.stepPayloadFields)]);
    expect(payloadsTo(run, finishFunction)).toEqual([{ ...input, ...spec.reported }]);
    expect(payloadsTo(run, recordFunction)).toEqual([]);
  });

  it(`retries ${stepFunction} after transient errors and finishes once they pass`, async () => {
    // Prepare
    const input = spec.newInput();
    const steps = {
      ...succeedingSteps(),
      [stepFunction]: failingFirst(
        [
          functionError('TransientStepError', 'An email could not be sent; it will be tried again'),
          spec.secondTransientError,
        ],
        () => spec.stepAnswer,
      ),
    };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([stepState, finishState]);
    expect(retriesOf(run.events, stepState)).toEqual(new Map([[-1, 2]]));
    expect(payloadsTo(run, stepFunction)).toHaveLength(3);
    expect(payloadsTo(run, finishFunction)).toEqual([{ ...input, ...spec.reported }]);
    expect(payloadsTo(run, recordFunction)).toEqual([]);
  });

  it(`runs ${stepFunction} again after it crashed, once the email claims the crash left held expire`, async () => {
    // Prepare
    const input = spec.newInput();
    const steps = {
      ...succeedingSteps(),
      [stepFunction]: failingFirst([runtimeExit(), emailClaimHeld()], () => spec.stepAnswer),
    };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual([stepState, finishState]);
    expect(retriesOf(run.events, stepState)).toEqual(new Map([[-1, 2]]));
    expect(payloadsTo(run, stepFunction)).toHaveLength(3);
    expect(payloadsTo(run, finishFunction)).toEqual([{ ...input, ...spec.reported }]);
    expect(payloadsTo(run, recordFunction)).toEqual([]);
  });

  it(`records the failure on the ${spec.recordedOn} and fails with ${failState} when the email claims ${stepFunction} meets are still held after waiting twice`, async () => {
    // Prepare
    const input = spec.newInput();
    const held = emailClaimHeld();
    const steps = { ...succeedingSteps(), [stepFunction]: alwaysFailing(held) };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: failState });
    expect(statesEntered(run.events)).toEqual([stepState, 'RecordFailure', failState]);
    expect(payloadsTo(run, stepFunction)).toHaveLength(3); // 1 + 2 waits
    expect(payloadsTo(run, recordFunction)).toEqual([recordedFailure(input, held)]);
    expect(payloadsTo(run, finishFunction)).toEqual([]);
  });

  it(`records the failure on the ${spec.recordedOn} and fails with ${failState} when ${stepFunction} still fails after every retry`, async () => {
    // Prepare
    const input = spec.newInput();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = { ...succeedingSteps(), [stepFunction]: alwaysFailing(outage) };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: failState,
      cause: expect.stringContaining(`recorded on the ${spec.recordedOn} for HR`),
    });
    expect(statesEntered(run.events)).toEqual([stepState, 'RecordFailure', failState]);
    expect(payloadsTo(run, stepFunction)).toHaveLength(5); // 1 + 4 retries
    expect(payloadsTo(run, recordFunction)).toEqual([recordedFailure(input, outage)]);
    expect(payloadsTo(run, finishFunction)).toEqual([]);
  });

  it(`records the failure when ${finishFunction} fails after ${stepFunction} succeeded`, async () => {
    // Prepare
    const input = spec.newInput();
    const finishError = spec.finishError;
    const steps = { ...succeedingSteps(), [finishFunction]: alwaysFailing(finishError) };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: failState,
      cause: expect.stringContaining(`recorded on the ${spec.recordedOn} for HR`),
    });
    expect(statesEntered(run.events)).toEqual([stepState, finishState, 'RecordFailure', failState]);
    expect(payloadsTo(run, stepFunction)).toHaveLength(1);
    expect(payloadsTo(run, finishFunction)).toHaveLength(1); // not transient, so not retried
    expect(payloadsTo(run, recordFunction)).toEqual([recordedFailure(input, finishError)]);
  });

  it('fails with the recording error when the failure itself cannot be recorded after every retry', async () => {
    // Prepare
    const input = spec.newInput();
    const steps = {
      ...succeedingSteps(),
      [stepFunction]: alwaysFailing(spec.notFoundError),
      [recordFunction]: alwaysFailing(lambdaServiceError('Lambda.AWSLambdaException')),
    };

    // Act
    const run = await runWorkflow(workflow, input, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual([stepState, 'RecordFailure']);
    expect(payloadsTo(run, stepFunction)).toHaveLength(1); // not transient, so not retried
    expect(payloadsTo(run, recordFunction)).toHaveLength(6); // 1 + 5 retries
    expect(payloadsTo(run, finishFunction)).toEqual([]);
  });
});
