/**
 * `POST /api/transfers/{id}/cancel`: cancels the pending milestones; a workflow tells the staff and
 * deletes the roster's personal data. 200 with the transfer, which keeps its counts. Idempotent.
 */
import { wholeTransferChangesOf } from '../composition/transfer-services.ts';
import type { WholeTransferChanges } from '../services/transfer-changes.ts';
import { recordRoute } from './http/record-route.ts';

export function createHandler(
  getServices: () => { transferChanges: Pick<WholeTransferChanges, 'cancel'> } = () => ({
    transferChanges: wholeTransferChangesOf(),
  }),
) {
  return recordRoute({ access: 'hr' }, ({ id, actor }) => getServices().transferChanges.cancel(id, actor));
}

export const handler = createHandler();
