/**
 * `POST /api/transfers/{id}/cancel`: cancels the pending milestones; a workflow tells the staff and
 * deletes the roster's personal data. 200 with the transfer, which keeps its counts. Idempotent.
 */
import { transferChangesServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import { recordRoute } from './http/record-route.ts';

export function createHandler(
  getServices: () => Pick<Services, 'transferChanges'> = () => ({
    transferChanges: transferChangesServiceOf(),
  }),
) {
  return recordRoute({ access: 'hr' }, ({ id, actor }) => getServices().transferChanges.cancel(id, actor));
}

export const handler = createHandler();
