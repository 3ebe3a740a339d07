/**
 * HR finds and acts on people from the dashboard in Chromium: searches the transfer page, sends a new
 * link (the old one is refused, the new one works), corrects an email address, records a choice sent on
 * paper, and withdraws an objection. Every page, error states included, is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  submitForm,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

describe('Journey: HR finds a person and acts for them', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let people: RosterRowFixture[];
  let today: string;

  const person = (index: number) => people[index] as RosterRowFixture;
  const personUrl = (index: number) =>
    `${baseUrl()}/transfers/${transferId}/staff/${person(index).employeeNumber}`;
  const emailsTo = async (address: string) =>
    (await outbox(address)).filter((email) => email.to.includes(address));
  const summaryValue = (key: string) =>
    textOf(
      page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: key }) }).locator('dd'),
    );
  const fillDate = async (legend: string, date: string) => {
    const [year = '', month = '', day = ''] = date.split('-');
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(String(Number(day)));
    await group.getByLabel('Month').fill(String(Number(month)));
    await group.getByLabel('Year').fill(year);
  };

  beforeAll(async () => {
    hr = api(await tokenFor('hr', 'hr.people.browser@example.org'));
    today = await localToday();
    people = rosterRows(4);
    const name = `People transfer ${randomUUID().slice(0, 8)}`;
    transferId = (await hr.post('/api/transfers', pensionTransferInput(today, addDays, name))).json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('everyone emailed their link', async () => {
      const emails = await outbox();
      return people.every((one) => emails.some((email) => email.to.includes(one.email))) ? true : undefined;
    });
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${baseUrl()}/local/sign-in?role=hr&email=hr.people.browser@example.org&returnTo=/`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('finds a person by employee number from the search above the people list', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    await page.getByLabel('Search by name, employee number or email').fill(person(0).employeeNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=/);

    // Assess
    const rows = page.locator('#people ~ table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await textOf(rows.first())).toContain(person(0).name);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sends a new link after a confirmation: the old link is refused and the new one works', async () => {
    // Prepare
    const old = pensionLinkIn((await emailsTo(person(0).email))[0] as OutboxEmail);

    // Act
    await page
      .locator('#people ~ table')
      .getByRole('link', { name: person(0).name })
      .click();
    await page.getByRole('link', { name: /Send a new link/ }).click();
    const confirmViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    const fresh = await waitFor('the new link', async () => {
      const emails = await emailsTo(person(0).email);
      return emails.length >= 2 ? pensionLinkIn(emails.at(-1) as OutboxEmail) : undefined;
    });

    // Assess
    expect(confirmViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain(
      'A new link has been emailed.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(old);
    expect(await textOf(page.locator('main'))).toContain('This link has been replaced by a newer one');
    const opened = await openForm(fresh);
    expect(opened.status).toBe(200);
    const chosen = await submitForm(
      `${fresh}/confirm`,
      { employeeNumber: person(0).employeeNumber, option: 'NHSPS', _csrf: opened.csrf },
      opened.cookie,
    );
    expect(chosen.status).toBeLessThan(400);
  });

  it('corrects an email address, after showing what is wrong with a bad one', async () => {
    // Prepare
    const corrected = `corrected.${randomUUID().slice(0, 8)}@example.org`;
    await page.goto(personUrl(1));

    // Act
    await page.getByRole('link', { name: /Correct the email address/ }).click();
    const field = page.getByRole('textbox', { name: /email address/ });
    await field.fill('not an email');
    await page.getByRole('button', { name: 'Save the email address' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const errorViolations = await axeViolations(page);
    const focus = await errorLinkFocus(page);
    await page.getByRole('textbox', { name: /email address/ }).fill(corrected);
    await page.getByRole('button', { name: 'Save the email address' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Assess
    expect(errorViolations).toEqual([]);
    expect(focus).toEqual([{ target: 'email', focused: 'email' }]);
    expect(await summaryValue('Email')).toBe(corrected);
    expect(await textOf(page.locator('main'))).toContain('Email address corrected');
  });

  it('records a choice sent on paper', async () => {
    // Act
    await page.goto(personUrl(2));
    await page.getByRole('link', { name: /Record a pension choice/ }).click();
    const formViolations = await axeViolations(page);
    await page.getByLabel('Join the NHS Pension Scheme').check();
    await fillDate('When did you receive their choice?', today);
    await page.getByLabel('On paper (a form or letter)').check();
    await page.getByRole('button', { name: 'Record the choice' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Assess
    expect(formViolations).toEqual([]);
    expect(await summaryValue('Pension choice')).toBe('Join the NHS Pension Scheme (chosen)');
    expect(await textOf(page.locator('main'))).toContain('sent on paper');
    expect(await summaryValue('Status')).toBe('Chose a scheme');
  });

  it('withdraws an objection recorded on the page', async () => {
    // Prepare: an objection recorded on the person's page
    await page.goto(personUrl(3));
    await fillDate('When did you receive the objection?', today);
    await page.getByRole('button', { name: 'Record objection' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Act
    await page.getByRole('link', { name: 'Withdraw the objection' }).click();
    const formViolations = await axeViolations(page);
    await fillDate('When did they tell you they withdraw it?', today);
    await page.getByRole('button', { name: 'Withdraw the objection' }).click();
    await page.locator('.govuk-notification-banner').waitFor();

    // Assess
    expect(formViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-notification-banner'))).toContain('Objection withdrawn.');
    expect(await summaryValue('Status')).toBe('Invited');
    expect(await axeViolations(page)).toEqual([]);
  });
});
