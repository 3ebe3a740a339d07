import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { type DashboardPages, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import {
  consultationSummaryOf,
  sampleConsultation,
} from '../../../../test/fixtures/fake-dashboard-services.ts';
import { bodyOf, headingOf, textOf } from '../../../../test/fixtures/page-requests.ts';
import type { Actor, ConsultationService, TransferService } from '../../../services/contracts.ts';

const _hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
const consultation = sampleConsultation();
const consultationUrl = `/consultations/${consultation.id}`;
const transferSummary = {
  id: '8d6b1f0e-2c4a-4e7b-9f3d-5a1c7e9b2d40',
  name: 'Adult social care to the partnership trust',
  status: 'launched' as const,
  transferDate: '2026-10-01',
  counts: {
    imported: 0,
    invited: 12,
    elected: 0,
    defaulted: 0,
    objected: 0,
    transferred: 0,
    'employment-ended': 0,
    excluded: 0,
  },
};

/** A complete, valid create form as a person would fill it in. */
const _filledForm = {
  title: 'Integrating adult social care',
  description: 'The proposal.\r\nSecond line.',
  'opensOn-day': '1',
  'opensOn-month': '7',
  'opensOn-year': '2026',
  'closesOn-day': '28',
  'closesOn-month': '7',
  'closesOn-year': '2026',
  public: 'yes',
  shortPeriodJustification: 'Engaged on the proposal before.',
  invitees: 'unison.rep@example.org\r\n\r\n  Partners@Example.org  \r\n',
  transferId: transferSummary.id,
};

describe('Page: consultations', () => {
  const dashboard = useDashboardPages();
  let transfers: Mocked<TransferService>;
  let consultations: Mocked<ConsultationService>;
  let authenticate: DashboardPages['authenticate'];
  let getServices: DashboardPages['getServices'];
  beforeEach(() => {
    ({ transfers, consultations, authenticate, getServices } = dashboard);
    transfers.list.mockResolvedValue([transferSummary]);
  });
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
      consultations.list.mockResolvedValue([
        consultationSummaryOf(long),
        consultationSummaryOf(consultation),
      ]);

      // Act
      const result = await send({ method: 'GET', url: '/consultations' });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(headingOf(html)).toBe('Consultations');
      const rows = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
        textOf(row[1] ?? ''),
      );
      expect(rows.slice(1)).toEqual([
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
        authenticate.mockResolvedValue({ id: 'manager1@council.example', roles: ['manager'] });

        // Act
        const result = await send({ method, url, ...(method === 'POST' ? { form: {} } : {}) });

        // Assess
        expect(result.statusCode).toBe(403);
        expect(headingOf(bodyOf(result))).toBe('You do not have access to this page');
        expect(getServices).not.toHaveBeenCalled();
      },
    );

    it('shows HR the consultations and contracts in the navigation', async () => {
      // Prepare
      consultations.list.mockResolvedValue([]);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: '/consultations' }));

      // Assess
      const navigation = /<nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      expect(textOf(navigation)).toBe('Menu Transfers Consultations Contracts Sign out');
    });
  });
});
