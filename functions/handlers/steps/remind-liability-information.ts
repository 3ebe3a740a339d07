import { reminderStepsOf } from '../../composition/transfer-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** The T−35 reminder or the T−28 escalation (TUPE reg 11); the milestone says which. */
const reminderPayload = z.strictObject({
  transferId: z.uuid(),
  milestone: z.optional(z.enum(['liability-information-reminder', 'liability-information-due'])),
});

export const handler = stepHandler(reminderPayload, reminderStepsOf, (reminders, { transferId, milestone }) =>
  reminders.remindLiabilityInformation(transferId, milestone),
);
