import { informationDutyServiceOf } from '../../composition/representative-services.ts';
import { stepHandler, transferPayload } from './step-handler.ts';

export const handler = stepHandler(
  transferPayload,
  informationDutyServiceOf,
  (informationDuty, { transferId }) => informationDuty.remindUnansweredRepresentations(transferId),
);
