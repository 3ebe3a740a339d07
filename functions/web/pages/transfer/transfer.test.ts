import { describe, expect, it } from 'vitest';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { TransferNotFoundError } from '../../../domain/errors.ts';

describe('Page: transfer', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  describe('the transfer page', () => {
    /** The transfer page's text, its roster listed empty. */
    const transferPageText = async () => {
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });
      return browser.textOf(browser.bodyOf(await send({ method: 'GET', url: `/transfers/${transferId}` })));
    };

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
      const html = browser.bodyOf(result);
      const text = browser.textOf(html);
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: launched.name });
      expect(dashboard.transfers.listStaff).toHaveBeenCalledWith(transferId, {
        limit: 50,
        status: 'elected',
      });
      expect(
        browser.phrasesMissingFrom(text, [
          'Transferor Staffordshire County Council',
          'Transfer date Thursday 1 October 2026',
          'Upload the staff roster 907 people on the roster Completed',
          'Follow the pension elections In progress',
          'Pension election closes Friday 14 August 2026 Pending',
          'Transfer day Thursday 1 October 2026 Pending',
          'Chose a scheme 250',
          'Given the default 57',
          'Stay in the Local Government Pension Scheme (LGPS) Default 207 23% of the roster',
          'E1001 Amira Okafor Chose a scheme Join the NHS Pension Scheme (chosen)',
          'E1002 Tom Hughes Invited Not chosen yet',
          'A step did not finish: launch-transfer failed on 1 July 2026 at 10:00am.',
        ]),
      ).toEqual([]);
      for (const markup of [
        'td-bar--25',
        `href="/transfers/${transferId}?status=elected&amp;next=cursor-2#people"`,
        `href="/transfers/${transferId}/elections.csv"`,
      ])
        expect(html).toContain(markup);
      expect(html).not.toContain('Launch transfer');
    });

    it('links to the people who could not be emailed, and lists only them with a way back to everyone', async () => {
      // Prepare
      dashboard.transfers.get.mockResolvedValue(launched);
      dashboard.transfers.listStaff.mockResolvedValue({
        items: [{ employeeNumber: 'E1003', name: 'Priya Shah', status: 'invited' }],
        next: 'cursor-2',
      });

      // Act
      const everyone = browser.bodyOf(await send({ method: 'GET', url: `/transfers/${transferId}` }));
      const result = await send({ method: 'GET', url: `/transfers/${transferId}?delivery=bounced` });

      // Assess
      const html = browser.bodyOf(result);
      expect(everyone).toContain(`href="/transfers/${transferId}?delivery=bounced#people"`);
      expect(dashboard.transfers.listStaff).toHaveBeenLastCalledWith(transferId, {
        limit: 50,
        delivery: 'bounced',
      });
      expect(browser.textOf(html)).toContain('Showing people who could not be emailed');
      expect(html).toContain(`href="/transfers/${transferId}#people"`);
      expect(html).toContain(`href="/transfers/${transferId}?delivery=bounced&amp;next=cursor-2#people"`);
    });

    it('says when a transfer’s personal data was removed, and until when it was kept', async () => {
      // Prepare
      dashboard.transfers.get.mockResolvedValue(
        sampleTransfer({
          status: 'completed',
          retainedUntil: '2032-10-01',
          personalDataRemovedAt: '2032-10-02T01:00:00.000Z',
        }),
      );

      // Act
      const text = await transferPageText();

      // Assess
      expect(
        browser.phrasesMissingFrom(text, [
          'Its personal data was kept until Friday 1 October 2032 and removed on 2 October 2032 at 2:00am.',
        ]),
      ).toEqual([]);
    });

    it('shows what transfer day did for a completed transfer, and never rounds 905 of 907 up to all', async () => {
      // Prepare
      dashboard.transfers.get.mockResolvedValue({
        ...launched,
        status: 'completed',
        total: 907,
        counts: {
          ...launched.counts,
          elected: 0,
          defaulted: 0,
          invited: 0,
          transferred: 905,
          'employment-ended': 2,
        },
        elections: { LGPS: 905, NHSPS: 0 },
        completion: {
          transferred: 905,
          employmentEnded: 2,
          chose: 600,
          defaulted: 305,
          byOption: { LGPS: { chose: 600, defaulted: 305 }, NHSPS: { chose: 0, defaulted: 0 } },
          managers: 76,
        },
      });

      // Act
      const text = await transferPageText();

      // Assess
      expect(
        browser.phrasesMissingFrom(text, [
          'Chose a scheme 600',
          'Given the default 305',
          'Objected, so their employment ended 2',
          'Default 905 99.8% of the roster',
          'Join the NHS Pension Scheme (NHSPS) 0 None of the roster',
        ]),
      ).toEqual([]);
      expect(text).not.toContain('100% of the roster');
    });

    it('links a draft with a roster to the launch confirmation, and offers moving the dates and cancelling', async () => {
      // Prepare
      const draft = sampleTransfer({ total: 2, counts: { ...sampleTransfer().counts, imported: 2 } });
      dashboard.transfers.get.mockResolvedValue(draft);
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });

      // Act
      const { page } = await visit(`/transfers/${transferId}`);

      // Assess
      const html = browser.bodyOf(page);
      expect(html).toContain(`href="/transfers/${transferId}/launch"`);
      expect(html).toContain(`href="/transfers/${transferId}/dates"`);
      expect(html).toContain(`href="/transfers/${transferId}/cancel"`);
      expect(html).not.toContain(`action="/transfers/${transferId}/launch"`);
      expect(browser.textOf(html)).toContain('The milestones are set when you launch the transfer.');
    });

    it('shows how telling staff of moved dates is going, and offers no changes once cancelled', async () => {
      // Prepare
      const run = { dueOn: '2026-07-02', dueAt: '2026-07-02T09:00:00.000Z' };
      dashboard.transfers.get.mockResolvedValue(
        sampleTransfer({
          status: 'cancelled',
          dateChange: { ...run, kind: 'date-change', status: 'done', sent: 905 },
          cancellation: { ...run, kind: 'cancel', status: 'running' },
        }),
      );

      // Act
      const text = await transferPageText();

      // Assess
      expect(
        browser.phrasesMissingFrom(text, [
          'Telling staff the dates have moved Done 905 emails sent',
          'Telling staff the transfer is cancelled In progress',
        ]),
      ).toEqual([]);
      expect(text).not.toContain('Move the dates');
      expect(text).not.toContain('Cancel the transfer');
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
