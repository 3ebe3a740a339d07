import { transferChangeStepsOf } from '../../composition/transfer-services.ts';
import { changePayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(
  changePayload,
  transferChangeStepsOf,
  (changeSteps, { transferId, shard, change }) => changeSteps.notifyDateChange(transferId, shard, change),
);
