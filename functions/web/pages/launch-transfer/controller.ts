/**
 * `/transfers/{id}/launch`: a confirmation page that says what launching does (who is emailed, when the
 * election closes, what cannot be undone), then launches through the same service as the JSON API. A
 * transfer that cannot be launched says why, here and when the service refuses.
 */
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { TransferView } from '../../../services/contracts.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

/** Why the transfer cannot be launched now, as the page says it; none when it can. */
function refusalOf(transfer: TransferView): string | undefined {
  if (transfer.status === 'launched') return 'The transfer has been launched already.';
  if (transfer.status !== 'draft') return `The transfer is ${transfer.status}: it cannot be launched.`;
  if (transfer.total === 0) return 'Add staff to the roster before launching.';
  return undefined;
}

async function confirmationPage(
  request: DashboardRequest,
  options: { problems?: FieldProblem[]; status?: number } = {},
): Promise<WebResult> {
  const id = request.transferId;
  const transfer = await request.transfers.get(id);
  const defaultOption = transfer.pension.options.find(
    (option) => option.code === transfer.pension.defaultOption,
  );
  return renderDashboardPage(
    request,
    'launch-transfer/view.njk',
    {
      backLink: transferPath(id),
      transfer,
      refusal: refusalOf(transfer),
      rosterHref: transfer.status === 'draft' ? transferPath(id, '/staff') : undefined,
      defaultOption,
      launchAction: transferPath(id, '/launch'),
    },
    { status: options.status ?? 200, errors: formErrorsView(options.problems ?? []) },
  );
}

/** GET /transfers/{id}/launch */
export async function showLaunchTransfer(request: DashboardRequest): Promise<WebResult> {
  return confirmationPage(request);
}

/** POST /transfers/{id}/launch */
export async function launchTransfer(request: DashboardRequest): Promise<WebResult> {
  const id = request.transferId;
  try {
    await request.transfers.launch(id, request.actor);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const messages = error.errors?.map((problem) => problem.message) ?? [error.message];
      return confirmationPage(request, {
        status: error.status,
        problems: messages.map((message, index) => ({
          field: `launch-${index}`,
          targetId: 'launch',
          message,
        })),
      });
    }
    throw error;
  }
  return redirectResponse(transferPath(id), [
    flashCookie(request.event, transferPath(id), { kind: 'launched' }),
  ]);
}
