/** GET /: every transfer with its status and how far its pension election has got. */

import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { transferStatusTags } from '../../dashboard/labels.ts';
import type { WebResult } from '../../page-response.ts';

export async function showTransfers(request: DashboardRequest): Promise<WebResult> {
  const transfers = await request.transfers.list();
  const rows = [...transfers]
    .sort((a, b) => a.transferDate.localeCompare(b.transferDate) || a.name.localeCompare(b.name))
    .map((transfer) => ({
      href: transferPath(transfer.id),
      name: transfer.name,
      status: transferStatusTags[transfer.status],
      transferDate: transfer.transferDate,
      people: Object.values(transfer.counts).reduce((sum, count) => sum + count, 0),
      elected: transfer.counts.elected,
      defaulted: transfer.counts.defaulted,
    }));
  return renderDashboardPage(request, 'transfers/view.njk', { rows });
}
