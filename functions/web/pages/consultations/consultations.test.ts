import { describe, expect, it } from 'vitest';
import { useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import {
  consultationSummaryOf,
  sampleConsultation,
} from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';

const consultation = sampleConsultation();
const consultationUrl = `/consultations/${consultation.id}`;

describe('Page: consultations', () => {
  const dashboard = useDashboardPages({ listsTransfer: true });
  const { send } = dashboard;

  describe('the list', () => {
    it('shows each consultation with its status, dates, counts and a tag when it is under twelve weeks', async () => {
      // Prepare
      const long = sampleConsultation({
        id: 'c2',
        title: 'Staff car parking',
        public: false,
        status: 'scheduled',
        opensOn: '2026-08-01',
        closesOn: '2026-10-30',
        warnings: [],
        invited: 40,
        responded: 0,
        publicResponses: 0,
      });
      dashboard.consultations.list.mockResolvedValue([long, consultation].map(consultationSummaryOf));

      // Act
      const result = await send({ method: 'GET', url: '/consultations' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Consultations' });
      const html = browser.bodyOf(result);
      expect(browser.tableRowsOf(html).slice(1)).toEqual([
        'Integrating adult social care with the partnership trust Under twelve weeks Open 1 Jul 2026 28 Jul 2026 12 3 2',
        'Staff car parking Scheduled 1 Aug 2026 30 Oct 2026 40 0 Not public',
      ]);
      expect(html).toContain(`href="${consultationUrl}"`);
      expect(html).toContain('href="/consultations/new"');
      expect(html).toMatch(
        /<a class="govuk-service-navigation__link" href="\/consultations" aria-current="true">/,
      );
    });
  });
  describe('who may see them', () => {
    it.each([
      ['GET', '/consultations'],
      ['GET', '/consultations/new'],
      ['POST', '/consultations'],
      ['GET', consultationUrl],
      ['POST', `${consultationUrl}/outcome`],
      ['GET', `${consultationUrl}/responses.csv`],
    ] as const)(
      'refuses a manager %s %s with a 403 page before any service is reached',
      async (method, url) => {
        // Prepare
        dashboard.authenticate.mockResolvedValue({ id: 'manager1@council.example', roles: ['manager'] });

        // Act
        const result = await send({ method, url, ...(method === 'POST' ? { form: {} } : {}) });

        // Assess
        expect(result.statusCode).toBe(403);
        expect(browser.headingOf(browser.bodyOf(result))).toBe('You do not have access to this page');
        expect(dashboard.getServices).not.toHaveBeenCalled();
      },
    );

    it('shows HR the consultations and contracts in the navigation', async () => {
      // Prepare
      dashboard.consultations.list.mockResolvedValue([]);

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: '/consultations' }));

      // Assess
      expect(browser.navigationOf(html)).toBe('Menu Transfers Consultations Contracts Sign out');
    });
  });
});
