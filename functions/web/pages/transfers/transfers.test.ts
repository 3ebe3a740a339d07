import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { type DashboardPages, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import { bodyOf, textOf, titleOf } from '../../../../test/fixtures/page-requests.ts';
import type { Actor, TransferService } from '../../../services/contracts.ts';

const _hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
const _transferId = 'tr-staffs-asc-2026';

function _multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; content: string },
) {
  const boundary = '----TransferDeskTestBoundary7MA4YWxk';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        `Content-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  }
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const _rosterCsv = [
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart',
  'E1001,Amira Okafor,amira.okafor@council.example,Social worker,Adults North,,LGPS,permanent,,2011-09-05',
  'E1002,Tom Hughes,tom.hughes@council.example,Care assistant,,,LGPS,fixed-term,2027-03-31,2024-04-01',
].join('\n');

describe('Page: transfers', () => {
  const dashboard = useDashboardPages();
  let transfers: Mocked<TransferService>;
  let authenticate: DashboardPages['authenticate'];
  beforeEach(() => {
    ({ transfers, authenticate } = dashboard);
  });
  const { send } = dashboard;

  describe('the transfers list', () => {
    it('shows each transfer with its status, date and counts, and a button to create one', async () => {
      // Prepare
      const transfer = sampleTransfer({ status: 'launched' });
      transfers.list.mockResolvedValue([
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
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(titleOf(html)).toBe('Transfers – Transfer Desk');
      expect(html).toContain(`href="/transfers/${transfer.id}"`);
      expect(textOf(html)).toContain(`${transfer.name} Launched 1 Oct 2026 907 250 57`);
      expect(html).toContain('href="/transfers/new"');
      expect(textOf(html)).toContain('Create a transfer');
      expect(textOf(html)).toContain('Sign out');
    });
  });
  it('answers 404 to a page the dashboard does not have', async () => {
    // Act
    const result = await send({ method: 'GET', url: '/transfers/abc/unknown' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(authenticate).not.toHaveBeenCalled();
  });
});
