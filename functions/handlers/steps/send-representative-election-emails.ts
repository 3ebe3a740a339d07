import { representativeElectionStepsOf } from '../../composition/representative-services.ts';
import { representativeMessages } from '../../services/representative-election-steps.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

const payload = z.strictObject({
  transferId: z.uuid(),
  shard: z.number().check(z.int(), z.minimum(0)),
  message: z.enum(representativeMessages),
});

export const handler = stepHandler(
  payload,
  representativeElectionStepsOf,
  (representativeSteps, { transferId, shard, message }) =>
    representativeSteps.sendEmails(transferId, shard, message),
);
