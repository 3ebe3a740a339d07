import { workflowBookkeepingOf } from '../../composition/transfer-services.ts';
import { workflowRuns } from '../../domain/transfer.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/**
 * The run and what its steps reported: the emails sent (one count, or one a shard, which stays small: 500
 * shards are 500 numbers) and, for the liability-information reminder, whether it went out overdue.
 */
const finishPayload = z.strictObject({
  transferId: z.uuid(),
  milestone: z.enum(workflowRuns),
  sent: z.optional(
    z.union([
      z.number().check(z.int(), z.minimum(0)),
      z.array(z.number().check(z.int(), z.minimum(0))).check(z.maxLength(10_000)),
    ]),
  ),
  /** Transfer day's emails to managers and HR, sent after the shards. */
  digestsSent: z.optional(z.number().check(z.int(), z.minimum(0))),
  overdue: z.optional(z.boolean()),
  /** For a date change: the number of the change its run told staff of. */
  change: z.optional(z.number().check(z.int(), z.minimum(1))),
});

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
