import { consultationStepsOf } from '../../composition/consultation-services.ts';
import { consultationIdPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(
  consultationIdPayload,
  consultationStepsOf,
  (consultationSteps, { consultationId }) => consultationSteps.listShards(consultationId),
);
