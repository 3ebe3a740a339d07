import { transferChangeStepsOf } from '../../composition/transfer-services.ts';
import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(
  shardPayload,
  transferChangeStepsOf,
  (changeSteps, { transferId, shard }) => changeSteps.cancelShard(transferId, shard),
);
