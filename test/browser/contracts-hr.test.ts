/**
 * HR works with contracts in Chromium: adds one on the form (errors first, in the API's words), uploads a CSV
 * file (a bad row adds nothing, then the fixed file adds every row), sees an undecided contract past its
 * decide-by date tagged Overdue, decides it on the dashboard and finds it under Decided, renews a fixed term
 * past four years and records the objective justification on the new term's page. Every page is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, api, baseUrl, localToday, tokenFor } from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

/** Types a date into the three boxes of the date input `id`. */
async function fillDate(page: Page, id: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.locator(`#${id}-day`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year ?? '');
}

describe('Journey: HR adds, uploads, decides and justifies contracts on the dashboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let today: string;
  const unique = randomUUID().slice(0, 8);
  const hrEmail = `hr.contract.pages.${unique}@example.org`;
  const managerEmail = `manager.contract.pages.${unique}@example.org`;
  const lateTitle = `Late care assistant ${unique}`;
  let lateId: string;

  beforeAll(async () => {
    // Prepare: a contract ending in 12 days with 30 days' notice, so its decide-by date has passed.
    const hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    const created = await hr.post('/api/contracts', {
      kind: 'employment',
      title: lateTitle,
      parties: ['Staffordshire County Council'],
      managerEmail,
      startDate: addDays(today, -300),
      endDate: addDays(today, 12),
      employeeNumber: `L${unique}`,
      employeeName: 'Jo Late',
    });
    expect(created.status, created.text).toBe(201);
    lateId = created.json.items[0].id;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(
      `${baseUrl()}/local/sign-in?role=hr&email=${encodeURIComponent(hrEmail)}&returnTo=/contracts`,
    );
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('tags the undecided contract past its decide-by date Overdue, with the employee by name', async () => {
    // Assess
    const row = page.locator('table tr', { hasText: lateTitle });
    expect(await textOf(row)).toContain(`Jo Late (L${unique})`);
    expect(await textOf(row.locator('.govuk-tag'))).toBe('Overdue');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('adds a contract from the form, first saying what is wrong', async () => {
    // Act: a first try with no kind and no title
    await page.getByRole('button', { name: 'Add a contract' }).click();
    await page.waitForURL(/\/contracts\/new$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add contract' }).click();
    const summary = await textOf(page.locator('.govuk-error-summary'));
    const errorViolations = await axeViolations(page);
    await page.getByLabel('A fixed-term employment contract').check();
    await page.getByLabel('Title').fill(`Social worker ${unique}`);
    await page.getByLabel('Parties').fill('Staffordshire County Council');
    await page.getByLabel("Manager's email address").fill(managerEmail);
    await page.getByLabel("Employee's name (employment contracts only)").fill('Priya Shah');
    await fillDate(page, 'startDate', addDays(today, -100));
    await fillDate(page, 'endDate', addDays(today, 200));
    await page.getByRole('button', { name: 'Add contract' }).click();
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);

    // Assess
    expect(summary).toContain('Choose employment or agreement');
    expect(summary).toContain('Enter the title');
    expect(errorViolations).toEqual([]);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Social worker ${unique}`);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain('Contract added.');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('uploads a CSV file: a bad row adds nothing, the fixed file adds every row', async () => {
    // Prepare
    const header = 'kind,title,parties,managerEmail,startDate,endDate,employeeName';
    const row = (title: string, endDate: string) =>
      `employment,${title},Council,${managerEmail},${addDays(today, -50)},${endDate},Upload Person`;
    const bad = [
      header,
      row(`Uploaded one ${unique}`, addDays(today, 100)),
      row(`Uploaded two ${unique}`, 'soon'),
    ];
    const good = [
      header,
      row(`Uploaded one ${unique}`, addDays(today, 100)),
      row(`Uploaded two ${unique}`, addDays(today, 110)),
    ];
    const file = (lines: string[]) => ({
      name: 'contracts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });

    // Act
    await page.goto(`${baseUrl()}/contracts/upload`);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#contracts').setInputFiles(file(bad));
    await page.getByRole('button', { name: 'Upload contracts' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const problems = await textOf(page.locator('main'));
    const problemViolations = await axeViolations(page);
    await page.locator('#contracts').setInputFiles(file(good));
    await page.getByRole('button', { name: 'Upload contracts' }).click();
    await page.waitForURL(/\/contracts$/);

    // Assess
    expect(problems).toContain('Row 2: The end date must be a real date written as YYYY-MM-DD');
    expect(problems).toContain('No contract from the file has been added.');
    expect(problemViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain('2 contracts added.');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('decides the overdue contract on the dashboard and finds it under Decided', async () => {
    // Act
    await page.goto(`${baseUrl()}/contracts/${lateId}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Let it end').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    const banner = await textOf(page.locator('.govuk-notification-banner'));
    await page.goto(`${baseUrl()}/contracts`);
    const open = await textOf(page.locator('main'));
    await page.getByLabel('Show').selectOption('decided');
    await page.getByLabel('Contracts ending within').selectOption('30');
    await page.getByRole('button', { name: 'Show contracts' }).click();
    await page.waitForURL(/show=decided/);

    // Assess
    expect(banner).toContain('Decision recorded. The manager and HR have been emailed.');
    expect(open).not.toContain(lateTitle);
    const row = page.locator('table tr', { hasText: lateTitle });
    expect(await textOf(row.locator('.govuk-tag'))).toBe('Not renewed');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('renews a fixed term past four years and records the justification on the new term', async () => {
    // Prepare
    const hr = api(await tokenFor('hr', hrEmail));
    const created = await hr.post('/api/contracts', {
      kind: 'employment',
      title: `Long fixed term ${unique}`,
      parties: ['Staffordshire County Council'],
      managerEmail,
      startDate: addDays(today, -300),
      endDate: addDays(today, 60),
      continuousServiceStart: addDays(today, -1400),
    });
    const id = created.json.items[0].id as string;

    // Act
    await page.goto(`${baseUrl()}/contracts/${id}`);
    await page.getByLabel('Renew it').check();
    await fillDate(page, 'newEndDate', addDays(today, 400));
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('#justification').waitFor();
    const warning = await textOf(page.locator('.govuk-warning-text').first());
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record justification' }).click();
    const missing = await textOf(page.locator('.govuk-error-summary'));
    await page
      .getByLabel('Justification')
      .fill('The post is funded by a grant that ends on the new end date.');
    await page.getByRole('button', { name: 'Record justification' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Assess
    expect(warning).toContain('regulation 8');
    expect(missing).toContain('Enter the objective justification for the fixed term');
    const main = await textOf(page.locator('main'));
    expect(main).toContain('Justification recorded.');
    expect(main).toContain('The post is funded by a grant that ends on the new end date.');
    expect(main).toContain(`Recorded by ${hrEmail}`);
    expect(await axeViolations(page)).toEqual([]);
  });
});
