import { z } from 'zod';
import { timerStepsOf } from '../../composition/consultation-services.ts';
import { stepHandler } from './step-handler.ts';

/** The Catch hands over the error name and its cause; only the name is kept (a cause may quote data). */
const failureFields = {
  workflow: z.string().max(80),
  error: z.string().max(256),
  cause: z.string().optional(),
};
const failurePayload = z.union([
  z.object({ consultationId: z.uuid(), timer: z.string().max(60).optional(), ...failureFields }).strict(),
  z.object({ contractId: z.uuid(), timer: z.string().max(60), ...failureFields }).strict(),
  z.object({ transferId: z.uuid(), timer: z.string().max(60).optional(), ...failureFields }).strict(),
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
