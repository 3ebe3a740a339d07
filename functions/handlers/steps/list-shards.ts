import { workflowBookkeepingOf } from '../../composition/transfer-services.ts';
import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(transferPayload, workflowBookkeepingOf, (steps, { transferId }) =>
  steps.listShards(transferId),
);
