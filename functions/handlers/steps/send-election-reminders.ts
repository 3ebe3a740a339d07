import { reminderStepsOf } from '../../composition/transfer-services.ts';
import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(shardPayload, reminderStepsOf, (reminders, { transferId, shard }) =>
  reminders.sendElectionReminders(transferId, shard),
);
