import { describe, expect, it } from 'vitest';
import { hr, transferSummary, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleConsultation } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const consultation = sampleConsultation();
const consultationUrl = `/consultations/${consultation.id}`;

/** A complete, valid create form as a person would fill it in. */
const filledForm = {
  title: 'Integrating adult social care',
  description: 'The proposal.\r\nSecond line.',
  proposalSummary: 'Staff move to the trust.\r\n\r\nTheir terms stay the same.',
  proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
  organisation: 'Staffordshire County Council',
  privacyNoticeUrl: 'https://www.example.org/privacy',
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
  const { send, visit } = dashboard;
  /** Opens the create page and posts `form` from it, as a person pressing "Create" would. */
  const create = async (form: Record<string, string>) =>
    (await visit('/consultations/new')).post('/consultations', form);

  describe('creating a consultation', () => {
    it('shows the form with the transfers to link to and a CSRF token', async () => {
      // Act
      const result = await send({ method: 'GET', url: '/consultations/new' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Create a consultation' });
      const html = browser.bodyOf(result);
      expect(browser.idsOf(html)).toEqual(expect.arrayContaining(Object.keys(filledForm)));
      expect(html).toContain(`<option value="${transferSummary.id}">${transferSummary.name}</option>`);
      expect(browser.hiddenField(html, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('creates it from the form and goes to its page with a message', async () => {
      // Prepare
      const newPage = await visit('/consultations/new');
      dashboard.consultations.create.mockResolvedValue(consultation);

      // Act
      const result = await newPage.post('/consultations', filledForm);
      dashboard.consultations.get.mockResolvedValue(consultation);
      const page = await newPage.open(result.headers.location ?? '');

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(consultationUrl);
      expect(dashboard.consultations.create).toHaveBeenCalledWith(
        {
          title: 'Integrating adult social care',
          description: 'The proposal.\nSecond line.',
          proposalSummary: 'Staff move to the trust.\n\nTheir terms stay the same.',
          proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
          organisation: 'Staffordshire County Council',
          privacyNoticeUrl: 'https://www.example.org/privacy',
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
      dashboard.consultations.create.mockResolvedValue(consultation);

      // Act
      await create({
        ...filledForm,
        public: 'no',
        transferId: '',
        description: '',
        proposalSummary: '',
        proposalDocumentUrl: '',
      });

      // Assess
      const input = dashboard.consultations.create.mock.calls[0]?.[0] as Record<string, unknown>;
      expect(input.public).toBe(false);
      expect(input).not.toHaveProperty('shortPeriodJustification');
      expect(input).not.toHaveProperty('transferId');
      expect(input).not.toHaveProperty('description');
      expect(input).not.toHaveProperty('proposalSummary');
      expect(input).not.toHaveProperty('proposalDocumentUrl');
    });

    it('refuses a link to the proposal that is not https, beside its field', async () => {
      // Act
      const result = await create({ ...filledForm, proposalDocumentUrl: 'www.example.org/proposal' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          {
            href: '#proposalDocumentUrl',
            text: 'Enter the link to the full proposal as a full web address starting https://, like https://www.gov.uk/',
          },
        ],
      });
      expect(dashboard.consultations.create).not.toHaveBeenCalled();
    });

    it('lists what is missing or mistyped, keeps what was typed, and creates nothing', async () => {
      // Act
      const result = await create({
        ...filledForm,
        title: ' ',
        'opensOn-day': '',
        'closesOn-day': '31',
        'closesOn-month': '2',
        public: '',
        invitees: 'ok@example.org\nnot-an-address',
        transferId: 'not-a-transfer',
      });

      // Assess
      const errors = browser.errorsOf(result);
      expect(errors).toMatchObject({
        status: 422,
        summary: [
          { href: '#title', text: 'Enter a title for the consultation' },
          {
            href: '#opensOn-day',
            text: 'The date the consultation opens must include a day, month and year',
          },
          { href: '#closesOn-day', text: 'The date the consultation closes must be a real date' },
          { href: '#public', text: 'Select yes if the consultation takes public responses' },
          {
            href: '#invitees',
            text: 'Enter the email address on line 2 in the correct format, like name@example.com',
          },
          { href: '#transferId', text: 'Select a transfer from the list, or none' },
        ],
      });
      expect(errors.inline).toHaveLength(6);
      expect(browser.bodyOf(result)).toContain('not-an-address</textarea>');
      expect(dashboard.consultations.create).not.toHaveBeenCalled();
    });

    it("puts the service's field errors on the fields", async () => {
      // Prepare
      dashboard.consultations.create.mockRejectedValue(
        refusedFields('The consultation has errors', {
          opensOn: 'The consultation cannot open in the past',
          'invite[1]': 'Enter each invitee as an email address, like name@example.org',
          contractId: 'Link the consultation to a transfer or a contract, not both',
        }),
      );

      // Act
      const result = await create(filledForm);

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          { href: '#opensOn-day', text: 'The consultation cannot open in the past' },
          { href: '#invitees', text: 'Enter each invitee as an email address, like name@example.org' },
          { href: '#title', text: 'Link the consultation to a transfer or a contract, not both' },
        ],
      });
    });

    it('refuses a form without its CSRF field and creates nothing', async () => {
      // Prepare
      const { cookies } = await visit('/consultations/new');

      // Act
      const result = await send({ method: 'POST', url: '/consultations', form: filledForm, cookies });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('This form has expired');
      expect(dashboard.consultations.create).not.toHaveBeenCalled();
    });
  });
});
