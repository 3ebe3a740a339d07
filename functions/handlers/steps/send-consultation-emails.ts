import { consultationStepsOf } from '../../composition/consultation-services.ts';
import { consultationMessages } from '../../services/consultation-steps.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** One participant shard (`T3`, `I0`, a public respondents' `P2`) and which email it gets. */
export const consultationShardPayload = z.strictObject({
  consultationId: z.uuid(),
  shard: z.string().check(z.regex(/^[TIP]\d{1,6}$/)),
  message: z.enum(consultationMessages),
});

export const handler = stepHandler(
  consultationShardPayload,
  consultationStepsOf,
  (consultationSteps, { consultationId, shard, message }) =>
    consultationSteps.sendEmails(consultationId, shard, message),
);
