/**
 * `/transfers/{id}/cancel`: a confirmation page that says what cancelling does (who is emailed, links and
 * personal data gone, the milestones that stop, no undo), then cancels through the same service as
 * `POST /api/transfers/{id}/cancel`. The service takes no reason, so the page asks for none.
 */
import { countToldOfCancellation } from '../../../domain/cancellation.ts';
import { ConflictError } from '../../../domain/errors.ts';
import type { TransferView } from '../../../services/contracts.ts';
import {
  type DashboardRequest,
  renderDashboardPage,
  transferChangesOf,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { milestoneNames } from '../../dashboard/labels.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

async function confirmationPage(
  request: DashboardRequest,
  options: { problems?: FieldProblem[]; status?: number } = {},
): Promise<WebResult> {
  const id = request.transferId;
  const transfer: TransferView = await request.transfers.get(id);
  return renderDashboardPage(
    request,
    'cancel-transfer/view.njk',
    {
      backLink: transferPath(id),
      transfer,
      cancellable: transfer.status !== 'completed' && transfer.status !== 'cancelled',
      emailed: countToldOfCancellation(transfer),
      pending: transfer.milestones
        .filter((milestone) => milestone.status === 'pending')
        .map((milestone) => ({
          name: milestoneNames[milestone.kind] ?? milestone.kind,
          dueOn: milestone.dueOn,
        })),
      cancelAction: transferPath(id, '/cancel'),
    },
    { status: options.status ?? 200, errors: formErrorsView(options.problems ?? []) },
  );
}

/** GET /transfers/{id}/cancel */
export async function showCancelTransfer(request: DashboardRequest): Promise<WebResult> {
  return confirmationPage(request);
}

/** POST /transfers/{id}/cancel */
export async function cancelTransfer(request: DashboardRequest): Promise<WebResult> {
  const id = request.transferId;
  try {
    await transferChangesOf(request).cancel(id, request.actor);
  } catch (error) {
    if (error instanceof ConflictError) {
      return confirmationPage(request, {
        status: error.status,
        problems: [{ field: 'cancel', targetId: 'confirm', message: error.message }],
      });
    }
    throw error;
  }
  return redirectResponse(transferPath(id), [
    flashCookie(request.event, transferPath(id), { kind: 'cancelled' }),
  ]);
}
