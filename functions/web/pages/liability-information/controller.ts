/**
 * `/transfers/{id}/eli`: the employee liability information (TUPE reg 11) for HR: whether it was given
 * (when, to whom, the files' SHA-256), the button that builds and gives it, the transferee's downloads,
 * the update notices sent since, and the transfer's collective agreements. A person's own fields are
 * corrected on their page; their values are never shown here.
 *
 * The dashboard serves the page and the collective agreements form; `POST /transfers/{id}/eli` (Build and
 * give) is served by the transfer-evidence function, whose Chromium renders the PDF.
 */
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { LiabilityFile } from '../../../domain/liability-information.ts';
import { liabilityInformationDueOn } from '../../../domain/transfer-rules.ts';
import type { RenderLiabilityPdf } from '../../../services/liability-information-service.ts';
import {
  type DashboardRequest,
  liabilityInformationOf,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie, takeFlash } from '../../dashboard/flash.ts';
import { formatDate, formatInstant } from '../../date-formats.ts';
import { formFieldsOf, multilineField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { liabilityUpdateText } from '../../liability/liability-updates.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

const fileNames: Record<LiabilityFile, string> = {
  'information.pdf': 'The information (PDF)',
  'information.csv': 'The information for their HR system (CSV)',
};

const banners: Partial<Record<Flash['kind'], string>> = {
  'liability-given': "Given. The transferee's contact has been emailed a link to download it.",
  'collective-agreements-saved': 'Collective agreements saved.',
};

export function liabilityPath(id: string, rest = ''): string {
  return transferPath(id, `/eli${rest}`);
}

interface PageOptions {
  problems?: FieldProblem[];
  status?: number;
  /** The collective agreements as typed, when the form is shown again with its errors. */
  collectiveAgreements?: string;
}

async function liabilityPage(request: DashboardRequest, options: PageOptions = {}): Promise<WebResult> {
  const id = request.transferId;
  const [transfer, status] = await Promise.all([
    request.transfers.get(id),
    liabilityInformationOf(request).status(id, request.actor),
  ]);
  const path = liabilityPath(id);
  const { flash, clear } = takeFlash(request.event, path);
  const open = transfer.status !== 'completed' && transfer.status !== 'cancelled';
  const { givenAt, givenTo, sha256 } = status;
  return renderDashboardPage(
    request,
    'liability-information/view.njk',
    {
      backLink: transferPath(id),
      transfer,
      banner: flash ? banners[flash.kind] : undefined,
      dueOn: formatDate(liabilityInformationDueOn(transfer.transferDate)),
      contact: transfer.transfereeContact,
      given:
        givenAt && givenTo && sha256
          ? {
              at: formatInstant(givenAt),
              to: givenTo,
              people: status.people ?? 0,
              linkExpiresAt: status.linkExpiresAt ? formatInstant(status.linkExpiresAt) : undefined,
              pdfSha256: sha256['information.pdf'],
              csvSha256: sha256['information.csv'],
            }
          : undefined,
      giveAction: status.status === 'not-given' && open ? path : undefined,
      downloads: [...status.downloads]
        .reverse()
        .map((download) => ({ at: formatInstant(download.at), file: fileNames[download.file] })),
      updates: [...status.updates].reverse().map((update) => ({
        at: formatInstant(update.at),
        what: liabilityUpdateText(update),
        sentAt: update.sentAt ? formatInstant(update.sentAt) : undefined,
      })),
      collectiveAgreements: options.collectiveAgreements ?? status.collectiveAgreements ?? '',
      agreementsAction: liabilityPath(id, '/collective-agreements'),
    },
    {
      status: options.status ?? 200,
      errors: formErrorsView(options.problems ?? []),
      cookies: [clear],
    },
  );
}

/** GET /transfers/{id}/eli */
export async function showLiabilityInformation(request: DashboardRequest): Promise<WebResult> {
  return liabilityPage(request);
}

/** POST /transfers/{id}/eli/collective-agreements with `collectiveAgreements`: the transfer's own section. */
export async function submitCollectiveAgreements(request: DashboardRequest): Promise<WebResult> {
  const text = multilineField(formFieldsOf(request.event), 'collectiveAgreements');
  const id = request.transferId;
  try {
    await liabilityInformationOf(request).setCollectiveAgreements(id, { text }, request.actor);
  } catch (error) {
    if (error instanceof ValidationError) {
      const problems = (error.errors ?? [{ path: 'text', message: error.message }]).map(
        ({ message }): FieldProblem => ({ field: 'collectiveAgreements', message }),
      );
      return liabilityPage(request, { problems, status: error.status, collectiveAgreements: text });
    }
    throw error;
  }
  const path = liabilityPath(id);
  return redirectResponse(path, [flashCookie(request.event, path, { kind: 'collective-agreements-saved' })]);
}

/**
 * POST /transfers/{id}/eli: builds the ELI and gives it to the transferee's contact. A refusal (no contact,
 * already given, the transfer closed) is shown on the page, with nothing stored.
 */
export function giveLiabilityInformation(renderPdf: RenderLiabilityPdf) {
  return async (request: DashboardRequest): Promise<WebResult> => {
    const id = request.transferId;
    try {
      await liabilityInformationOf(request).give(id, request.actor, renderPdf);
    } catch (error) {
      if (error instanceof ConflictError) {
        return liabilityPage(request, {
          problems: [{ field: 'give', message: error.message }],
          status: error.status,
        });
      }
      throw error;
    }
    const path = liabilityPath(id);
    return redirectResponse(path, [flashCookie(request.event, path, { kind: 'liability-given' })]);
  };
}
