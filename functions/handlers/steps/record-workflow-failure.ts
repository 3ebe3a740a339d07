import { z } from 'zod';
import { workflowBookkeepingOf } from '../../composition/transfer-services.ts';
import { stepHandler } from './step-handler.ts';

/** The Catch hands over the error name and its cause; only the name is kept (a cause may quote data). */
const failurePayload = z
  .object({
    transferId: z.uuid(),
    workflow: z.string().max(80),
    milestone: z.string().max(40),
    error: z.string().max(256),
    cause: z.string().optional(),
  })
  .strict();

export const handler = stepHandler(
  failurePayload,
  workflowBookkeepingOf,
  (steps, { transferId, workflow, milestone, error }) =>
    steps.recordFailure({ transferId, workflow, milestone, error }),
);
