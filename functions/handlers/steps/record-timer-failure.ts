import { timerStepsOf } from '../../composition/consultation-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** The Catch hands over the error name and its cause; only the name is kept (a cause may quote data). */
const failureFields = {
  workflow: z.string().check(z.maxLength(80)),
  error: z.string().check(z.maxLength(256)),
  cause: z.optional(z.string()),
};
const failurePayload = z.union([
  z.strictObject({
    consultationId: z.uuid(),
    timer: z.optional(z.string().check(z.maxLength(60))),
    ...failureFields,
  }),
  z.strictObject({ contractId: z.uuid(), timer: z.string().check(z.maxLength(60)), ...failureFields }),
  z.strictObject({
    transferId: z.uuid(),
    timer: z.optional(z.string().check(z.maxLength(60))),
    ...failureFields,
  }),
]);

export const handler = stepHandler(failurePayload, timerStepsOf, (timers, input) => {
  const failure = {
    workflow: input.workflow,
    error: input.error,
    ...(input.timer ? { timer: input.timer } : {}),
  };
  if ('transferId' in input) return timers.recordFailure('transfer', input.transferId, failure);
  return 'consultationId' in input
    ? timers.recordFailure('consultation', input.consultationId, failure)
    : timers.recordFailure('contract', input.contractId, failure);
});
