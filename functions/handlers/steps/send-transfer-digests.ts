import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(transferPayload, ({ steps }, { transferId }) =>
  steps.sendTransferDigests(transferId),
);
