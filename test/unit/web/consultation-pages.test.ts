import { afterEach, beforeEach, describe, expect, it, type Mock, type Mocked, vi } from 'vitest';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/dashboard.ts';
import type { Actor, ConsultationService, TransferService } from '../../../functions/services/contracts.ts';
import type { DashboardServices } from '../../../functions/web/dashboard/routes.ts';
import {
  consultationSummaryOf,
  fakeConsultationService,
  sampleConsultation,
} from '../../fixtures/fake-dashboard-services.ts';
import { fakeHostedSignIn } from '../../fixtures/fake-hosted-sign-in.ts';
import { fakeTransferService } from '../../fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import {
  bodyOf,
  cookiesFrom,
  errorSummaryLinks,
  hasElementWithId,
  headingOf,
  hiddenField,
  inlineErrors,
  type PageRequest,
  pageEvent,
  textOf,
} from './page-requests.ts';

const hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
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
const filledForm = {
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

describe('Function: dashboard consultation pages', () => {
  let consultations: Mocked<ConsultationService>;
  let transfers: Mocked<TransferService>;
  let authenticate: ReturnType<typeof vi.fn<(event: unknown) => Promise<Actor>>>;
  let getServices: Mock<() => DashboardServices>;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(() => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://transfer-desk.example.org');
    consultations = fakeConsultationService();
    transfers = fakeTransferService();
    transfers.list.mockResolvedValue([transferSummary]);
    authenticate = vi.fn(async () => hr);
    getServices = vi.fn((): DashboardServices => ({ transfers, consultations }));
    handler = createHandler(getServices, authenticate, fakeHostedSignIn());
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const send = (request: Omit<PageRequest, 'route' | 'path'> & { url: string }) => {
    const { url, ...rest } = request;
    const [rawPath = '', query] = url.split('?');
    const proxy = rawPath.startsWith('/consultations/') ? rawPath.slice('/consultations/'.length) : undefined;
    const event = pageEvent({
      ...rest,
      route: proxy === undefined ? rawPath : '/consultations/{proxy+}',
      ...(proxy === undefined ? {} : { path: { proxy } }),
      ...(query === undefined ? {} : { query: Object.fromEntries(new URLSearchParams(query)) }),
    });
    return handler({ ...event, rawPath }, lambdaContext('dashboard'));
  };

  /** The create page's CSRF cookie and field, as a browser holds them. */
  const formToken = async () => {
    const page = await send({ method: 'GET', url: '/consultations/new' });
    return { cookies: cookiesFrom(page), csrf: hiddenField(bodyOf(page), '_csrf') ?? '' };
  };

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

  describe('creating a consultation', () => {
    it('shows the form with the transfers to link to and a CSRF token', async () => {
      // Act
      const result = await send({ method: 'GET', url: '/consultations/new' });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(headingOf(html)).toBe('Create a consultation');
      for (const id of [
        'title',
        'description',
        'opensOn-day',
        'closesOn-day',
        'public',
        'invitees',
        'transferId',
      ]) {
        expect(hasElementWithId(html, id), id).toBe(true);
      }
      expect(html).toContain(`<option value="${transferSummary.id}">${transferSummary.name}</option>`);
      expect(hiddenField(html, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('creates it from the form and goes to its page with a message', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();
      consultations.create.mockResolvedValue(consultation);

      // Act
      const result = await send({
        method: 'POST',
        url: '/consultations',
        form: { ...filledForm, _csrf: csrf },
        cookies,
      });
      consultations.get.mockResolvedValue(consultation);
      const page = await send({
        method: 'GET',
        url: result.headers.location ?? '',
        cookies: cookiesFrom(result, cookies),
      });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(consultationUrl);
      expect(consultations.create).toHaveBeenCalledWith(
        {
          title: 'Integrating adult social care',
          description: 'The proposal.\nSecond line.',
          opensOn: '2026-07-01',
          closesOn: '2026-07-28',
          public: true,
          shortPeriodJustification: 'Engaged on the proposal before.',
          invite: ['unison.rep@example.org', 'Partners@Example.org'],
          transferId: transferSummary.id,
        },
        hr,
      );
      expect(page.statusCode).toBe(200);
      expect(textOf(bodyOf(page))).toContain(
        'Consultation created. Invitations are emailed on the day it opens.',
      );
    });

    it('leaves out the justification of a consultation that is not public', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();
      consultations.create.mockResolvedValue(consultation);

      // Act
      await send({
        method: 'POST',
        url: '/consultations',
        form: { ...filledForm, public: 'no', transferId: '', description: '', _csrf: csrf },
        cookies,
      });

      // Assess
      const input = consultations.create.mock.calls[0]?.[0] as Record<string, unknown>;
      expect(input.public).toBe(false);
      expect(input).not.toHaveProperty('shortPeriodJustification');
      expect(input).not.toHaveProperty('transferId');
      expect(input).not.toHaveProperty('description');
    });

    it('lists what is missing or mistyped, keeps what was typed, and creates nothing', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: '/consultations',
        form: {
          ...filledForm,
          title: ' ',
          'opensOn-day': '',
          'closesOn-day': '31',
          'closesOn-month': '2',
          public: '',
          invitees: 'ok@example.org\nnot-an-address',
          transferId: 'not-a-transfer',
          _csrf: csrf,
        },
        cookies,
      });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(html)).toEqual([
        { href: '#title', text: 'Enter a title for the consultation' },
        { href: '#opensOn-day', text: 'The date the consultation opens must include a day, month and year' },
        { href: '#closesOn-day', text: 'The date the consultation closes must be a real date' },
        { href: '#public', text: 'Select yes if the consultation takes public responses' },
        {
          href: '#invitees',
          text: 'Enter the email address on line 2 in the correct format, like name@example.com',
        },
        { href: '#transferId', text: 'Select a transfer from the list, or none' },
      ]);
      expect(inlineErrors(html)).toHaveLength(6);
      expect(html).toContain('not-an-address</textarea>');
      expect(consultations.create).not.toHaveBeenCalled();
    });

    it("puts the service's field errors on the fields", async () => {
      // Prepare
      const { cookies, csrf } = await formToken();
      consultations.create.mockRejectedValue(
        new ValidationError('The consultation has errors', {
          errors: [
            { path: 'opensOn', message: 'The consultation cannot open in the past' },
            { path: 'invite[1]', message: 'Enter each invitee as an email address, like name@example.org' },
            { path: 'contractId', message: 'Link the consultation to a transfer or a contract, not both' },
          ],
        }),
      );

      // Act
      const result = await send({
        method: 'POST',
        url: '/consultations',
        form: { ...filledForm, _csrf: csrf },
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#opensOn-day', text: 'The consultation cannot open in the past' },
        { href: '#invitees', text: 'Enter each invitee as an email address, like name@example.org' },
        { href: '#title', text: 'Link the consultation to a transfer or a contract, not both' },
      ]);
    });

    it('refuses a form without its CSRF field and creates nothing', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/consultations', form: filledForm, cookies });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(headingOf(bodyOf(result))).toBe('This form has expired');
      expect(consultations.create).not.toHaveBeenCalled();
    });
  });

  describe('the consultation page', () => {
    it('shows the details, the public link, the twelve-week warning, the counts and the timers in date order', async () => {
      // Prepare
      consultations.get.mockResolvedValue(consultation);

      // Act
      const result = await send({ method: 'GET', url: consultationUrl });

      // Assess
      const html = bodyOf(result);
      const text = textOf(html);
      expect(result.statusCode).toBe(200);
      expect(headingOf(html)).toBe(consultation.title);
      expect(text).toContain('Opens Wednesday 1 July 2026');
      expect(text).toContain('Length 4 weeks');
      expect(text).toContain(`Anyone can respond with this link: ${consultation.publicUrl}`);
      expect(html).toContain('class="govuk-warning-text"');
      expect(text).toContain('should normally last at least twelve weeks');
      expect(text).toContain('Invited 12 Invitees who have responded 3 Public responses 2');
      const timers = text.slice(text.indexOf('Step Due on Status'));
      expect(timers).toMatch(
        /Opens: invitations are emailed Wednesday 1 July 2026 Done Reminder to invitees who have not responded Tuesday 21 July 2026 Pending Closes/,
      );
      expect(html).toContain(`href="${consultationUrl}/responses.csv"`);
      expect(text).toContain(
        'You can record the outcome once the consultation closes on Tuesday 28 July 2026',
      );
      expect(html).not.toContain(`action="${consultationUrl}/outcome"`);
    });

    it('says under a failed timer why it failed and that it is tried again by itself', async () => {
      // Prepare
      consultations.get.mockResolvedValue({
        ...consultation,
        timers: [
          {
            kind: 'consultation-opens',
            dueOn: '2026-07-01',
            status: 'failed',
            failure: { attempts: 2, reason: 'RunStoppedUnrecorded', retryAt: '2026-07-01T08:00:00.000Z' },
          },
        ],
      });

      // Act
      const text = textOf(bodyOf(await send({ method: 'GET', url: consultationUrl })));

      // Assess
      expect(text).toContain(
        'Opens: invitations are emailed Wednesday 1 July 2026 Failed Tried 2 times (RunStoppedUnrecorded). It will be tried again by itself at 1 July 2026 at 9:00am.',
      );
    });

    it('draws responses over time with a text alternative and a table of the running totals', async () => {
      // Prepare
      consultations.get.mockResolvedValue(consultation);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: consultationUrl }));

      // Assess
      expect(html).toMatch(/<svg class="td-chart" role="img" aria-labelledby="consultation-responses-title/);
      expect(textOf(/<desc[^>]*>([\s\S]*?)<\/desc>/.exec(html)?.[1] ?? '')).toBe(
        'From Wednesday 1 July 2026 to Friday 3 July 2026: 3 invitees have responded; 2 public responses received.',
      );
      const table =
        /<tbody class="govuk-table__body">\s*<tr class="govuk-table__row">\s*<th scope="row"[\s\S]*?<\/tbody>/.exec(
          html.slice(html.indexOf('id="consultation-responses"')),
        )?.[0];
      expect(textOf(table ?? '')).toBe('1 Jul 2026 1 0 2 Jul 2026 1 0 3 Jul 2026 3 2');
    });

    it('says the chart starts at the opening while the consultation is scheduled', async () => {
      // Prepare
      consultations.get.mockResolvedValue(sampleConsultation({ status: 'scheduled', responsesByDay: [] }));

      // Act
      const html = bodyOf(await send({ method: 'GET', url: consultationUrl }));

      // Assess
      expect(html).not.toContain('id="consultation-responses"');
      expect(textOf(html)).toContain('The chart starts when the consultation opens on Wednesday 1 July 2026');
    });

    it('downloads the responses as CSV', async () => {
      // Prepare
      consultations.responsesCsv.mockResolvedValue('respondent,response\r\ninvitee,Yes please\r\n');

      // Act
      const result = await send({ method: 'GET', url: `${consultationUrl}/responses.csv` });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(result.headers['content-disposition']).toBe(
        `attachment; filename="responses-${consultation.id}.csv"`,
      );
      expect(bodyOf(result)).toContain('Yes please');
      expect(consultations.responsesCsv).toHaveBeenCalledWith(consultation.id);
    });
  });

  describe('recording the outcome', () => {
    const closed = sampleConsultation({ status: 'closed' });

    const openClosedPage = async () => {
      consultations.get.mockResolvedValue(closed);
      const page = await send({ method: 'GET', url: consultationUrl });
      return { page, cookies: cookiesFrom(page), csrf: hiddenField(bodyOf(page), '_csrf') ?? '' };
    };

    it('shows the outcome form once the consultation has closed', async () => {
      // Act
      const { page } = await openClosedPage();

      // Assess
      const html = bodyOf(page);
      expect(html).toContain(`action="${consultationUrl}/outcome"`);
      expect(textOf(html)).toContain('What was decided? Proceed Proceed with changes Do not proceed');
      expect(hasElementWithId(html, 'summary')).toBe(true);
    });

    it('records it and says participants will be told', async () => {
      // Prepare
      const { cookies, csrf } = await openClosedPage();
      consultations.recordOutcome.mockResolvedValue({
        ...closed,
        status: 'decided',
        outcome: {
          decision: 'proceed-with-changes',
          summary: 'We will go ahead.\nWith changes.',
          recordedAt: '2026-07-30T10:00:00.000Z',
          recordedBy: hr.id,
        },
      });

      // Act
      const result = await send({
        method: 'POST',
        url: `${consultationUrl}/outcome`,
        form: {
          decision: 'proceed-with-changes',
          summary: ' We will go ahead.\r\nWith changes. ',
          _csrf: csrf,
        },
        cookies,
      });
      consultations.get.mockResolvedValue(await consultations.recordOutcome.mock.results[0]?.value);
      const page = await send({ method: 'GET', url: consultationUrl, cookies: cookiesFrom(result, cookies) });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(consultationUrl);
      expect(consultations.recordOutcome).toHaveBeenCalledWith(
        consultation.id,
        { decision: 'proceed-with-changes', summary: 'We will go ahead.\nWith changes.' },
        hr,
      );
      const text = textOf(bodyOf(page));
      expect(text).toContain('Outcome recorded: participants will be told');
      expect(text).toContain('Decision Proceed with changes');
      expect(bodyOf(page)).not.toContain(`action="${consultationUrl}/outcome"`);
    });

    it('asks for a decision and a summary, and records nothing without them', async () => {
      // Prepare
      const { cookies, csrf } = await openClosedPage();

      // Act
      const result = await send({
        method: 'POST',
        url: `${consultationUrl}/outcome`,
        form: { decision: 'maybe', summary: '', _csrf: csrf },
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#decision', text: 'Select the outcome of the consultation' },
        { href: '#summary', text: 'Enter a summary of the outcome for the participants' },
      ]);
      expect(consultations.recordOutcome).not.toHaveBeenCalled();
    });

    it('says why when the service refuses it before the close', async () => {
      // Prepare
      const { cookies, csrf } = await openClosedPage();
      consultations.recordOutcome.mockRejectedValue(
        new ConflictError('The outcome can be recorded once the consultation has closed'),
      );

      // Act
      const result = await send({
        method: 'POST',
        url: `${consultationUrl}/outcome`,
        form: { decision: 'proceed', summary: 'Go ahead.', _csrf: csrf },
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#outcome', text: 'The outcome can be recorded once the consultation has closed' },
      ]);
      expect(hasElementWithId(bodyOf(result), 'outcome')).toBe(true);
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
