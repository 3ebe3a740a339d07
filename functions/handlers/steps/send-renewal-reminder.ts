import { contractStepsOf } from '../../composition/consultation-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** The contract and the reminder's timer key (`renewal-reminder#30`): ids only. */
const reminderPayload = z.strictObject({
  contractId: z.uuid(),
  timer: z.string().check(z.regex(/^renewal-reminder#\d{1,3}$/)),
});

export const handler = stepHandler(reminderPayload, contractStepsOf, (contractSteps, { contractId, timer }) =>
  contractSteps.sendReminder(contractId, timer),
);
