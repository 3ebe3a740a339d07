/**
 * HR moves a transfer from the browser, each action behind a page that states its consequences: the
 * launch confirmation, moving the dates (the error summary, the check page, the run's outcome on the
 * transfer page) and cancelling. Every page is axe-clean with no rule excluded.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  outbox,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

const hrEmail = 'hr.actions@example.org';

describe('Journey: HR launches, moves the dates of and cancels a transfer in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let today: string;
  const run = randomUUID().slice(0, 8);
  const people = rosterRows(3, run);
  const transferOf = async () => (await hr.get(`/api/transfers/${transferId}`)).json;
  const emailsTo = async (email: string) => (await outbox(email)).filter((sent) => sent.to.includes(email));

  beforeAll(async () => {
    // Prepare: a draft with three people on its roster
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    transferId = (await hr.post('/api/transfers', pensionTransferInput(today, addDays, `Actions ${run}`)))
      .json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(`${baseUrl()}/local/sign-in?role=hr&email=${hrEmail}&returnTo=/`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('launches from a confirmation page that says who is emailed and that it cannot be undone', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    await page.getByRole('button', { name: 'Launch transfer' }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}/launch`);
    const confirmation = await textOf(page.locator('main'));
    const violations = await axeViolations(page);
    await page.getByRole('button', { name: 'Launch the transfer' }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}`);

    // Assess
    expect(confirmation).toContain('we will email the 3 people on the roster a personal link');
    expect(confirmation).toContain('You cannot undo this');
    expect(violations).toEqual([]);
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Transfer launched');
    await waitFor('the invitations', async () =>
      (await transferOf()).launch?.status === 'done' ? true : undefined,
    );
  });

  it('shows the error summary for a date that is not real, each link focusing its box, with no axe problems', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    await page.getByRole('button', { name: 'Move the dates' }).click();
    const formViolations = await axeViolations(page);
    const transferDate = page.getByRole('group', { name: 'Transfer date' });
    await transferDate.getByLabel('Day').fill('31');
    await transferDate.getByLabel('Month').fill('2');
    await page.getByRole('button', { name: 'Continue' }).click();
    const focus = await errorLinkFocus(page);

    // Assess
    expect(formViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain(
      'The transfer date must be a real date',
    );
    expect(focus).toEqual([{ target: 'transferDate-day', focused: 'transferDate-day' }]);
    expect(await axeViolations(page)).toEqual([]);
    expect((await transferOf()).dateChanges).toBeUndefined();
  });

  it('moves the transfer date after a check page listing the milestones that move, and shows the emails sent', async () => {
    // Prepare
    const newDate = addDays(today, 91);
    const [year, month, day] = newDate.split('-').map(Number);

    // Act
    const transferDate = page.getByRole('group', { name: 'Transfer date' });
    await transferDate.getByLabel('Day').fill(String(day));
    await transferDate.getByLabel('Month').fill(String(month));
    await transferDate.getByLabel('Year').fill(String(year));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/dates\/check\?/);
    const check = await textOf(page.locator('main'));
    const checkViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Move the dates' }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}`);
    const banner = await textOf(page.locator('.govuk-notification-banner--success'));
    await waitFor('the date-change emails', async () =>
      (await transferOf()).dateChange?.status === 'done' ? true : undefined,
    );
    await page.reload();

    // Assess
    expect(check).toContain('Transfer day');
    expect(check).toContain('We will email the 3 people still in scope of the transfer');
    expect(checkViolations).toEqual([]);
    expect(banner).toContain('Dates moved');
    expect(await textOf(page.locator('#changes'))).toContain(
      'Telling staff the dates have moved Done 3 emails sent',
    );
    expect((await transferOf()).transferDate).toBe(newDate);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('cancels after a confirmation page stating the consequences, and everyone told is emailed', async () => {
    // Act
    await page.getByRole('button', { name: 'Cancel the transfer' }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}/cancel`);
    const confirmation = await textOf(page.locator('main'));
    const violations = await axeViolations(page);
    await page.getByRole('button', { name: 'Cancel the transfer' }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}`);
    const banner = await textOf(page.locator('.govuk-notification-banner--success'));
    await waitFor('the cancellation emails', async () =>
      (await transferOf()).cancellation?.status === 'done' ? true : undefined,
    );

    // Assess
    expect(confirmation).toContain('we will email the 3 people who were told about it that it is cancelled');
    expect(confirmation).toContain('every personal link to choose a pension scheme stops working');
    expect(confirmation).toContain('You cannot undo this.');
    expect(violations).toEqual([]);
    expect(banner).toContain('Transfer cancelled');
    expect((await transferOf()).status).toBe('cancelled');
    for (const person of people) {
      const subjects = (await emailsTo(person.email)).map((email) => email.subject);
      expect(subjects.some((subject) => /cancel/i.test(subject))).toBe(true);
    }
  });
});
