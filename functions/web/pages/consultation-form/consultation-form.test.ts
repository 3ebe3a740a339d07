import { describe, expect, it, type Mocked, vi } from 'vitest';
import { useLinkForm } from '../../../../test/fixtures/link-forms.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ConsultationClosedError, TooManyResponsesError, ValidationError } from '../../../domain/errors.ts';
import { createHandler } from '../../../handlers/consultation-form.ts';
import type { ConsultationFormContext, ConsultationService, Services } from '../../../services/contracts.ts';

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

function fakeConsultations(form: ConsultationFormContext): Mocked<ConsultationService> {
  return {
    openLink: vi.fn(async () => form),
    respond: vi.fn(async () => ({ respondedAt: '2026-11-02T10:30:00.000Z', changed: false })),
  } as unknown as Mocked<ConsultationService>;
}

describe('Function: consultation-form', () => {
  const {
    service: consultations,
    send,
    arrive,
    submit,
  } = useLinkForm(
    'consultation',
    token,
    () => fakeConsultations(inviteeForm),
    (consultations) => createHandler(() => ({ consultations }) as unknown as Services, browser.testFormKey),
  );
  /** The form the link opens, for the tests of the public form. */
  const useForm = (form: ConsultationFormContext) => consultations.openLink.mockResolvedValue(form);

  describe('the question page', () => {
    it('shows the consultation, when it closes and a character-counted response box', async () => {
      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({
        status: 200,
        title: 'Integrating adult social care – Transfer Desk',
        heading: 'Integrating adult social care',
      });
      const html = browser.bodyOf(result);
      const text = browser.textOf(html);
      expect(browser.textOf(html)).toContain('Consultation Integrating adult social care');
      expect(html).toContain('<p class="govuk-body">Tell us what you think.</p>');
      expect(text).toContain('This consultation closes at the end of Friday 27 November 2026.');
      expect(html).toContain('data-module="govuk-character-count"');
      expect(html).toContain('data-maxlength="5000"');
      expect(text).toContain('You can enter up to 5000 characters');
      expect(browser.hasElementWithId(html, 'response')).toBe(true);
      expect(html).toContain(`action="/forms/consultation/${token}/check"`);
      expect(html).not.toContain('name="name"');
      expect(html).not.toContain('name="organisation"');
      expect(html).not.toMatch(/govuk-logo|govuk-crest|GOV\.UK/);
      expect(consultations.openLink).toHaveBeenCalledWith(token);
    });

    it('asks the public for an optional name and organisation', async () => {
      // Prepare
      useForm(publicForm);

      // Act
      const html = browser.bodyOf(await send({ method: 'GET' }));

      // Assess
      expect(browser.hasElementWithId(html, 'name')).toBe(true);
      expect(browser.hasElementWithId(html, 'organisation')).toBe(true);
      expect(browser.textOf(html)).toContain(
        'Your name (optional) Leave this blank if you do not want to give your name.',
      );
      expect(browser.textOf(html)).toContain(
        'Organisation (optional) If you are responding for an organisation',
      );
    });

    it('shows an invitee the response they sent, to change until the close', async () => {
      // Prepare
      consultations.openLink.mockResolvedValue({
        ...inviteeForm,
        currentResponse: { response: 'Keep the <day> centres open', respondedAt: '2026-11-02T10:30:00.000Z' },
      });

      // Act
      const html = browser.bodyOf(await send({ method: 'GET' }));

      // Assess
      expect(html).toContain('Keep the &lt;day&gt; centres open</textarea>');
      expect(browser.textOf(html)).toContain(
        'You sent your response on 2 November 2026 at 10:30am. It is shown below. You can change it until the consultation closes at the end of Friday 27 November 2026.',
      );
    });

    it('asks again with an error linked to the box when the response is empty', async () => {
      // Act
      const result = await submit('check', { response: '  \r\n ' });

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(browser.titleOf(html)).toBe('Error: Integrating adult social care – Transfer Desk');
      expect(browser.errorSummaryLinks(html)).toEqual([{ href: '#response', text: 'Enter your response' }]);
      expect(browser.inlineErrors(html)).toEqual(['Enter your response']);
    });

    it('refuses a response over 5,000 characters, counting a line break as one, and keeps the text', async () => {
      // Prepare
      const { cookies, csrf } = await arrive();
      const fits = `${'a'.repeat(2499)}\r\n${'b'.repeat(2500)}`;
      const tooLong = `${fits}c`;

      // Act
      const accepted = await send({
        method: 'POST',
        step: 'check',
        cookies,
        form: { response: fits, _csrf: csrf },
      });
      const refused = await send({
        method: 'POST',
        step: 'check',
        cookies,
        form: { response: tooLong, _csrf: csrf },
      });

      // Assess
      expect(accepted.statusCode).toBe(200);
      expect(refused.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(browser.bodyOf(refused))).toEqual([
        { href: '#response', text: 'Your response must be 5,000 characters or fewer' },
      ]);
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
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(html)).toEqual([
        { href: '#response', text: 'Enter your response' },
        { href: '#name', text: 'Your name must be 100 characters or fewer' },
        { href: '#organisation', text: 'The name of your organisation must be 150 characters or fewer' },
      ]);
      for (const id of ['response', 'name', 'organisation'])
        expect(browser.hasElementWithId(html, id)).toBe(true);
      expect(browser.inlineErrors(html)).toHaveLength(3);
    });
  });

  describe('checking and sending', () => {
    it('shows the answers back with hidden fields that carry every answer to confirm', async () => {
      // Prepare
      useForm(publicForm);
      const { cookies, csrf } = await arrive();
      const response = 'Keep the day centres open.\r\nAnd the "drop-in" sessions.';

      // Act
      const result = await send({
        method: 'POST',
        step: 'check',
        cookies,
        form: { response, name: 'Sam Green', organisation: '', _csrf: csrf },
      });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({
        status: 200,
        heading: 'Check your response before sending it',
      });
      const html = browser.bodyOf(result);
      expect(html).toMatch(/Keep the day centres open\.<br \/>\s*And the &quot;drop-in&quot; sessions\./);
      expect(browser.textOf(html)).toContain('Your name Sam Green');
      expect(browser.textOf(html)).toContain('Organisation Not given');
      expect(html).toContain(`action="/forms/consultation/${token}/confirm"`);
      expect(html).toContain(`formaction="/forms/consultation/${token}"`);
      expect(browser.hiddenField(html, 'response')).toBe(
        'Keep the day centres open.\nAnd the "drop-in" sessions.',
      );
      expect(browser.hiddenField(html, 'name')).toBe('Sam Green');
      expect(browser.hiddenField(html, 'organisation')).toBe('');
      expect(browser.hiddenField(html, '_csrf')).toBe(csrf);
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
      const { cookies, csrf } = await arrive();

      // Act
      const sent = await send({
        method: 'POST',
        step: 'confirm',
        cookies,
        form: { response: 'Keep the day centres open.', name: 'Sam Green', organisation: '', _csrf: csrf },
      });
      const page = await send({
        method: 'GET',
        step: 'confirmation',
        cookies: browser.cookiesFrom(sent, cookies),
      });

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
      const html = browser.bodyOf(page);
      expect(page.statusCode).toBe(200);
      expect(html).toContain('govuk-panel');
      expect(browser.textOf(html)).toContain(
        'Response received Thank you for responding to the consultation',
      );
      expect(browser.textOf(html)).toContain(
        'We received your response to Integrating adult social care on 2 November 2026 at 10:30am.',
      );
      expect(browser.textOf(html)).not.toContain('invitation email');
    });

    it("records an invitee's changed response posted directly, without name or organisation", async () => {
      // Prepare
      const { cookies, csrf } = await arrive();
      consultations.respond.mockResolvedValue({ respondedAt: '2026-11-03T09:00:00.000Z', changed: true });

      // Act
      const sent = await send({
        method: 'POST',
        step: 'confirm',
        cookies,
        form: { response: 'Second thoughts', name: 'Ignored', organisation: 'Ignored too', _csrf: csrf },
      });
      consultations.openLink.mockResolvedValue({
        ...inviteeForm,
        currentResponse: { response: 'Second thoughts', respondedAt: '2026-11-03T09:00:00.000Z' },
      });
      const text = browser.textOf(
        browser.bodyOf(
          await send({ method: 'GET', step: 'confirmation', cookies: browser.cookiesFrom(sent, cookies) }),
        ),
      );

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
      // Prepare
      const { cookies, csrf } = await arrive();

      // Act
      const result = await send({ method: 'POST', step: 'confirm', cookies, form: { _csrf: csrf } });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#response', text: 'Enter your response' },
      ]);
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it("shows the service's reason beside the field it refuses", async () => {
      // Prepare
      useForm(publicForm);
      consultations.respond.mockRejectedValue(
        new ValidationError('The response has errors', {
          errors: [{ path: 'organisation', message: 'Enter your organisation as text' }],
        }),
      );

      // Act
      const result = await submit('confirm', { response: 'Fine', organisation: 'Carers' });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#organisation', text: 'Enter your organisation as text' },
      ]);
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
    it('says the consultation closed on its date (410) when the link is opened after the close', async () => {
      // Prepare
      consultations.openLink.mockResolvedValue({ ...inviteeForm, open: false, status: 'closed' });

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(result.statusCode).toBe(410);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('This consultation has closed');
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'The consultation closed on Friday 27 November 2026.',
      );
    });

    it('says a consultation that has not opened is not open yet (409)', async () => {
      // Prepare
      consultations.openLink.mockResolvedValue({ ...publicForm, open: false, status: 'scheduled' });

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('This consultation is not open yet');
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'You can respond from Friday 30 October 2026 until the end of Friday 27 November 2026.',
      );
    });

    it('answers 409 to a response sent after the close and does not pass it on', async () => {
      // Prepare
      const { cookies, csrf } = await arrive();
      consultations.openLink.mockResolvedValue({ ...inviteeForm, open: false, status: 'closed' });

      // Act
      const result = await send({
        method: 'POST',
        step: 'confirm',
        cookies,
        form: { response: 'Late', _csrf: csrf },
      });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'The response you just sent has not been recorded.',
      );
      expect(consultations.respond).not.toHaveBeenCalled();
    });

    it('answers 409 when the service finds the consultation closed while recording', async () => {
      // Prepare
      const { cookies, csrf } = await arrive();
      consultations.respond.mockImplementation(async () => {
        consultations.openLink.mockResolvedValue({ ...inviteeForm, open: false, status: 'closed' });
        throw new ConsultationClosedError('This consultation has closed');
      });

      // Act
      const result = await send({
        method: 'POST',
        step: 'confirm',
        cookies,
        form: { response: 'Late', _csrf: csrf },
      });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.headingOf(browser.bodyOf(result))).toContain('This consultation has closed');
      expect(browser.setCookieNamed(result, 'td_consultation')).toBeUndefined();
    });
  });
});
