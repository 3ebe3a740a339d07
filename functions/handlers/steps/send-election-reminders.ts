import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(shardPayload, ({ reminders }, { transferId, shard }) =>
  reminders.sendElectionReminders(transferId, shard),
);
