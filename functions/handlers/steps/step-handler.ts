/** Wiring shared by the workflow step handlers: parse the step's payload, call the step, log ids only. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { isTransactionConflictOnly } from '../../adapters/dynamodb.ts';
import { serviceUnavailableFrom } from '../../adapters/service-availability.ts';
import { TransientStepError } from '../../domain/errors.ts';
import type { TimerOwner } from '../../domain/timer.ts';
import { workflowRuns } from '../../domain/transfer.ts';
import { logger, observability } from '../../observability.ts';
import * as z from '../../zod.ts';

/** A step that parses `payload` and calls `step` with the service `getService` builds (its one service). */
export function stepHandler<Schema extends z.ZodMiniType, Service, Result>(
  payload: Schema,
  getService: () => Service,
  step: (service: Service, input: z.output<Schema>) => Promise<Result>,
) {
  return middy<unknown, Result, Error, Context>()
    .use(observability())
    .handler(async (event) => {
      const input = payload.parse(event);
      const result = await step(getService(), input).catch((error: unknown) => {
        throw transientWhenPassing(error);
      });
      // Payloads hold ids and counts only, so they may be logged.
      logger.info('step finished', {
        input: input as Record<string, unknown>,
        result: result as Record<string, unknown>,
      });
      return result;
    });
}

/**
 * Every step is idempotent, so trouble that passes — a throttled or unreachable service after the SDK's own
 * retries, a transaction that only met another one — is named TransientStepError, which the ASL files retry
 * with backoff, rather than failing the whole run on the first unlucky call.
 */
export function transientWhenPassing(error: unknown): unknown {
  if (error instanceof TransientStepError) return error;
  if (serviceUnavailableFrom(error) || isTransactionConflictOnly(error)) {
    return new TransientStepError('A service was busy or unavailable; the step can be run again', {
      cause: error,
    });
  }
  return error;
}

export const transferPayload = z.strictObject({ transferId: z.uuid() });
export const shardPayload = z.strictObject({
  transferId: z.uuid(),
  shard: z.number().check(z.int(), z.minimum(0)),
});
/** A shard of a date change: `change` is the change's number on the transfer. */
export const changePayload = z.strictObject({
  transferId: z.uuid(),
  shard: z.number().check(z.int(), z.minimum(0)),
  change: z.number().check(z.int(), z.minimum(1)),
});
export const milestonePayload = z.strictObject({ transferId: z.uuid(), milestone: z.enum(workflowRuns) });

/** A consultation's step: its id, and the timer's key when a timer started the workflow (unused here). */
export const consultationIdPayload = z.strictObject({
  consultationId: z.uuid(),
  timer: z.optional(z.string().check(z.maxLength(60))),
});

/** A consultation's or contract's workflow: the owner's id and, when a timer started it, the timer's key. */
export const timerOwnerPayload = z.union([
  z.strictObject({ consultationId: z.uuid(), timer: z.optional(z.string().check(z.maxLength(60))) }),
  z.strictObject({ contractId: z.uuid(), timer: z.string().check(z.maxLength(60)) }),
  z.strictObject({ transferId: z.uuid(), timer: z.string().check(z.maxLength(60)) }),
]);

/** A step of a representative election's workflow: the transfer, and the timer's key when a timer started it. */
export const representativeElectionPayload = z.strictObject({
  transferId: z.uuid(),
  timer: z.optional(z.string().check(z.maxLength(60))),
});

/** The owner a timer payload names. */
export function ownerOf(input: z.output<typeof timerOwnerPayload>): {
  owner: TimerOwner;
  ownerId: string;
  timer?: string;
} {
  if ('transferId' in input) return { owner: 'transfer', ownerId: input.transferId, timer: input.timer };
  return 'consultationId' in input
    ? { owner: 'consultation', ownerId: input.consultationId, ...(input.timer ? { timer: input.timer } : {}) }
    : { owner: 'contract', ownerId: input.contractId, timer: input.timer };
}
