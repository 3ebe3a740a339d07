import { z } from 'zod';
import { contractStepsOf } from '../../composition/consultation-services.ts';
import { stepHandler } from './step-handler.ts';

/** The contract and the reminder's timer key (`renewal-reminder#30`): ids only. */
const reminderPayload = z
  .object({ contractId: z.uuid(), timer: z.string().regex(/^renewal-reminder#\d{1,3}$/) })
  .strict();

export const handler = stepHandler(reminderPayload, contractStepsOf, (contractSteps, { contractId, timer }) =>
  contractSteps.sendReminder(contractId, timer),
);
