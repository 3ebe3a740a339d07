import { z } from 'zod';
import { workflowBookkeepingOf } from '../../composition/transfer-services.ts';
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
    /** Transfer day's emails to managers and HR, sent after the shards. */
    digestsSent: z.number().int().min(0).optional(),
    overdue: z.boolean().optional(),
    /** For a date change: the number of the change its run told staff of. */
    change: z.number().int().min(1).optional(),
  })
  .strict();

export const handler = stepHandler(
  finishPayload,
  workflowBookkeepingOf,
  (steps, { transferId, milestone, sent, digestsSent, overdue, change }) =>
    steps.finishMilestone(transferId, milestone, {
      ...(digestsSent === undefined
        ? sent === undefined
          ? {}
          : { sent }
        : { sent: [...[sent ?? []].flat(), digestsSent] }),
      ...(overdue === undefined ? {} : { overdue }),
      ...(change === undefined ? {} : { change }),
    }),
);
