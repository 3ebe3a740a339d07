import { describe, expect, it } from 'vitest';
import { hr, transferSummary, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleConsultation } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ValidationError } from '../../../domain/errors.ts';

const consultation = sampleConsultation();
const consultationUrl = `/consultations/${consultation.id}`;

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

describe('Page: create-consultation', () => {
  const dashboard = useDashboardPages({ listsTransfer: true });
  const { send, formToken } = dashboard;

  describe('creating a consultation', () => {
    it('shows the form with the transfers to link to and a CSRF token', async () => {
      // Act
      const result = await send({ method: 'GET', url: '/consultations/new' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Create a consultation' });
      const html = browser.bodyOf(result);
      for (const id of [
        'title',
        'description',
        'opensOn-day',
        'closesOn-day',
        'public',
        'invitees',
        'transferId',
      ]) {
        expect(browser.hasElementWithId(html, id), id).toBe(true);
      }
      expect(html).toContain(`<option value="${transferSummary.id}">${transferSummary.name}</option>`);
      expect(browser.hiddenField(html, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('creates it from the form and goes to its page with a message', async () => {
      // Prepare
      const { cookies, csrf } = await formToken('/consultations/new');
      dashboard.consultations.create.mockResolvedValue(consultation);

      // Act
      const result = await send({
        method: 'POST',
        url: '/consultations',
        form: { ...filledForm, _csrf: csrf },
        cookies,
      });
      dashboard.consultations.get.mockResolvedValue(consultation);
      const page = await send({
        method: 'GET',
        url: result.headers.location ?? '',
        cookies: browser.cookiesFrom(result, cookies),
      });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(consultationUrl);
      expect(dashboard.consultations.create).toHaveBeenCalledWith(
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
      expect(browser.textOf(browser.bodyOf(page))).toContain(
        'Consultation created. Invitations are emailed on the day it opens.',
      );
    });

    it('leaves out the justification of a consultation that is not public', async () => {
      // Prepare
      const { cookies, csrf } = await formToken('/consultations/new');
      dashboard.consultations.create.mockResolvedValue(consultation);

      // Act
      await send({
        method: 'POST',
        url: '/consultations',
        form: { ...filledForm, public: 'no', transferId: '', description: '', _csrf: csrf },
        cookies,
      });

      // Assess
      const input = dashboard.consultations.create.mock.calls[0]?.[0] as Record<string, unknown>;
      expect(input.public).toBe(false);
      expect(input).not.toHaveProperty('shortPeriodJustification');
      expect(input).not.toHaveProperty('transferId');
      expect(input).not.toHaveProperty('description');
    });

    it('lists what is missing or mistyped, keeps what was typed, and creates nothing', async () => {
      // Prepare
      const { cookies, csrf } = await formToken('/consultations/new');

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
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(html)).toEqual([
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
      expect(browser.inlineErrors(html)).toHaveLength(6);
      expect(html).toContain('not-an-address</textarea>');
      expect(dashboard.consultations.create).not.toHaveBeenCalled();
    });

    it("puts the service's field errors on the fields", async () => {
      // Prepare
      const { cookies, csrf } = await formToken('/consultations/new');
      dashboard.consultations.create.mockRejectedValue(
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
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#opensOn-day', text: 'The consultation cannot open in the past' },
        { href: '#invitees', text: 'Enter each invitee as an email address, like name@example.org' },
        { href: '#title', text: 'Link the consultation to a transfer or a contract, not both' },
      ]);
    });

    it('refuses a form without its CSRF field and creates nothing', async () => {
      // Prepare
      const { cookies } = await formToken('/consultations/new');

      // Act
      const result = await send({ method: 'POST', url: '/consultations', form: filledForm, cookies });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('This form has expired');
      expect(dashboard.consultations.create).not.toHaveBeenCalled();
    });
  });
});
