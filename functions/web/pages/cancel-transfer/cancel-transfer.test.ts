import { describe, expect, it } from 'vitest';
import { itAsksToConfirm } from '../../../../test/fixtures/confirmation-pages.ts';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ConflictError } from '../../../domain/errors.ts';

const cancelUrl = `/transfers/${transferId}/cancel`;
const launched = sampleTransfer({
  status: 'launched',
  launchedAt: '2026-06-01T09:00:00.000Z',
  total: 907,
  counts: { ...sampleTransfer().counts, invited: 600, elected: 300, objected: 5, excluded: 2 },
  milestones: [
    { kind: 'election-closes', dueOn: '2026-08-14', dueAt: '2026-08-14T23:00:00.000Z', status: 'pending' },
    { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
  ],
});

describe('Page: cancel-transfer', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  itAsksToConfirm(dashboard, {
    action: 'cancel',
    does: 'cancels',
    heading: 'Cancel this transfer',
    transfer: launched,
    says: [
      'we will email the 905 people who were told about it that it is cancelled',
      'every personal link to choose a pension scheme stops working',
      'the personal data of the 907 people on the roster is deleted at once',
      'Pension election closes (Friday 14 August 2026)',
      'Transfer day (Thursday 1 October 2026)',
      'You cannot undo this.',
    ],
    call: ({ changes }) => changes.cancel,
  });

  it('says nobody is emailed for a draft', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ total: 3 }));

    // Act
    const result = await send({ method: 'GET', url: cancelUrl });

    // Assess
    expect(browser.textOf(browser.bodyOf(result))).toContain(
      'nobody is emailed: the transfer was not launched',
    );
  });

  it('offers no button for a completed transfer, and shows the refusal when it completed meanwhile', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'completed' }));
    dashboard.changes.cancel.mockRejectedValue(
      new ConflictError('The transfer is completed; it can no longer be cancelled'),
    );
    const page = await visit(cancelUrl);

    // Act
    const result = await page.post(cancelUrl, {});

    // Assess
    expect(browser.bodyOf(page.page)).not.toContain(`action="${cancelUrl}"`);
    expect(browser.textOf(browser.bodyOf(page.page))).toContain(
      'The transfer is completed: it cannot be cancelled.',
    );
    expect(browser.errorsOf(result)).toMatchObject({
      status: 409,
      summary: [{ href: '#confirm', text: 'The transfer is completed; it can no longer be cancelled' }],
    });
  });
});
