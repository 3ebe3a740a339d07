import { workflowBookkeepingOf } from '../../composition/transfer-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** The Catch hands over the error name and its cause; only the name is kept (a cause may quote data). */
const failurePayload = z.strictObject({
  transferId: z.uuid(),
  workflow: z.string().check(z.maxLength(80)),
  milestone: z.string().check(z.maxLength(40)),
  error: z.string().check(z.maxLength(256)),
  cause: z.optional(z.string()),
});

export const handler = stepHandler(
  failurePayload,
  workflowBookkeepingOf,
  (steps, { transferId, workflow, milestone, error }) =>
    steps.recordFailure({ transferId, workflow, milestone, error }),
);
