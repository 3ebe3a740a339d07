import { contractStepsOf } from '../../composition/consultation-services.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

/** The contract and its escalation timer's key: ids only. */
const escalationPayload = z.strictObject({ contractId: z.uuid(), timer: z.literal('renewal-escalation') });

export const handler = stepHandler(escalationPayload, contractStepsOf, (contractSteps, { contractId }) =>
  contractSteps.escalate(contractId),
);
