/**
 * `POST /api/consultations/{id}/outcome` `{decision, summary}`: records a closed consultation's outcome
 * once; a workflow tells the participants, and a contract renewal waiting for it is settled. 200 with the
 * consultation; 409 before the close or when already recorded.
 */
import { consultationServiceOf } from '../composition/consultation-services.ts';
import type { Services } from '../services/contracts.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody } from './http/request-schemas.ts';

const outcomeBody = jsonObjectBody('Send the outcome as a JSON object');

export function createHandler(
  getServices: () => Pick<Services, 'consultations'> = () => ({ consultations: consultationServiceOf() }),
) {
  return recordRoute({ access: 'hr', body: outcomeBody }, ({ id, body, actor }) =>
    getServices().consultations.recordOutcome(id, body, actor),
  );
}

export const handler = createHandler();
