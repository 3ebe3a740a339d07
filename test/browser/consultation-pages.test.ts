/**
 * HR runs a consultation from the dashboard in Chromium: sees the list, creates one through the form (the
 * error summary first, then success), and follows its page with the twelve-week warning, the public link
 * and the responses-over-time chart with its text alternative. Every page is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  baseUrl,
  localToday,
  openForm,
  submitForm,
  sweep,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

function dateParts(date: string): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

describe('Journey: HR runs a consultation from the dashboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let today: string;
  let consultationUrl: string;
  const unique = randomUUID().slice(0, 8);
  const title = `Consultation pages ${unique}`;
  const hrEmail = `hr.consultations.${unique}@example.org`;

  const summaryValue = (key: string) =>
    textOf(
      page
        .locator('.govuk-summary-list__row', {
          has: page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }),
        })
        .first()
        .locator('dd'),
    );

  beforeAll(async () => {
    today = await localToday();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(
      `${baseUrl()}/local/sign-in?role=hr&email=${encodeURIComponent(hrEmail)}&returnTo=/consultations`,
    );
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('lists the consultations with a button to create one', async () => {
    // Assess
    expect(new URL(page.url()).pathname).toBe('/consultations');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Consultations');
    expect(await page.getByRole('link', { name: 'Consultations' }).getAttribute('aria-current')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows every missing answer on the create page, each link focusing its field, and creates nothing', async () => {
    // Act
    await page.getByRole('button', { name: 'Create a consultation' }).click();
    await page.getByRole('heading', { name: 'Create a consultation' }).waitFor();
    const formViolations = await axeViolations(page);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Who to invite (optional)').fill('someone@example.org\nnot an email address');
    await page.getByRole('button', { name: 'Create consultation' }).click();
    await page.locator('.govuk-error-summary').waitFor();

    // Assess
    expect(formViolations).toEqual([]);
    expect(await page.title()).toBe('Error: Create a consultation – Transfer Desk');
    expect(await axeViolations(page)).toEqual([]);
    const focus = await errorLinkFocus(page);
    expect(focus.map((link) => link.target)).toEqual(['opensOn-day', 'closesOn-day', 'public', 'invitees']);
    for (const link of focus) expect(link.focused).toBe(link.target);
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    await page.goto(`${baseUrl()}/consultations`);
    expect(await page.getByRole('link', { name: title }).count()).toBe(0);
  });

  it('creates a four-week public consultation and opens its page with the twelve-week warning', async () => {
    // Prepare
    const opens = dateParts(today);
    const closes = dateParts(addDays(today, 27));

    // Act
    await page.getByRole('button', { name: 'Create a consultation' }).click();
    await page.getByLabel('Title').fill(title);
    await page
      .getByLabel('What is being consulted on (optional)')
      .fill('Moving adult social care to the trust.');
    const opensGroup = page.getByRole('group', { name: 'Opens on' });
    await opensGroup.getByLabel('Day').fill(opens.day);
    await opensGroup.getByLabel('Month').fill(opens.month);
    await opensGroup.getByLabel('Year').fill(opens.year);
    const closesGroup = page.getByRole('group', { name: 'Closes on' });
    await closesGroup.getByLabel('Day').fill(closes.day);
    await closesGroup.getByLabel('Month').fill(closes.month);
    await closesGroup.getByLabel('Year').fill(closes.year);
    await page.getByLabel('Yes').check();
    await page.getByLabel('Who to invite (optional)').fill(`partner.${unique}@example.org`);
    await page.getByRole('button', { name: 'Create consultation' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    consultationUrl = page.url();

    // Assess
    expect(new URL(consultationUrl).pathname).toMatch(/^\/consultations\/[^/]+$/);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain('Consultation created');
    expect(await textOf(page.locator('.govuk-warning-text'))).toContain('at least twelve weeks');
    expect(await summaryValue('Length')).toBe('4 weeks');
    expect(await summaryValue('Public responses')).toMatch(
      /^Yes\. Anyone can respond with this link( from [^:]+)?: https?:\/\/\S+\/forms\/consultation\/[\w.-]+$/,
    );
    expect(await page.getByRole('link', { name: 'Download the responses (CSV)' }).getAttribute('href')).toBe(
      `${new URL(consultationUrl).pathname}/responses.csv`,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('draws responses over time once it has opened, as an image with a text alternative and a table', async () => {
    // Prepare: the opening is due today; a member of the public responds through the public link
    await sweep();
    await waitFor('the consultation to open', async () => {
      await page.goto(consultationUrl);
      return (await page.locator('#consultation-responses svg').count()) > 0 ? true : undefined;
    });
    const publicLink = await textOf(page.locator('#public-link'));
    expect(publicLink).toMatch(/\/forms\/consultation\/\S+$/);
    const form = await openForm(publicLink);
    const answer = await submitForm(
      `${publicLink}/confirm`,
      { response: 'I support the proposal.', name: '', organisation: '', _csrf: form.csrf },
      form.cookie,
    );

    // Act
    await page.goto(consultationUrl);
    const chart = page.locator('#consultation-responses svg');

    // Assess
    expect(answer.status).toBeLessThan(400);
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await textOf(chart.locator('title'))).toBe('Responses over time, day by day');
    expect(await textOf(chart.locator('desc'))).toContain(
      '0 invitees have responded; 1 public response received',
    );
    expect(await textOf(chart)).toContain('Public responses: 1');
    const lastDay = page.locator('#consultation-responses details table tbody tr').last();
    expect(await lastDay.locator('td').allTextContents()).toEqual(['0', '1']);
    for (const summary of await page.locator('.td-figure details summary').all()) await summary.click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the responses in a table HR can search by words and by respondent group', async () => {
    // Prepare: a second public response, from an organisation.
    const publicLink = await textOf(page.locator('#public-link'));
    const form = await openForm(publicLink);
    const answer = await submitForm(
      `${publicLink}/confirm`,
      {
        response: 'Please keep the carers drop-in on Fridays.',
        name: '',
        organisation: 'Carers Together',
        email: '',
        _csrf: form.csrf,
      },
      form.cookie,
    );
    expect(answer.status).toBeLessThan(400);

    // Act
    await page.goto(consultationUrl);
    const table = page.locator('#responses-list ~ table').first();
    const everyone = await textOf(table);
    const everyoneViolations = await axeViolations(page);
    await page.getByLabel('Search the responses').fill('CARERS');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Responses matching “CARERS”').waitFor();
    const found = await textOf(page.locator('#responses-list ~ table').first());
    const foundViolations = await axeViolations(page);
    await page.getByLabel('Search the responses').fill('');
    await page.getByLabel('Respondents').selectOption('invited');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No invited respondent has responded yet.').waitFor();

    // Assess
    expect(everyone).toContain('I support the proposal.');
    expect(everyone).toContain('Public Carers Together Please keep the carers drop-in on Fridays.');
    expect(everyoneViolations).toEqual([]);
    expect(found).toContain('Please keep the carers drop-in on Fridays.');
    expect(found).not.toContain('I support the proposal.');
    expect(foundViolations).toEqual([]);
    expect(await page.getByRole('link', { name: 'Download the responses (CSV)' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists it with its status, its counts and the under-twelve-weeks tag', async () => {
    // Act
    await page.goto(`${baseUrl()}/consultations`);
    const row = page.locator('tr', { has: page.getByRole('link', { name: title }) });

    // Assess
    const text = await textOf(row);
    expect(text).toContain('Under twelve weeks');
    expect(text).toContain('Open');
    expect(await axeViolations(page)).toEqual([]);
  });
});
