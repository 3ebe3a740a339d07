import { workflowStepsOf } from '../../composition/transfer-services.ts';
import { shardPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(shardPayload, workflowStepsOf, (steps, { transferId, shard }) =>
  steps.sendInvitations(transferId, shard),
);
