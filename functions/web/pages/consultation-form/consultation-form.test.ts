import { describe, expect, it, type Mocked, vi } from 'vitest';
import { expectAskedAgain, expectLinkFormPage, useLinkForm } from '../../../../test/fixtures/link-forms.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { ConsultationClosedError, TooManyResponsesError } from '../../../domain/errors.ts';
import { createHandler } from '../../../handlers/consultation-form.ts';
import type { ConsultationFormContext, ConsultationService } from '../../../services/contracts.ts';

const token = 'eyJwIjoiY29uc3VsdGF0aW9uIn0.c2lnbmF0dXJl';
/** What the event fixture gives as the client's address. */
const sourceIp = '192.0.2.1';

const inviteeForm: ConsultationFormContext = {
  consultationId: 'k-1',
  title: 'Integrating adult social care',
  description: 'We propose to move adult social care to the partnership trust.\n\nTell us what you think.',
  opensOn: '2026-10-30',
  closesOn: '2026-11-27',
  open: true,
  status: 'open',
  isPublic: false,
};

const publicForm: ConsultationFormContext = { ...inviteeForm, isPublic: true };

/** The invitee's form once the consultation has closed. */
const closedForm: ConsultationFormContext = { ...inviteeForm, open: false, status: 'closed' };

/** The invitee's form with HR's summary of the proposal and a link to the full document. */
const proposalForm: ConsultationFormContext = {
  ...inviteeForm,
  proposalSummary: 'Staff move to the trust.\n\nTheir terms stay the <same>.',
  proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
};

/** The public form of a consultation naming its organisation and privacy page. */
const privacyForm: ConsultationFormContext = {
  ...publicForm,
  organisation: 'Carers <Trust>',
  privacyNoticeUrl: 'https://www.example.org/privacy',
};

/** The invitee's form for a consultation about a transfer. */
const transferForm: ConsultationFormContext = {
  ...inviteeForm,
  transfer: {
    transferor: 'County Council',
    transferee: 'Partnership Trust',
    transferDate: '2027-04-01',
  },
};

function fakeConsultations(form: ConsultationFormContext): Mocked<ConsultationService> {
  return {
    openLink: vi.fn(async () => form),
    respond: vi.fn(async () => ({ respondedAt: '2026-11-02T10:30:00.000Z', changed: false })),
  } as unknown as Mocked<ConsultationService>;
}

describe('Function: consultation-form', () => {
  const { consultations, send, arrive, submit } = useLinkForm('consultation', token, createHandler, {
    consultations: () => fakeConsultations(inviteeForm),
  });
  /** The form the link opens, when it is not the invitee's open form. */
  const useForm = (form: ConsultationFormContext) => consultations.openLink.mockResolvedValue(form);
  /** Opens the question page for the form given (the invitee's open form by default). */
  async function showQuestion(form?: ConsultationFormContext) {
    if (form) useForm(form);
    const html = browser.bodyOf(await send({ method: 'GET' }));
    return { html, text: browser.textOf(html) };
  }

  describe('the question page', () => {
    it('shows the consultation, when it closes and a character-counted response box', async () => {
      // Act: arrive from the link in the invitation email.
      const { page } = await arrive();

      // Assess
      const html = expectLinkFormPage(page, 'Integrating adult social care', [
        'Consultation Integrating adult social care',
        'This consultation closes at the end of Friday 27 November 2026.',
        'You can enter up to 5000 characters',
      ]);
      for (const markup of [
        '<p class="govuk-body">Tell us what you think.</p>',
        'data-module="govuk-character-count"',
        'data-maxlength="5000"',
        `action="/forms/consultation/${token}/check"`,
      ])
        expect(html).toContain(markup);
      expect(browser.hasElementWithId(html, 'response')).toBe(true);
      expect(html).not.toContain('name="name"');
      expect(html).not.toContain('name="organisation"');
      expect(consultations.openLink).toHaveBeenCalledWith(token);
    });

    it('shows the proposal and a link to the full document before the question', async () => {
      // Act
      const { html, text } = await showQuestion(proposalForm);

      // Assess
      expect(text).toContain(
        'The proposal Staff move to the trust. Their terms stay the <same>. Read the full proposal (opens in new tab)',
      );
      expect(html).toContain('<p class="govuk-body">Their terms stay the &lt;same&gt;.</p>');
      expect(html).toContain('href="https://www.example.org/proposal.pdf"');
      expect(html.indexOf('id="proposal"')).toBeLessThan(html.indexOf('id="response"'));
    });

    it("states a transfer's consultation's transfer when HR wrote no summary", async () => {
      // Act
      const { text } = await showQuestion(transferForm);

      // Assess
      expect(text).toContain(
        'The proposal Staff of County Council are to move to Partnership Trust on Thursday 1 April 2027.',
      );
    });

    it("carries the privacy notice with the consultation's organisation and a link to its privacy page", async () => {
      // Act
      const { html, text } = await showQuestion(privacyForm);

      // Assess
      expect(text).toContain(
        'How we use your information Carers <Trust> holds the information you give on this form. It is used to consider ' +
          'your response before a decision on Integrating adult social care is made, and to email you the outcome if you ' +
          'give your email address, and for nothing else. It is kept for six years after the consultation closes, then deleted.',
      );
      expect(html).toContain('Carers &lt;Trust&gt; holds');
      expect(html).toContain('href="https://www.example.org/privacy"');
    });

    it("names a transfer's transferor in the privacy notice when the consultation names no organisation", async () => {
      // Act
      const { text } = await showQuestion(transferForm);

      // Assess
      expect(text).toContain('County Council holds the information you give on this form.');
      expect(text).toContain('You have the right to ask County Council for a copy of it');
    });

    it('has no proposal heading when there is nothing to show', async () => {
      // Act
      const { html } = await showQuestion();

      // Assess
      expect(html).not.toContain('id="proposal"');
    });

    it('asks the public for an optional name and organisation', async () => {
      // Act
      const { html, text } = await showQuestion(publicForm);

      // Assess
      expect(browser.idsOf(html)).toEqual(expect.arrayContaining(['name', 'organisation']));
      expect(text).toContain('Your name (optional) Leave this blank if you do not want to give your name.');
      expect(text).toContain('Organisation (optional) If you are responding for an organisation');
    });

    it('asks the public for an optional email, saying it is only used to send the outcome', async () => {
      // Act
      const { html, text } = await showQuestion(publicForm);

      // Assess
      expect(html).toMatch(
        /id="email" name="email" type="email" spellcheck="false" [^>]*autocomplete="email"/,
      );
      expect(text).toContain(
        'Email address (optional) We will only use this to email you the outcome of the consultation.',
      );
    });

    it('does not ask an invitee for an email: their invitation went to it', async () => {
      // Act
      const { html } = await showQuestion();

      // Assess
      expect(html).not.toContain('name="email"');
    });

    it('asks again with an error linked to the email box when the address is mistyped', async () => {
      // Prepare
      useForm(publicForm);

      // Act
      const result = await submit('check', { response: 'Fine', email: 'sam.green@' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          { href: '#email', text: 'Enter the email address in the correct format, like name@example.org' },
        ],
      });
      expect(browser.bodyOf(result)).toContain('value="sam.green@"');
    });

    it('shows an invitee the response they sent, to change until the close', async () => {
      // Act
      const { html, text } = await showQuestion({
        ...inviteeForm,
        currentResponse: { response: 'Keep the <day> centres open', respondedAt: '2026-11-02T10:30:00.000Z' },
      });

      // Assess
      expect(html).toContain('Keep the &lt;day&gt; centres open</textarea>');
      expect(text).toContain(
        'You sent your response on 2 November 2026 at 10:30am. It is shown below. You can change it until the consultation closes at the end of Friday 27 November 2026.',
      );
    });

    it('asks again with an error linked to the box when the response is empty', async () => {
      // Act
      const result = await submit('check', { response: '  \r\n ' });

      // Assess
      expectAskedAgain(result, 'Integrating adult social care', [
        { href: '#response', text: 'Enter your response' },
      ]);
    });

    it('refuses a response over 5,000 characters, counting a line break as one, and keeps the text', async () => {
      // Prepare
      const visit = await arrive();
      const fits = `${'a'.repeat(2499)}\r\n${'b'.repeat(2500)}`;
      const tooLong = `${fits}c`;

      // Act
      const accepted = await visit.post('check', { response: fits });
      const refused = await visit.post('check', { response: tooLong });

      // Assess
      expect(accepted.statusCode).toBe(200);
      expect(browser.errorsOf(refused)).toMatchObject({
        status: 422,
        summary: [{ href: '#response', text: 'Your response must be 5,000 characters or fewer' }],
      });
      expect(browser.bodyOf(refused)).toContain(`${'b'.repeat(2500)}c</textarea>`);
    });

    it('links each over-long public field in the order of the page', async () => {
      // Prepare
      useForm(publicForm);
      // Act
      const result = await submit('check', {
        response: '',
        name: 'n'.repeat(101),
        organisation: 'o'.repeat(151),
      });

      // Assess
      const errors = browser.errorsOf(result);
      expect(errors).toMatchObject({
        status: 422,
        summary: [
          { href: '#response', text: 'Enter your response' },
          { href: '#name', text: 'Your name must be 100 characters or fewer' },
          { href: '#organisation', text: 'The name of your organisation must be 150 characters or fewer' },
        ],
      });
      expect(browser.idsOf(browser.bodyOf(result))).toEqual(
        expect.arrayContaining(['response', 'name', 'organisation']),
      );
      expect(errors.inline).toHaveLength(3);
    });
  });

  describe('checking and sending', () => {
    it('sends a public email address on to be recorded and says the outcome will be emailed, keeping it out of the cookie', async () => {
      // Prepare
      useForm(publicForm);
      const visit = await arrive();

      // Act
      const checked = await visit.post('check', { response: 'Yes', email: 'Sam.Green@Example.org' });
      const sent = await visit.post('confirm', { response: 'Yes', email: 'Sam.Green@Example.org' });
      const page = await visit.open('confirmation');

      // Assess
      expect(browser.textOf(browser.bodyOf(checked))).toContain(
        'Email address for the outcome Sam.Green@Example.org',
      );
      expect(browser.hiddenField(browser.bodyOf(checked), 'email')).toBe('Sam.Green@Example.org');
      expect(consultations.respond).toHaveBeenCalledExactlyOnceWith(
        token,
        { response: 'Yes', email: 'sam.green@example.org' },
        { sourceIp },
      );
      const receipt = browser.setCookieNamed(sent, 'td_consultation') ?? '';
      expect(
        Buffer.from(/^td_consultation=([^;]*)/.exec(receipt)?.[1] ?? '', 'base64url').toString(),
      ).not.toMatch(/example\.org/i);
      expect(browser.textOf(browser.bodyOf(page))).toContain(
        'We will email you the outcome once it is decided.',
      );
    });

    it('shows the answers back with hidden fields that carry every answer to confirm', async () => {
      // Prepare
      useForm(publicForm);
      const visit = await arrive();
      const response = 'Keep the day centres open.\r\nAnd the "drop-in" sessions.';

      // Act
      const result = await visit.post('check', { response, name: 'Sam Green', organisation: '' });

      // Assess
      const html = expectLinkFormPage(result, 'Check your response before sending it', [
        'Your name Sam Green',
        'Organisation Not given',
      ]);
      expect(html).toMatch(/Keep the day centres open\.<br \/>\s*And the &quot;drop-in&quot; sessions\./);
      expect(html).toContain(`action="/forms/consultation/${token}/confirm"`);
      expect(html).toContain(`formaction="/forms/consultation/${token}"`);
      expect(browser.hiddenField(html, 'response')).toBe(
        'Keep the day centres open.\nAnd the "drop-in" sessions.',
      );
      expect(browser.hiddenField(html, 'name')).toBe('Sam Green');
      expect(browser.hiddenField(html, 'organisation')).toBe('');
      expect(browser.hiddenField(html, '_csrf')).toBe(visit.csrf);
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it('brings the answers back to the question when "Change" is pressed', async () => {
      // Prepare
      useForm(publicForm);
      // Act
      const result = await submit(undefined, {
        response: 'First thoughts',
        name: 'Sam Green',
        organisation: 'Carers Together',
      });

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(html).toContain('First thoughts</textarea>');
      expect(html).toMatch(/id="name" name="name" type="text" spellcheck="false" value="Sam Green"/);
      expect(html).toMatch(/id="organisation" name="organisation" type="text" value="Carers Together"/);
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it('sends the check page back to the question when it is opened without answers', async () => {
      // Act
      const result = await send({ method: 'GET', step: 'check' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/consultation/${token}`);
    });

    it("records a public response with the client's address, then confirms it", async () => {
      // Prepare
      useForm(publicForm);
      const visit = await arrive();

      // Act
      const sent = await visit.post('confirm', {
        response: 'Keep the day centres open.',
        name: 'Sam Green',
        organisation: '',
      });
      const page = await visit.open('confirmation');

      // Assess
      expect(consultations.respond).toHaveBeenCalledExactlyOnceWith(
        token,
        { response: 'Keep the day centres open.', name: 'Sam Green' },
        { sourceIp },
      );
      expect(sent.statusCode).toBe(303);
      expect(sent.headers?.location).toBe(`/forms/consultation/${token}/confirmation`);
      const receipt = browser.setCookieNamed(sent, 'td_consultation') ?? '';
      expect(receipt).toContain(`Path=/forms/consultation/${token}`);
      expect(
        Buffer.from(/^td_consultation=([^;]*)/.exec(receipt)?.[1] ?? '', 'base64url').toString(),
      ).not.toContain('day centres');
      const html = expectLinkFormPage(page, 'Response received', [
        'Response received Thank you for responding to the consultation',
        'We received your response to Integrating adult social care on 2 November 2026 at 10:30am.',
      ]);
      expect(html).toContain('govuk-panel');
      expect(browser.textOf(html)).not.toContain('invitation email');
    });

    it("records an invitee's changed response posted directly, without name or organisation", async () => {
      // Prepare
      const visit = await arrive();
      consultations.respond.mockResolvedValue({ respondedAt: '2026-11-03T09:00:00.000Z', changed: true });

      // Act
      await visit.post('confirm', {
        response: 'Second thoughts',
        name: 'Ignored',
        organisation: 'Ignored too',
      });
      useForm({
        ...inviteeForm,
        currentResponse: { response: 'Second thoughts', respondedAt: '2026-11-03T09:00:00.000Z' },
      });
      const text = browser.textOf(browser.bodyOf(await visit.open('confirmation')));

      // Assess
      expect(consultations.respond).toHaveBeenCalledExactlyOnceWith(
        token,
        { response: 'Second thoughts' },
        { sourceIp },
      );
      expect(text).toContain('on 3 November 2026 at 9:00am. It replaces the response you sent before.');
      expect(text).toContain(
        'You can change your response until then by using the link in your invitation email again.',
      );
    });

    it('sends the confirmation page back to the question without a receipt', async () => {
      // Act
      const result = await send({ method: 'GET', step: 'confirmation' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/consultation/${token}`);
      expect(consultations.openLink).not.toHaveBeenCalled();
    });

    it('refuses a direct confirmation with no response and records nothing', async () => {
      // Act
      const result = await submit('confirm', {});

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [{ href: '#response', text: 'Enter your response' }],
      });
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it("shows the service's reason beside the field it refuses", async () => {
      // Prepare
      useForm(publicForm);
      consultations.respond.mockRejectedValue(
        refusedFields('The response has errors', { organisation: 'Enter your organisation as text' }),
      );

      // Act
      const result = await submit('confirm', { response: 'Fine', organisation: 'Carers' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [{ href: '#organisation', text: 'Enter your organisation as text' }],
      });
      expect(browser.setCookieNamed(result, 'td_consultation')).toBeUndefined();
    });

    it('says to try again later (429) when the client has sent too many responses, keeping the answers', async () => {
      // Prepare
      useForm(publicForm);
      consultations.respond.mockRejectedValue(
        new TooManyResponsesError('Too many responses from one client'),
      );

      // Act
      const result = await submit('confirm', { response: 'Once more', name: '', organisation: '' });

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(429);
      expect(browser.titleOf(html)).toBe('Error: Check your response before sending it – Transfer Desk');
      expect(browser.textOf(html)).toContain(
        'There is a problem You have sent several responses in a short time. Try again later.',
      );
      expect(browser.hiddenField(html, 'response')).toBe('Once more');
      expect(browser.setCookieNamed(result, 'td_consultation')).toBeUndefined();
    });
  });

  describe('refusals that record nothing', () => {
    it.each([
      [
        'says the consultation closed on its date (410) when the link is opened after the close',
        closedForm,
        410,
        'This consultation has closed',
        'The consultation closed on Friday 27 November 2026.',
      ],
      [
        'says a consultation that has not opened is not open yet (409)',
        { ...publicForm, open: false, status: 'scheduled' as const },
        409,
        'This consultation is not open yet',
        'You can respond from Friday 30 October 2026 until the end of Friday 27 November 2026.',
      ],
    ])('%s', async (_name, form, status, heading, words) => {
      // Prepare
      useForm(form);

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status, heading });
      expect(browser.textOf(browser.bodyOf(result))).toContain(words);
    });

    it('answers 409 to a response sent after the close and does not pass it on', async () => {
      // Prepare: the consultation closes once the page is open.
      const closes = () => useForm(closedForm);

      // Act
      const result = await submit('confirm', { response: 'Late' }, closes);

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'The response you just sent has not been recorded.',
      );
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it('answers 409 when the service finds the consultation closed while recording', async () => {
      // Prepare
      consultations.respond.mockImplementation(async () => {
        useForm(closedForm);
        throw new ConsultationClosedError('This consultation has closed');
      });

      // Act
      const result = await submit('confirm', { response: 'Late' });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.headingOf(browser.bodyOf(result))).toContain('This consultation has closed');
      expect(browser.setCookieNamed(result, 'td_consultation')).toBeUndefined();
    });
  });
});
