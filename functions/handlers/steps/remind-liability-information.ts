import { z } from 'zod';
import { reminderStepsOf } from '../../composition/transfer-services.ts';
import { stepHandler } from './step-handler.ts';

/** The T−35 reminder or the T−28 escalation (TUPE reg 11); the milestone says which. */
const reminderPayload = z
  .object({
    transferId: z.uuid(),
    milestone: z.enum(['liability-information-reminder', 'liability-information-due']).optional(),
  })
  .strict();

export const handler = stepHandler(reminderPayload, reminderStepsOf, (reminders, { transferId, milestone }) =>
  reminders.remindLiabilityInformation(transferId, milestone),
);
