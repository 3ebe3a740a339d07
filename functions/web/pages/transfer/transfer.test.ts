import { describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { TransferNotFoundError, ValidationError } from '../../../domain/errors.ts';

describe('Page: transfer', () => {
  const dashboard = useDashboardPages();
  const { send, formToken } = dashboard;

  describe('the transfer page', () => {
    const launched = sampleTransfer({
      status: 'launched',
      total: 907,
      counts: { ...sampleTransfer().counts, invited: 600, elected: 250, defaulted: 57 },
      elections: { LGPS: 207, NHSPS: 100 },
      milestones: [
        {
          kind: 'election-closes',
          dueOn: '2026-08-14',
          dueAt: '2026-08-14T23:00:00.000Z',
          status: 'pending',
        },
        { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
      ],
      failures: [
        {
          workflow: 'launch-transfer',
          error: 'Invitations for shard 3 could not be sent',
          at: '2026-07-01T09:00:00.000Z',
        },
      ],
    });

    it('shows the details, tasks, milestones, counts, tallies, people and the failures', async () => {
      // Prepare
      dashboard.transfers.get.mockResolvedValue(launched);
      dashboard.transfers.listStaff.mockResolvedValue({
        items: [
          {
            employeeNumber: 'E1001',
            name: 'Amira Okafor',
            status: 'elected',
            election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T13:05:00.000Z' },
          },
          { employeeNumber: 'E1002', name: 'Tom Hughes', status: 'invited' },
        ],
        next: 'cursor-2',
      });

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}?status=elected` });

      // Assess
      const text = browser.textOf(browser.bodyOf(result));
      expect(result.statusCode).toBe(200);
      expect(browser.headingOf(browser.bodyOf(result))).toBe(launched.name);
      expect(dashboard.transfers.listStaff).toHaveBeenCalledWith(transferId, {
        limit: 50,
        status: 'elected',
      });
      expect(text).toContain('Transferor Staffordshire County Council');
      expect(text).toContain('Transfer date Thursday 1 October 2026');
      expect(text).toContain('Upload the staff roster 907 people on the roster Completed');
      expect(text).toContain('Follow the pension elections In progress');
      expect(text).toContain('Pension election closes Friday 14 August 2026 Pending');
      expect(text).toContain('Transfer day Thursday 1 October 2026 Pending');
      expect(text).toContain('Chose a scheme 250');
      expect(text).toContain('Given the default 57');
      expect(text).toContain(
        'Stay in the Local Government Pension Scheme (LGPS) Default 207 23% of the roster',
      );
      expect(browser.bodyOf(result)).toContain('td-bar--25');
      expect(text).toContain('E1001 Amira Okafor Chose a scheme Join the NHS Pension Scheme (chosen)');
      expect(text).toContain('E1002 Tom Hughes Invited Not chosen yet');
      expect(browser.bodyOf(result)).toContain(
        `href="/transfers/${transferId}?status=elected&amp;next=cursor-2#people"`,
      );
      expect(browser.bodyOf(result)).toContain(`href="/transfers/${transferId}/elections.csv"`);
      expect(text).toContain('A step did not finish: launch-transfer failed on 1 July 2026 at 10:00am.');
      expect(browser.bodyOf(result)).not.toContain('Launch transfer');
    });

    it('offers the launch button on a draft with a roster, and launches it', async () => {
      // Prepare
      const draft = sampleTransfer({ total: 2, counts: { ...sampleTransfer().counts, imported: 2 } });
      dashboard.transfers.get.mockResolvedValue(draft);
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });
      dashboard.transfers.launch.mockResolvedValue();
      const page = await send({ method: 'GET', url: `/transfers/${transferId}` });
      const cookies = browser.cookiesFrom(page);
      const csrf = browser.hiddenField(browser.bodyOf(page), '_csrf') ?? '';

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: { _csrf: csrf },
      });

      // Assess
      expect(browser.bodyOf(page)).toContain(`action="/transfers/${transferId}/launch"`);
      expect(browser.textOf(browser.bodyOf(page))).toContain('Launch the transfer');
      expect(browser.textOf(browser.bodyOf(page))).toContain(
        'The milestones are set when you launch the transfer.',
      );
      expect(dashboard.transfers.launch).toHaveBeenCalledExactlyOnceWith(transferId, hr);
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(`/transfers/${transferId}`);
    });

    it('shows why a launch was refused on the transfer page, linked to the launch button', async () => {
      // Prepare
      const draft = sampleTransfer({ total: 2 });
      dashboard.transfers.get.mockResolvedValue(draft);
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });
      dashboard.transfers.launch.mockRejectedValue(
        new ValidationError('The election closing date has passed', {
          errors: [
            { path: 'pension.electionClosesOn', message: 'Move the election closing date before launching' },
          ],
        }),
      );
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: { _csrf: csrf },
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#launch', text: 'Move the election closing date before launching' },
      ]);
      expect(browser.hasElementWithId(browser.bodyOf(result), 'launch')).toBe(true);
    });

    it('does not launch without the CSRF field', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: {},
      });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(dashboard.transfers.launch).not.toHaveBeenCalled();
    });

    it('answers 404 for a transfer that does not exist', async () => {
      // Prepare
      dashboard.transfers.get.mockRejectedValue(new TransferNotFoundError('No transfer'));
      dashboard.transfers.listStaff.mockRejectedValue(new TransferNotFoundError('No transfer'));

      // Act
      const result = await send({ method: 'GET', url: '/transfers/missing' });

      // Assess
      expect(result.statusCode).toBe(404);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('Page not found');
    });

    it('downloads the elections CSV with the session', async () => {
      // Prepare
      dashboard.transfers.electionsCsv.mockResolvedValue(
        'employeeNumber,name,option,how,at\r\nE1001,Amira Okafor,NHSPS,staff,2026-07-01\r\n',
      );

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}/elections.csv` });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(result.headers['content-disposition']).toBe(
        `attachment; filename="elections-${transferId}.csv"`,
      );
      expect(result.body).toContain('E1001,Amira Okafor,NHSPS');
    });
  });
});
