import { changePayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(changePayload, ({ changeSteps }, { transferId, shard, change }) =>
  changeSteps.notifyDateChange(transferId, shard, change),
);
