/**
 * `/transfers/{id}/cancel`: a confirmation page that says what cancelling does (who is emailed, links and
 * personal data gone, the milestones that stop, no undo), then cancels through the same service as
 * `POST /api/transfers/{id}/cancel`. The service takes no reason, so the page asks for none.
 */
import { countToldOfCancellation } from '../../../domain/cancellation.ts';
import { ConflictError } from '../../../domain/errors.ts';
import { transferChangesOf, transferPath } from '../../dashboard/dashboard-page.ts';
import { milestoneNames } from '../../dashboard/labels.ts';
import { transferConfirmation } from '../../dashboard/transfer-confirmation.ts';

/** GET and POST /transfers/{id}/cancel */
export const cancelTransferPage = transferConfirmation({
  template: 'cancel-transfer/view.njk',
  context: (transfer, id) => ({
    cancellable: transfer.status !== 'completed' && transfer.status !== 'cancelled',
    emailed: countToldOfCancellation(transfer),
    pending: transfer.milestones
      .filter((milestone) => milestone.status === 'pending')
      .map((milestone) => ({
        name: milestoneNames[milestone.kind] ?? milestone.kind,
        dueOn: milestone.dueOn,
      })),
    cancelAction: transferPath(id, '/cancel'),
  }),
  act: (request) => transferChangesOf(request).cancel(request.transferId, request.actor),
  refuses: (error) => error instanceof ConflictError,
  problemsOf: (error) => [{ field: 'cancel', targetId: 'confirm', message: error.message }],
  done: { kind: 'cancelled' },
});
