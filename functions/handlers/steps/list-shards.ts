import { workflowStepsOf } from '../../composition/transfer-services.ts';
import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(transferPayload, workflowStepsOf, (steps, { transferId }) =>
  steps.listShards(transferId),
);
