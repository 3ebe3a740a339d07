import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(transferPayload, ({ reminders }, { transferId }) =>
  reminders.remindLiabilityInformation(transferId),
);
