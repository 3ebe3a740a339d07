/** GET /: every transfer with its status and how far its pension election has got. */

import type { TransferSummary } from '../../../services/contracts.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { transferStatusTags } from '../../dashboard/labels.ts';
import type { WebResult } from '../../page-response.ts';

/** Soonest transfer first; on one day, by name. */
const byTransferDate = (a: TransferSummary, b: TransferSummary) =>
  a.transferDate.localeCompare(b.transferDate) || a.name.localeCompare(b.name);

export async function showTransfers(request: DashboardRequest): Promise<WebResult> {
  const transfers = (await request.transfers.list()).toSorted(byTransferDate);
  const rows = transfers.map((transfer) => ({
    href: transferPath(transfer.id),
    name: transfer.name,
    status: transferStatusTags[transfer.status],
    transferDate: transfer.transferDate,
    people: Object.values(transfer.counts).reduce((sum, count) => sum + count, 0),
    // After transfer day everyone is `transferred`: how they got their scheme is kept from that day.
    elected: transfer.completion?.chose ?? transfer.counts.elected,
    defaulted: transfer.completion?.defaulted ?? transfer.counts.defaulted,
  }));
  return renderDashboardPage(request, 'transfers/view.njk', { rows });
}
