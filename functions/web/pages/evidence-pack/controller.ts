/**
 * `/transfers/{id}/evidence-packs`: the transfer's evidence pack built in S3 as a ZIP
 * (functions/services/evidence-pack-service.ts), for HR in the browser. `POST` (Prepare the evidence pack
 * (ZIP), on the transfer page and here) starts one and sends HR to its page; `GET …/{packId}` shows its
 * progress while it builds (with a Check again button: the page does not refresh itself, which WCAG 2.2.1
 * asks of an automatic refresh), then its size, SHA-256 and a download link (pre-signed, 15 minutes; the
 * page gives a fresh one each time it opens), or why it failed. `GET /transfers/{id}/evidence` of a large
 * transfer lands here too (functions/handlers/transfer-evidence.ts).
 */
import { downloadLinkSeconds } from '../../../domain/evidence-pack.ts';
import type { EvidencePackAnswer } from '../../../services/evidence-pack-requests.ts';
import {
  type DashboardRequest,
  evidencePacksOf,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

export function evidencePackPath(transferId: string, packId: string): string {
  return transferPath(transferId, `/evidence-packs/${encodeURIComponent(packId)}`);
}

const statusTags: Record<EvidencePackAnswer['status'], { text: string; classes: string }> = {
  building: { text: 'Being prepared', classes: 'govuk-tag--blue' },
  ready: { text: 'Ready', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
};

/** `3.4 MB`: the size HR reads before downloading (1 MB = 1,000,000 bytes, as a file manager shows it). */
export function sizeInWords(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return `${shown} ${units[unit]}`;
}

/** POST /transfers/{id}/evidence-packs: starts a pack and shows its page. */
export async function submitEvidencePack(request: DashboardRequest): Promise<WebResult> {
  const pack = await evidencePacksOf(request).request(request.transferId, request.actor);
  return redirectResponse(evidencePackPath(request.transferId, pack.packId));
}

/** GET /transfers/{id}/evidence-packs/{packId} */
export async function showEvidencePack(request: DashboardRequest): Promise<WebResult> {
  const id = request.transferId;
  const packId = request.event.pathParameters?.packId ?? '';
  // The pack first: an unknown transfer or pack is a 404 page before the transfer's counts are read.
  const pack = await evidencePacksOf(request).status(id, packId);
  const transfer = await request.transfers.get(id);
  const { shardsDone, shardsTotal, percent } = pack.progress;
  return renderDashboardPage(request, 'evidence-pack/view.njk', {
    transfer: { id: transfer.id, name: transfer.name },
    pack,
    statusTag: statusTags[pack.status],
    progressText:
      pack.status === 'ready'
        ? `All ${shardsTotal.toLocaleString('en-GB')} parts written and put together (100%)`
        : `${shardsDone.toLocaleString('en-GB')} of ${shardsTotal.toLocaleString('en-GB')} parts written (${percent}%)`,
    size: pack.bytes === undefined ? undefined : sizeInWords(pack.bytes),
    linkMinutes: downloadLinkSeconds / 60,
    checkAgainHref: evidencePackPath(id, pack.packId),
    prepareAction: transferPath(id, '/evidence-packs'),
    backLink: transferPath(id),
  });
}
