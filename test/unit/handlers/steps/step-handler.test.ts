import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TransientStepError } from '../../../../functions/domain/errors.ts';
import { stepHandler, transferPayload } from '../../../../functions/handlers/steps/step-handler.ts';

const transferId = '4f1c2b9e-8a61-4d8e-9d2f-0c7b5a1e3f42';
const context = { functionName: 'step', awsRequestId: 'request-1' } as Context;
const noService = () => ({});

function failingWith(error: unknown) {
  return stepHandler(transferPayload, noService, async () => {
    throw error;
  });
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('Function: stepHandler', () => {
  it('names a throttled table TransientStepError, so the workflow retries the step, keeping the cause', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} });

    // Act
    const outcome = await failingWith(throttled)({ transferId }, context).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(TransientStepError);
    expect((outcome as Error).name).toBe('TransientStepError');
    expect((outcome as Error).cause).toBe(throttled);
  });

  it('names a transaction that only met another transaction TransientStepError', async () => {
    // Act
    const outcome = await failingWith(cancelled('None', 'TransactionConflict'))(
      { transferId },
      context,
    ).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(TransientStepError);
  });

  it('leaves a failed condition as it is: running the step again would not change it', async () => {
    // Prepare
    const conditionFailed = cancelled('ConditionalCheckFailed', 'TransactionConflict');

    // Act
    const outcome = await failingWith(conditionFailed)({ transferId }, context).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(outcome).toBe(conditionFailed);
  });

  it('leaves a bug as it is', async () => {
    // Prepare
    const bug = new TypeError('undefined is not a function');

    // Act
    const outcome = await failingWith(bug)({ transferId }, context).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBe(bug);
  });

  it('answers what the step answers when it succeeds', async () => {
    // Prepare
    const handler = stepHandler(transferPayload, noService, async (_service, input) => ({
      processed: input.transferId.length,
    }));

    // Act
    const result = await handler({ transferId }, context);

    // Assess
    expect(result).toEqual({ processed: 36 });
  });
});
