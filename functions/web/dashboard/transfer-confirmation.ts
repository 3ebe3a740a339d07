/**
 * transferConfirmation(): a page that asks HR to confirm one thing done to a whole transfer (launch it,
 * cancel it). GET says what will happen; POST does it through the same service as the JSON API and goes
 * back to the transfer's page with a banner, or shows the page again with the service's reasons (422, 409).
 */
import type { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { TransferView } from '../../services/contracts.ts';
import type { FieldProblem } from '../form-errors.ts';
import { formErrorsView } from '../form-errors.ts';
import { redirectResponse, type WebResult } from '../page-response.ts';
import {
  type DashboardForm,
  type DashboardRequest,
  renderDashboardPage,
  transferPath,
} from './dashboard-page.ts';
import { type Flash, flashCookie } from './flash.ts';

type Refusal = ValidationError | ConflictError;

export interface TransferConfirmationDefinition<Refused extends Refusal> {
  /** Its view, e.g. `launch-transfer/view.njk`. */
  template: string;
  /** What the page says besides the transfer and the way back to it. */
  context(transfer: TransferView, id: string): object;
  /** Does it. */
  act(request: DashboardRequest): Promise<unknown>;
  /** The service's refusals the page shows; any other error becomes an error page. */
  refuses(error: unknown): error is Refused;
  /** A refusal's reasons, each linked to the page's confirm button. */
  problemsOf(error: Refused): FieldProblem[];
  /** The banner on the transfer's page once done. */
  done: Flash;
}

export function transferConfirmation<Refused extends Refusal>(
  definition: TransferConfirmationDefinition<Refused>,
): DashboardForm {
  const page = async (
    request: DashboardRequest,
    options: { problems?: FieldProblem[]; status?: number } = {},
  ): Promise<WebResult> => {
    const id = request.transferId;
    const transfer = await request.transfers.get(id);
    return renderDashboardPage(
      request,
      definition.template,
      { backLink: transferPath(id), transfer, ...definition.context(transfer, id) },
      { status: options.status ?? 200, errors: formErrorsView(options.problems ?? []) },
    );
  };
  return {
    show: (request) => page(request),
    async submit(request) {
      try {
        await definition.act(request);
      } catch (error) {
        if (!definition.refuses(error)) throw error;
        return page(request, { status: error.status, problems: definition.problemsOf(error) });
      }
      const path = transferPath(request.transferId);
      return redirectResponse(path, [flashCookie(request.event, path, definition.done)]);
    },
  };
}
