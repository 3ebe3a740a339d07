import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(transferPayload, ({ informationDuty }, { transferId }) =>
  informationDuty.remindUnansweredRepresentations(transferId),
);
