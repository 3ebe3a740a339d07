import { z } from 'zod';
import { ownerOf, stepHandler } from './step-handler.ts';

/** The Catch hands over the error name and its cause; only the name is kept (a cause may quote data). */
const failurePayload = z.union([
  z
    .object({
      consultationId: z.uuid(),
      timer: z.string().max(60).optional(),
      workflow: z.string().max(80),
      error: z.string().max(256),
      cause: z.string().optional(),
    })
    .strict(),
  z
    .object({
      contractId: z.uuid(),
      timer: z.string().max(60),
      workflow: z.string().max(80),
      error: z.string().max(256),
      cause: z.string().optional(),
    })
    .strict(),
]);

export const handler = stepHandler(failurePayload, ({ timers }, input) => {
  const { owner, ownerId, timer } = ownerOf(
    'consultationId' in input
      ? { consultationId: input.consultationId, ...(input.timer ? { timer: input.timer } : {}) }
      : { contractId: input.contractId, timer: input.timer },
  );
  return timers.recordFailure(owner, ownerId, {
    workflow: input.workflow,
    ...(timer ? { timer } : {}),
    error: input.error,
  });
});
