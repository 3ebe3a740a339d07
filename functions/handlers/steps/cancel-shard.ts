import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(shardPayload, ({ changeSteps }, { transferId, shard }) =>
  changeSteps.cancelShard(transferId, shard),
);
