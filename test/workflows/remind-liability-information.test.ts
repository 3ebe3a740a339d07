import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  alwaysFailing,
  type FakeStep,
  failingFirst,
  functionError,
  lambdaServiceError,
  payloadsTo,
  retriesOf,
  runWorkflow,
  statesEntered,
} from './run-workflow.ts';

const workflow = 'remind-liability-information';
const milestone = 'liability-information-due';

function newTransferId(): string {
  return `transfer-${randomUUID()}`;
}

/** Steps that all succeed, as the real handlers answer. */
function succeedingSteps(): Record<string, FakeStep> {
  return {
    'remind-liability-information': () => ({ processed: 1 }),
    'finish-milestone': () => ({ status: 'launched' }),
    'record-workflow-failure': () => ({}),
  };
}

describe('Workflow: remind-liability-information', () => {
  it('reminds HR once and marks the reminder done when both steps succeed', async () => {
    // Prepare
    const transferId = newTransferId();

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, succeedingSteps());

    // Assess
    expect(run.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { transferId, milestone, reminded: { processed: 1 }, finished: { status: 'launched' } },
    });
    expect(statesEntered(run.events)).toEqual(['RemindLiabilityInformation', 'FinishReminder']);
    expect(payloadsTo(run, 'remind-liability-information')).toEqual([{ transferId }]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([]);
  });

  it('retries the reminder after transient errors and finishes once they pass', async () => {
    // Prepare
    const transferId = newTransferId();
    const steps = {
      ...succeedingSteps(),
      'remind-liability-information': failingFirst(
        [
          functionError('TransientStepError', 'An email could not be sent; it will be tried again'),
          lambdaServiceError('Lambda.TooManyRequestsException'),
        ],
        () => ({ processed: 1 }),
      ),
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(retriesOf(run.events, 'RemindLiabilityInformation')).toEqual(new Map([[-1, 2]]));
    expect(payloadsTo(run, 'remind-liability-information')).toHaveLength(3);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([{ transferId, milestone }]);
  });

  it('records the failure and fails when the reminder still fails after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const outage = lambdaServiceError('Lambda.ServiceException');
    const steps = { ...succeedingSteps(), 'remind-liability-information': alwaysFailing(outage) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toEqual({
      status: 'FAILED',
      error: 'RemindLiabilityInformationFailed',
      cause: expect.stringContaining('recorded on the transfer for HR'),
    });
    expect(statesEntered(run.events)).toEqual([
      'RemindLiabilityInformation',
      'RecordFailure',
      'RemindLiabilityInformationFailed',
    ]);
    expect(payloadsTo(run, 'remind-liability-information')).toHaveLength(5); // 1 + 4 retries
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'Lambda.ServiceException', cause: outage.message },
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toEqual([]);
  });

  it('records the failure when marking the reminder done fails after HR was reminded', async () => {
    // Prepare
    const transferId = newTransferId();
    const notFound = functionError('TransferNotFoundError', 'No transfer with that id');
    const steps = { ...succeedingSteps(), 'finish-milestone': alwaysFailing(notFound) };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'RemindLiabilityInformationFailed' });
    expect(statesEntered(run.events)).toEqual([
      'RemindLiabilityInformation',
      'FinishReminder',
      'RecordFailure',
      'RemindLiabilityInformationFailed',
    ]);
    expect(payloadsTo(run, 'finish-milestone')).toHaveLength(1);
    expect(payloadsTo(run, 'record-workflow-failure')).toEqual([
      { transferId, workflow, milestone, error: 'TransferNotFoundError', cause: notFound.message },
    ]);
  });

  it('fails with the recording error when the failure itself cannot be recorded after every retry', async () => {
    // Prepare
    const transferId = newTransferId();
    const steps = {
      ...succeedingSteps(),
      'remind-liability-information': alwaysFailing(functionError('TransferNotFoundError', 'No transfer')),
      'record-workflow-failure': alwaysFailing(lambdaServiceError('Lambda.AWSLambdaException')),
    };

    // Act
    const run = await runWorkflow(workflow, { transferId, milestone }, steps);

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
    expect(statesEntered(run.events)).toEqual(['RemindLiabilityInformation', 'RecordFailure']);
    expect(payloadsTo(run, 'record-workflow-failure')).toHaveLength(6); // 1 + 5 retries
  });
});
