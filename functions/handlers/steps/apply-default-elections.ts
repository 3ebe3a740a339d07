import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(shardPayload, ({ steps }, { transferId, shard }) =>
  steps.applyDefaultElections(transferId, shard),
);
