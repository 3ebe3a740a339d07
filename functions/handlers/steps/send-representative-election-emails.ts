import { z } from 'zod';
import { representativeElectionStepsOf } from '../../composition/representative-services.ts';
import { representativeMessages } from '../../services/representative-election-steps.ts';
import { stepHandler } from './step-handler.ts';

const payload = z
  .object({ transferId: z.uuid(), shard: z.number().int().min(0), message: z.enum(representativeMessages) })
  .strict();

export const handler = stepHandler(
  payload,
  representativeElectionStepsOf,
  (representativeSteps, { transferId, shard, message }) =>
    representativeSteps.sendEmails(transferId, shard, message),
);
