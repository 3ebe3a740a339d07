/**
 * `PATCH /api/transfers/{id}` `{transferDate?, electionClosesOn?}`: moves the dates; pending milestones
 * move, the change is recorded, and the affected staff are told by a workflow. 200 with the transfer.
 */
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody } from './http/request-schemas.ts';

const dateChangeBody = jsonObjectBody();

export function createHandler(getServices: () => Pick<Services, 'transferChanges'> = services) {
  return recordRoute({ access: 'hr', body: dateChangeBody }, ({ id, body, actor }) =>
    getServices().transferChanges.moveDates(id, body, actor),
  );
}

export const handler = createHandler();
