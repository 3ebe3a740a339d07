import { z } from 'zod';
import { contractStepsOf } from '../../composition/consultation-services.ts';
import { stepHandler } from './step-handler.ts';

/** The contract and its escalation timer's key: ids only. */
const escalationPayload = z.object({ contractId: z.uuid(), timer: z.literal('renewal-escalation') }).strict();

export const handler = stepHandler(escalationPayload, contractStepsOf, (contractSteps, { contractId }) =>
  contractSteps.escalate(contractId),
);
