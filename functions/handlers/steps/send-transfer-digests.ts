import { z } from 'zod';
import { workflowStepsOf } from '../../composition/transfer-services.ts';
import { stepHandler } from './step-handler.ts';

/**
 * Transfer day after the shards: with a `page`, that page's managers' digests; without, HR's summary, given
 * the digests each page sent (at most one count a page: 50 at 50,000 people) to answer the day's total.
 */
const digestsPayload = z
  .object({
    transferId: z.uuid(),
    page: z.number().int().min(0).optional(),
    digestsSent: z.array(z.number().int().min(0)).max(10_000).optional(),
  })
  .strict();

export const handler = stepHandler(
  digestsPayload,
  workflowStepsOf,
  (steps, { transferId, page, digestsSent }) =>
    page === undefined
      ? steps.sendTransferSummary(transferId, digestsSent)
      : steps.sendManagerDigests(transferId, page),
);
