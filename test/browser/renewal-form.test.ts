/**
 * A manager uses the renewal decision form in Chromium, from the link in their reminder email: no
 * decision chosen, a new end date missing and then too early, a renewal checked and confirmed (with the
 * four-year warning), the link used again after the decision, an agreement left to end, and a tampered
 * link. Every page visited, error states included, is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  api,
  localToday,
  type OutboxEmail,
  outbox,
  sweep,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

interface ContractAnswer {
  status: string;
  decisions: Array<{ decision: string; newEndDate?: string; via: string }>;
  terms: Array<{ endDate: string }>;
}

/** The renewal form link in a reminder email. */
function renewalLinkIn(email: OutboxEmail): string {
  const match = email.text.match(/https?:\/\/\S+\/forms\/renewal\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/);
  if (!match) throw new Error(`No renewal link in the email "${email.subject}"`);
  return match[0];
}

/** `2027-09-30` as a person types it into the three boxes. */
function dateParts(date: string): { day: string; month: string; year: string } {
  const [year, month, day] = date.split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

describe('Journey: deciding a contract renewal in the browser', () => {
  const run = randomUUID().slice(0, 8);
  const managerEmail = `manager-${run}@example.org`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hr: ReturnType<typeof api>;
  let employment: { id: string; title: string; endDate: string; link: string };
  let agreement: { id: string; title: string; endDate: string; link: string };

  const contractOf = async (id: string) => (await hr.get(`/api/contracts/${id}`)).json as ContractAnswer;
  const continueButton = () => page.getByRole('button', { name: 'Continue' });

  const fillNewEndDate = async (date: { day: string; month: string; year: string }) => {
    await page.getByLabel('Day').fill(date.day);
    await page.getByLabel('Month').fill(date.month);
    await page.getByLabel('Year').fill(date.year);
  };

  /** Creates a contract ending in 20 days, inside its reminder window, and reads the reminder's link. */
  const contractWithLink = async (input: Record<string, unknown>) => {
    const created = await hr.post('/api/contracts', input);
    expect(created.status).toBe(201);
    const [{ id }] = created.json.items as [{ id: string }];
    await sweep();
    const reminder = await waitFor('the renewal reminder', async () =>
      (await outbox()).find(
        (email) => email.to.includes(managerEmail) && email.subject.includes(String(input.title)),
      ),
    );
    return { id, title: String(input.title), endDate: String(input.endDate), link: renewalLinkIn(reminder) };
  };

  beforeAll(async () => {
    // Prepare: two contracts of one manager, each reminded at once because it ends within the window.
    hr = api(await tokenFor('hr', 'hr@example.org'));
    const today = await localToday();
    const endDate = addDays(today, 20);
    employment = await contractWithLink({
      kind: 'employment',
      title: `Social worker ${run}, fixed term`,
      parties: ['Staffordshire County Council'],
      managerEmail,
      // Three years and ten months of fixed-term service: a renewal of a year passes four years.
      startDate: addDays(today, -(4 * 365 - 60)),
      endDate,
      employeeNumber: `E${run}`,
    });
    agreement = await contractWithLink({
      kind: 'agreement',
      title: `Section 75 partnership agreement ${run}`,
      parties: ['Staffordshire County Council', 'Staffordshire and Stoke-on-Trent Partnership NHS Trust'],
      managerEmail,
      startDate: addDays(today, -1000),
      endDate,
      requiresConsultation: true,
    });

    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the contract and asks for a decision when none is chosen', async () => {
    // Act
    const opened = await page.goto(employment.link);
    const summary = await textOf(page.locator('.govuk-summary-list'));
    const questionViolations = await axeViolations(page);
    await continueButton().click();

    // Assess
    expect(opened?.status()).toBe(200);
    expect(summary).toContain(employment.title);
    expect(summary).toContain(`Employee number E${run}`);
    expect(questionViolations).toEqual([]);
    expect(await page.title()).toBe('Error: Renew or end this contract – Transfer Desk');
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
      'Select whether to renew or end the contract',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await errorLinkFocus(page)).toEqual([{ target: 'decision', focused: 'decision' }]);
    expect((await contractOf(employment.id)).decisions).toEqual([]);
  });

  it('reveals the new end date when renewing, and asks for one after the current end', async () => {
    // Act
    await page.getByLabel('Renew it').check();
    const revealed = await page.getByLabel('Day').isVisible();
    await continueButton().click();
    const missing = await textOf(page.locator('.govuk-error-summary'));
    const missingViolations = await axeViolations(page);
    await fillNewEndDate(dateParts(employment.endDate));
    await continueButton().click();

    // Assess
    expect(revealed).toBe(true);
    expect(missing).toContain('Enter the new end date');
    expect(missingViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-error-message'))).toContain('The new end date must be after');
    expect(await axeViolations(page)).toEqual([]);
    expect(await errorLinkFocus(page)).toEqual([{ target: 'newEndDate-day', focused: 'newEndDate-day' }]);
    expect((await contractOf(employment.id)).decisions).toEqual([]);
  });

  it('checks the answers, renews the contract and warns that HR has been told of four years', async () => {
    // Prepare
    const newEndDate = addDays(employment.endDate, 365);

    // Act
    await fillNewEndDate(dateParts(newEndDate));
    await continueButton().click();
    await page.getByRole('heading', { name: 'Check your answers before confirming your decision' }).waitFor();
    const answers = await textOf(page.locator('.govuk-summary-list'));
    const checkViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByRole('heading', { name: 'Contract renewed' }).waitFor();

    // Assess
    expect(answers).toContain('Renew it');
    expect(checkViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-warning-text'))).toContain('HR has been told');
    expect(await textOf(page.locator('main'))).toContain('A new term has been created');
    expect(await axeViolations(page)).toEqual([]);
    const renewed = await contractOf(employment.id);
    expect(renewed.status).toBe('renewed');
    expect(renewed.decisions).toEqual([
      expect.objectContaining({ decision: 'renew', newEndDate, via: 'form' }),
    ]);
    expect(renewed.terms.map((term) => term.endDate)).toEqual([employment.endDate, newEndDate]);
  });

  it('says the contract has already been decided when the link is used again, and changes nothing', async () => {
    // Act
    const response = await page.goto(employment.link);

    // Assess
    expect(response?.status()).toBe(410);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
      'This contract has already been decided',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect((await contractOf(employment.id)).decisions).toHaveLength(1);
  });

  it('lets an agreement end, and says the reminders stop', async () => {
    // Act
    await page.goto(agreement.link);
    const question = await textOf(page.locator('main'));
    const questionViolations = await axeViolations(page);
    await page.getByLabel('Let it end').check();
    await continueButton().click();
    const answers = await textOf(page.locator('.govuk-summary-list'));
    const checkViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByRole('heading', { name: 'Decision recorded: the contract will end' }).waitFor();

    // Assess
    expect(question).toContain('Type Agreement between organisations');
    expect(question).toContain('It must be consulted on first');
    expect(questionViolations).toEqual([]);
    expect(answers).toContain('Decision Let it end');
    expect(checkViolations).toEqual([]);
    expect(await textOf(page.locator('main'))).toContain('You will get no more reminders about it.');
    expect(await axeViolations(page)).toEqual([]);
    const ended = await contractOf(agreement.id);
    expect(ended.status).toBe('ended');
    expect(ended.decisions).toEqual([expect.objectContaining({ decision: 'end', via: 'form' })]);
  });

  it('says a tampered link is not recognised', async () => {
    // Prepare: change one character inside the token (not the last, whose low bits are only padding).
    const at = agreement.link.indexOf('/forms/renewal/') + '/forms/renewal/'.length + 5;
    const tampered = `${agreement.link.slice(0, at)}${agreement.link[at] === 'A' ? 'B' : 'A'}${agreement.link.slice(at + 1)}`;

    // Act
    const response = await page.goto(tampered);

    // Assess
    expect(response?.status()).toBe(404);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('This link is not recognised');
    expect(await axeViolations(page)).toEqual([]);
  });
});
