import { consultationIdPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(consultationIdPayload, ({ consultationSteps }, { consultationId }) =>
  consultationSteps.close(consultationId),
);
