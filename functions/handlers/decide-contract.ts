/**
 * `POST /api/contracts/{id}/decision` `{decision: "renew"|"end", newEndDate?, note?}`: HR or the contract's
 * manager decides. 200 `{contract, warnings, renewedAs?, consultationId?}`: `warnings` carries
 * FIXED_TERM_FOUR_YEAR_RULE when a renewal passes four years of fixed-term service. 403 for another
 * manager, 409 once decided, 422 for a bad decision. The note may be personal: stored, never logged.
 */
import { contractServiceOf } from '../composition/consultation-services.ts';
import type { Services } from '../services/contracts.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody } from './http/request-schemas.ts';

const decisionBody = jsonObjectBody('Send the decision as a JSON object');

export function createHandler(
  getServices: () => Pick<Services, 'contracts'> = () => ({ contracts: contractServiceOf() }),
) {
  return recordRoute({ access: 'hr-or-manager', body: decisionBody }, ({ id, body, actor }) =>
    getServices().contracts.decide(id, body, actor),
  );
}

export const handler = createHandler();
