/**
 * An invitee and a member of the public respond to a consultation in Chromium: the invitee from the personal
 * link in their invitation email (no response, a response checked, changed and sent, then changed again with
 * the same link), the public through the consultation's public link (over-long answers, an optional name, the
 * limit on responses from one client, an optional email that is then sent the outcome), and a tampered
 * link. Every form shows the proposal and a privacy notice. Every page visited, error states included, is
 * axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  api,
  localToday,
  moveClockTo,
  type OutboxEmail,
  outbox,
  sweep,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

interface ConsultationAnswer {
  status: string;
  invited: number;
  responded: number;
  publicResponses: number;
  publicUrl?: string;
}

/** The personal consultation link in an invitation email. */
function consultationLinkIn(email: OutboxEmail): string {
  const match = email.text.match(/https?:\/\/\S+\/forms\/consultation\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/);
  if (!match) throw new Error(`No consultation link in the email "${email.subject}"`);
  return match[0];
}

describe('Journey: responding to a consultation in the browser', () => {
  const run = randomUUID().slice(0, 8);
  const invitee = `invitee-${run}@example.org`;
  const publicRespondent = `sam-${run}@example.org`;
  const title = `Integrating adult social care ${run}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hr: ReturnType<typeof api>;
  let consultationId: string;
  let inviteLink: string;
  let publicLink: string;

  const consultation = async () =>
    (await hr.get(`/api/consultations/${consultationId}`)).json as ConsultationAnswer;
  const continueButton = () => page.getByRole('button', { name: 'Continue' });
  const responseBox = () => page.getByLabel('Your response');

  /** From the question page with a response typed: through the check page to the confirmation. */
  const sendFromQuestion = async () => {
    await continueButton().click();
    await page.getByRole('heading', { name: 'Check your response before sending it' }).waitFor();
    await page.getByRole('button', { name: 'Send response' }).click();
  };

  beforeAll(async () => {
    // Prepare: an open public consultation whose invitation has reached the outbox.
    hr = api(await tokenFor('hr', 'hr@example.org'));
    const today = await localToday();
    const created = await hr.post('/api/consultations', {
      title,
      description:
        'We propose that adult social care moves to the partnership trust.\n\nTell us what you think of the proposal.',
      proposalSummary: 'About 900 staff would move to the trust, keeping their terms and continuous service.',
      proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
      organisation: 'Staffordshire County Council',
      privacyNoticeUrl: 'https://www.example.org/privacy',
      opensOn: today,
      closesOn: addDays(today, 28),
      invite: [invitee],
      public: true,
    });
    expect(created.status).toBe(201);
    consultationId = created.json.id;
    await sweep();
    const invitation = await waitFor('the invitation email', async () =>
      (await outbox()).find((email) => email.to.includes(invitee) && email.subject.includes(title)),
    );
    inviteLink = consultationLinkIn(invitation);
    publicLink = await waitFor('the public link', async () => (await consultation()).publicUrl);

    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  describe('an invitee', () => {
    it('is asked for a response when they send none', async () => {
      // Act
      const opened = await page.goto(inviteLink);
      const question = await textOf(page.locator('main'));
      const questionViolations = await axeViolations(page);
      await continueButton().click();

      // Assess
      expect(opened?.status()).toBe(200);
      expect(question).toContain(title);
      expect(question).toContain('Tell us what you think of the proposal.');
      expect(question).toContain(
        'The proposal About 900 staff would move to the trust, keeping their terms and continuous service. Read the full proposal (opens in new tab)',
      );
      expect(question).toContain(
        'How we use your information Staffordshire County Council holds the information you give on this form.',
      );
      expect(
        await page
          .getByRole('link', { name: /privacy notice of Staffordshire County Council/ })
          .getAttribute('href'),
      ).toBe('https://www.example.org/privacy');
      expect(await page.getByLabel('Your name (optional)').count()).toBe(0);
      expect(await page.getByLabel('Email address (optional)').count()).toBe(0);
      expect(questionViolations).toEqual([]);
      expect(await page.title()).toBe(`Error: ${title} – Transfer Desk`);
      expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter your response');
      expect(await axeViolations(page)).toEqual([]);
      expect(await errorLinkFocus(page)).toEqual([{ target: 'response', focused: 'response' }]);
      expect((await consultation()).responded).toBe(0);
    });

    it('checks the response, changes it, sends it and sees it received', async () => {
      // Act
      await responseBox().fill('Keep the day centres open.');
      await continueButton().click();
      await page.getByRole('heading', { name: 'Check your response before sending it' }).waitFor();
      const checkViolations = await axeViolations(page);
      await page.getByRole('button', { name: 'Change your response' }).click();
      const kept = await responseBox().inputValue();
      await responseBox().fill('Keep the day centres open.\nAnd the drop-in sessions on Fridays.');
      await continueButton().click();
      const answers = await textOf(page.locator('.govuk-summary-list'));
      await page.getByRole('button', { name: 'Send response' }).click();
      await page.getByRole('heading', { name: 'Response received' }).waitFor();

      // Assess
      expect(checkViolations).toEqual([]);
      expect(kept).toBe('Keep the day centres open.');
      expect(answers).toContain('Keep the day centres open. And the drop-in sessions on Fridays.');
      expect(await textOf(page.locator('main'))).toContain('using the link in your invitation email again');
      expect(await axeViolations(page)).toEqual([]);
      expect(await consultation()).toMatchObject({ responded: 1, publicResponses: 0 });
    });

    it('sees their response again with the same link and replaces it', async () => {
      // Act
      await page.goto(inviteLink);
      const shown = await responseBox().inputValue();
      const told = await textOf(page.locator('.govuk-inset-text'));
      const questionViolations = await axeViolations(page);
      await responseBox().fill('On reflection, merge the day centres.');
      await sendFromQuestion();
      await page.getByRole('heading', { name: 'Response received' }).waitFor();

      // Assess
      expect(shown).toBe('Keep the day centres open.\nAnd the drop-in sessions on Fridays.');
      expect(told).toContain('You can change it until the consultation closes at the end of');
      expect(questionViolations).toEqual([]);
      expect(await textOf(page.locator('main'))).toContain('It replaces the response you sent before.');
      expect(await consultation()).toMatchObject({ responded: 1, publicResponses: 0 });
    });
  });

  describe('the public', () => {
    it('are told when the response and the name are too long, with the answers kept', async () => {
      // Act
      const opened = await page.goto(publicLink);
      const questionViolations = await axeViolations(page);
      await responseBox().fill('x'.repeat(5001));
      await page.getByLabel('Your name (optional)').fill('n'.repeat(101));
      await page.getByLabel('Email address (optional)').fill('sam.green@');
      await continueButton().click();

      // Assess
      expect(opened?.status()).toBe(200);
      expect(questionViolations).toEqual([]);
      expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
        'Your response must be 5,000 characters or fewer',
      );
      expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
        'Your name must be 100 characters or fewer',
      );
      expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
        'Enter the email address in the correct format, like name@example.org',
      );
      expect((await responseBox().inputValue()).length).toBe(5001);
      expect(await axeViolations(page)).toEqual([]);
      expect(await errorLinkFocus(page)).toEqual([
        { target: 'response', focused: 'response' },
        { target: 'name', focused: 'name' },
        { target: 'email', focused: 'email' },
      ]);
      expect((await consultation()).publicResponses).toBe(0);
    });

    it('send a response with a name, no organisation and an email for the outcome', async () => {
      // Act
      await responseBox().fill('As a carer, I support the move.');
      await page.getByLabel('Your name (optional)').fill('Sam Green');
      await page.getByLabel('Email address (optional)').fill(publicRespondent);
      await continueButton().click();
      await page.getByRole('heading', { name: 'Check your response before sending it' }).waitFor();
      const answers = await textOf(page.locator('.govuk-summary-list'));
      const checkViolations = await axeViolations(page);
      await page.getByRole('button', { name: 'Send response' }).click();
      await page.getByRole('heading', { name: 'Response received' }).waitFor();

      // Assess
      expect(answers).toContain('Your name Sam Green');
      expect(answers).toContain('Organisation Not given');
      expect(answers).toContain(`Email address for the outcome ${publicRespondent}`);
      expect(checkViolations).toEqual([]);
      expect(await textOf(page.locator('main'))).not.toContain('invitation email');
      expect(await textOf(page.locator('main'))).toContain(
        'We will email you the outcome once it is decided.',
      );
      expect(await axeViolations(page)).toEqual([]);
      expect((await consultation()).publicResponses).toBe(1);
    });

    it('are asked to try again later after several responses in a short time, and nothing more is recorded', async () => {
      // Prepare: the service takes five public responses an hour from one client; this is the sixth.
      for (let sent = 1; sent < 5; sent += 1) {
        await page.goto(publicLink);
        await responseBox().fill(`Response number ${sent + 1}`);
        await sendFromQuestion();
        await page.getByRole('heading', { name: 'Response received' }).waitFor();
      }
      await page.goto(publicLink);
      await responseBox().fill('One too many');

      // Act
      await continueButton().click();
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/confirm')),
        page.getByRole('button', { name: 'Send response' }).click(),
      ]);
      await page.locator('.govuk-error-summary').waitFor();

      // Assess
      expect(answer.status()).toBe(429);
      expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
        'You have sent several responses in a short time. Try again later.',
      );
      expect(await textOf(page.locator('.govuk-summary-list'))).toContain('One too many');
      expect(await axeViolations(page)).toEqual([]);
      expect((await consultation()).publicResponses).toBe(5);
    });
  });

  it('says a tampered link is not recognised', async () => {
    // Prepare: change one character inside the token (not the last, whose low bits are only padding).
    const at = inviteLink.indexOf('/forms/consultation/') + '/forms/consultation/'.length + 5;
    const tampered = `${inviteLink.slice(0, at)}${inviteLink[at] === 'A' ? 'B' : 'A'}${inviteLink.slice(at + 1)}`;

    // Act
    const response = await page.goto(tampered);

    // Assess
    expect(response?.status()).toBe(404);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('This link is not recognised');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sends the outcome to the public respondent who left an email address, once', async () => {
    // Prepare: the consultation closes; HR records the outcome.
    await moveClockTo(addDays(await localToday(), 29));
    await sweep();
    await waitFor('the consultation to close', async () =>
      (await consultation()).status === 'closed' ? true : undefined,
    );

    // Act
    const recorded = await hr.post(`/api/consultations/${consultationId}/outcome`, {
      decision: 'proceed-with-changes',
      summary: 'The move goes ahead; the Friday drop-in sessions stay.',
    });
    const told = await waitFor('the outcome email to the public respondent', async () => {
      const emails = (await outbox()).filter(
        (email) => email.to.includes(publicRespondent) && email.text.includes('Friday drop-in sessions stay'),
      );
      return emails.length > 0 ? emails : undefined;
    });

    // Assess
    expect(recorded.status).toBe(200);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('Dear Sam Green,');
  });
});
