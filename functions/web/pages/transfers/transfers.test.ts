import { describe, expect, it } from 'vitest';
import { useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';

describe('Page: transfers', () => {
  const dashboard = useDashboardPages();
  const { send } = dashboard;

  describe('the transfers list', () => {
    it('shows each transfer with its status, date and counts, and a button to create one', async () => {
      // Prepare
      const transfer = sampleTransfer({ status: 'launched' });
      dashboard.transfers.list.mockResolvedValue([
        {
          id: transfer.id,
          name: transfer.name,
          status: 'launched',
          transferDate: '2026-10-01',
          counts: { ...transfer.counts, invited: 600, elected: 250, defaulted: 57 },
        },
      ]);

      // Act
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(browser.titleOf(html)).toBe('Transfers – Transfer Desk');
      expect(html).toContain(`href="/transfers/${transfer.id}"`);
      expect(browser.textOf(html)).toContain(`${transfer.name} Launched 1 Oct 2026 907 250 57`);
      expect(html).toContain('href="/transfers/new"');
      expect(browser.textOf(html)).toContain('Create a transfer');
      expect(browser.textOf(html)).toContain('Sign out');
    });
  });
  it('answers 404 to a page the dashboard does not have', async () => {
    // Act
    const result = await send({ method: 'GET', url: '/transfers/abc/unknown' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(dashboard.authenticate).not.toHaveBeenCalled();
  });
});
