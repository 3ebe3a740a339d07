/**
 * `/transfers/{id}/launch`: a confirmation page that says what launching does (who is emailed, when the
 * election closes, what cannot be undone), then launches through the same service as the JSON API. A
 * transfer that cannot be launched says why, here and when the service refuses.
 */
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { TransferView } from '../../../services/contracts.ts';
import { transferPath } from '../../dashboard/dashboard-page.ts';
import { transferConfirmation } from '../../dashboard/transfer-confirmation.ts';

/** Why the transfer cannot be launched now, as the page says it; none when it can. */
function refusalOf(transfer: TransferView): string | undefined {
  if (transfer.status === 'launched') return 'The transfer has been launched already.';
  if (transfer.status !== 'draft') return `The transfer is ${transfer.status}: it cannot be launched.`;
  if (transfer.total === 0) return 'Add staff to the roster before launching.';
  return undefined;
}

/** GET and POST /transfers/{id}/launch */
export const launchTransferPage = transferConfirmation({
  template: 'launch-transfer/view.njk',
  context: (transfer, id) => ({
    refusal: refusalOf(transfer),
    rosterHref: transfer.status === 'draft' ? transferPath(id, '/staff') : undefined,
    defaultOption: transfer.pension.options.find((option) => option.code === transfer.pension.defaultOption),
    launchAction: transferPath(id, '/launch'),
  }),
  act: (request) => request.transfers.launch(request.transferId, request.actor),
  refuses: (error) => error instanceof ValidationError || error instanceof ConflictError,
  problemsOf: (error) =>
    (error.errors?.map((problem) => problem.message) ?? [error.message]).map((message, index) => ({
      field: `launch-${index}`,
      targetId: 'launch',
      message,
    })),
  done: { kind: 'launched' },
});
