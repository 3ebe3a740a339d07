import { workflowStepsOf } from '../../composition/transfer-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/**
 * Transfer day after the shards: with a `page`, that page's managers' digests; without, HR's summary, given
 * the digests each page sent (at most one count a page: 50 at 50,000 people) to answer the day's total.
 */
const digestsPayload = z.strictObject({
  transferId: z.uuid(),
  page: z.optional(z.number().check(z.int(), z.minimum(0))),
  digestsSent: z.optional(z.array(z.number().check(z.int(), z.minimum(0))).check(z.maxLength(10_000))),
});

export const handler = stepHandler(
  digestsPayload,
  workflowStepsOf,
  (steps, { transferId, page, digestsSent }) =>
    page === undefined
      ? steps.sendTransferSummary(transferId, digestsSent)
      : steps.sendManagerDigests(transferId, page),
);
