/**
 * HR uses the dashboard in Chromium: signs in, creates a transfer, sees the problems in a bad roster
 * file (and that no one was added), uploads a good one, launches, and follows the transfer page.
 * Every page visited, error states included, is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, baseUrl, localToday, waitFor } from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

const goodRoster = fileURLToPath(new URL('../fixtures/roster-small.csv', import.meta.url));
const badRoster = fileURLToPath(new URL('../fixtures/roster-small-with-errors.csv', import.meta.url));

function dateParts(date: string): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

describe('Journey: HR runs a transfer from the dashboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let today: string;
  let transferUrl: string;
  const name = `Dashboard transfer ${randomUUID().slice(0, 8)}`;

  const summaryValue = (key: string) =>
    textOf(
      page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: key }) }).locator('dd'),
    );

  beforeAll(async () => {
    today = await localToday();
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('sends someone who is not signed in to sign in, then back to the transfers', async () => {
    // Act
    await page.goto(`${baseUrl()}/`);
    const signInPage = page.url();
    await page.goto(`${baseUrl()}/local/sign-in?role=hr&email=hr@example.org&returnTo=/`);

    // Assess
    expect(new URL(signInPage).pathname).toBe('/sign-in');
    expect(new URL(signInPage).searchParams.get('returnTo')).toBe('/');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Transfers');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows every missing answer on the create page, each link focusing its field', async () => {
    // Act
    await page.getByRole('button', { name: 'Create a transfer' }).click();
    await page.getByRole('heading', { name: 'Create a transfer' }).waitFor();
    const formViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Create transfer' }).click();
    await page.locator('.govuk-error-summary').waitFor();

    // Assess
    expect(formViolations).toEqual([]);
    expect(await page.title()).toBe('Error: Create a transfer – Transfer Desk');
    expect(await axeViolations(page)).toEqual([]);
    const focus = await errorLinkFocus(page);
    expect(focus.map((link) => link.target)).toEqual([
      'name',
      'transferor',
      'transferee',
      'legalBasis',
      'transferDate-day',
      'electionClosesOn-day',
      'defaultOption',
    ]);
    for (const link of focus) expect(link.focused).toBe(link.target);
  });

  it('creates the transfer and opens its page', async () => {
    // Prepare
    const transferDate = dateParts(addDays(today, 70));
    const closes = dateParts(addDays(today, 35));

    // Act
    await page.getByLabel('Transfer name').fill(name);
    await page.getByLabel('Transferor').fill('Staffordshire County Council');
    await page.getByLabel('Transferee').fill('Midlands Partnership NHS Foundation Trust');
    await page.getByLabel('TUPE', { exact: true }).check();
    const transferGroup = page.getByRole('group', { name: 'Transfer date' });
    await transferGroup.getByLabel('Day').fill(transferDate.day);
    await transferGroup.getByLabel('Month').fill(transferDate.month);
    await transferGroup.getByLabel('Year').fill(transferDate.year);
    const closesGroup = page.getByRole('group', { name: 'Pension election closes on' });
    await closesGroup.getByLabel('Day').fill(closes.day);
    await closesGroup.getByLabel('Month').fill(closes.month);
    await closesGroup.getByLabel('Year').fill(closes.year);
    await page.getByLabel('Option 1 (LGPS)').check();
    await page.getByRole('button', { name: 'Create transfer' }).click();
    await page.getByRole('heading', { name }).waitFor();
    transferUrl = page.url();

    // Assess
    expect(new URL(transferUrl).pathname).toMatch(/^\/transfers\/[^/]+$/);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain('Transfer created');
    expect(await summaryValue('Transferee')).toBe('Midlands Partnership NHS Foundation Trust');
    expect(await textOf(page.locator('.govuk-tag').first())).toBe('Draft');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists the problems in a bad roster file by row and adds no one', async () => {
    // Act
    await page.getByRole('link', { name: 'Upload the staff roster' }).click();
    await page.getByRole('heading', { name: 'Upload the staff roster' }).waitFor();
    const uploadViolations = await axeViolations(page);
    await page.getByLabel('Roster file (CSV)').setInputFiles(badRoster);
    await page.getByRole('button', { name: 'Upload roster' }).click();
    await page.locator('.govuk-error-summary').waitFor();

    // Assess
    expect(uploadViolations).toEqual([]);
    const summary = await textOf(page.locator('.govuk-error-summary'));
    expect(summary).toContain('Row 2:');
    expect(summary).toContain('Row 3:');
    expect(summary).not.toContain('Row 1:');
    expect(await textOf(page.locator('#row-problems + p'))).toContain('No one from the file has been added');
    expect(await axeViolations(page)).toEqual([]);
    for (const link of await errorLinkFocus(page)) expect(link.focused).toBe('roster');
    await page.goto(transferUrl);
    expect(await summaryValue('People on the roster')).toBe('0');
  });

  it('uploads the roster and says how many people were added', async () => {
    // Act
    await page.getByRole('link', { name: 'Upload the staff roster' }).click();
    await page.getByLabel('Roster file (CSV)').setInputFiles(goodRoster);
    await page.getByRole('button', { name: 'Upload roster' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Assess
    expect(new URL(page.url()).pathname).toBe(new URL(transferUrl).pathname);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain(
      '3 people added. The roster now has 3.',
    );
    expect(await summaryValue('People on the roster')).toBe('3');
    expect(await textOf(page.locator('#people ~ table'))).toContain('Amira Okafor');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('launches the transfer and shows its milestones and counts as the invitations go out', async () => {
    // Act
    await page.getByRole('button', { name: 'Launch transfer' }).click();
    await page.getByRole('button', { name: 'Launch the transfer' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    const banner = await textOf(page.locator('.govuk-notification-banner'));
    await waitFor(
      'all three people to be invited',
      async () => {
        await page.goto(transferUrl);
        const counts = await textOf(page.locator('table', { hasText: 'People by status' }));
        return /Invited\s+3/.test(counts) ? counts : undefined;
      },
      60_000,
      1_000,
    );

    // Assess
    expect(banner).toContain('Transfer launched');
    expect(await textOf(page.locator('.govuk-tag').first())).toBe('Launched');
    const milestones = await textOf(page.getByRole('table', { name: 'Milestones', exact: true }));
    expect(milestones).toContain('Pension election closes');
    expect(milestones).toContain('Transfer day');
    expect(milestones).toContain('Pending');
    expect(await textOf(page.getByRole('table', { name: 'Choices that count, by option' }))).toContain(
      'Stay in the Local Government Pension Scheme',
    );
    expect(await page.getByRole('button', { name: 'Launch transfer' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('filters the people by status and downloads the elections with the session', async () => {
    // Act
    await page.getByLabel('Status', { exact: true }).selectOption('invited');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/status=invited/);
    const people = await textOf(page.locator('#people ~ table'));
    const csv = await context.request.get(`${transferUrl}/elections.csv`);

    // Assess
    expect(people).toContain('Priya Shah');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('B0001');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('signs out', async () => {
    // Act
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Transfer Desk' }).waitFor();
    const afterSignOut = await page.goto(`${baseUrl()}/`);

    // Assess
    expect(afterSignOut?.url()).toContain('/sign-in?returnTo=%2F');
    expect(await axeViolations(page)).toEqual([]);
  });
});
