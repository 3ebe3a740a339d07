import { z } from 'zod';
import { workflowRuns } from '../../domain/transfer.ts';
import { stepHandler } from './step-handler.ts';

/**
 * The run and what its steps reported: the emails sent (one count, or one a shard, which stays small: 500
 * shards are 500 numbers) and, for the liability-information reminder, whether it went out overdue.
 */
const finishPayload = z
  .object({
    transferId: z.uuid(),
    milestone: z.enum(workflowRuns),
    sent: z.union([z.number().int().min(0), z.array(z.number().int().min(0)).max(10_000)]).optional(),
    overdue: z.boolean().optional(),
    /** For a date change: the number of the change its run told staff of. */
    change: z.number().int().min(1).optional(),
  })
  .strict();

export const handler = stepHandler(
  finishPayload,
  ({ steps }, { transferId, milestone, sent, overdue, change }) =>
    steps.finishMilestone(transferId, milestone, {
      ...(sent === undefined ? {} : { sent }),
      ...(overdue === undefined ? {} : { overdue }),
      ...(change === undefined ? {} : { change }),
    }),
);
