/**
 * A member of staff uses the pension election form in Chromium, from the link in their invitation
 * email: a wrong employee number, no option chosen, a choice checked and confirmed, the choice changed
 * with the same link, and a tampered link. Every page visited, error states included, is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  outbox,
  pensionLinkIn,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, errorLinkFocus, launchChromium, textOf } from './support/browser.ts';

interface CaseAnswer {
  election?: { option: string; how: string };
  history: Array<{ action: string; option?: string }>;
}

describe('Journey: choosing a pension scheme in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let person: RosterRowFixture;
  let link: string;

  const caseOf = async () =>
    (await hr.get(`/api/transfers/${transferId}/staff/${person.employeeNumber}`)).json as CaseAnswer;

  const continueButton = () => page.getByRole('button', { name: 'Continue' });

  beforeAll(async () => {
    // Prepare: a launched transfer whose invitation has reached the outbox.
    hr = api(await tokenFor('hr', 'hr@example.org'));
    const today = await localToday();
    const input = pensionTransferInput(
      today,
      addDays,
      `Pension form in the browser ${randomUUID().slice(0, 8)}`,
    );
    const created = await hr.post('/api/transfers', input);
    expect(created.status).toBe(201);
    transferId = created.json.id;
    const people = rosterRows(2);
    person = people[0] as RosterRowFixture;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    const invitation = await waitFor('the invitation email', async () =>
      (await outbox()).find(
        (email) => email.to.includes(person.email) && /Choose your pension scheme/.test(email.subject),
      ),
    );
    link = pensionLinkIn(invitation);

    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('refuses a wrong employee number with an inline error that the summary links to', async () => {
    // Act
    const opened = await page.goto(link);
    const startViolations = await axeViolations(page);
    await page.getByLabel('Employee number').fill('WRONG-123');
    await continueButton().click();

    // Assess
    expect(opened?.status()).toBe(200);
    expect(startViolations).toEqual([]);
    expect(await page.title()).toBe('Error: Confirm your employee number – Transfer Desk');
    expect(await textOf(page.locator('.govuk-error-message'))).toContain(
      'The employee number does not match our records for this link',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await errorLinkFocus(page)).toEqual([{ target: 'employeeNumber', focused: 'employeeNumber' }]);
    expect((await caseOf()).election).toBeUndefined();
  });

  it('asks for an option when none is chosen', async () => {
    // Act
    await page.getByLabel('Employee number').fill(person.employeeNumber);
    await continueButton().click();
    await page.getByRole('heading', { name: 'Which pension scheme do you want to be in?' }).waitFor();
    const optionViolations = await axeViolations(page);
    await continueButton().click();

    // Assess
    expect(optionViolations).toEqual([]);
    expect(await page.title()).toBe('Error: Which pension scheme do you want to be in? – Transfer Desk');
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Select a pension scheme');
    expect(await axeViolations(page)).toEqual([]);
    expect(await errorLinkFocus(page)).toEqual([{ target: 'option', focused: 'option' }]);
  });

  it('checks the answers, records the choice and confirms it', async () => {
    // Act
    await page.getByLabel('Join the NHS Pension Scheme').check();
    await continueButton().click();
    await page.getByRole('heading', { name: 'Check your answers before confirming your choice' }).waitFor();
    const summary = await textOf(page.locator('.govuk-summary-list'));
    const checkViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Confirm choice' }).click();
    await page.getByRole('heading', { name: 'Pension choice recorded' }).waitFor();

    // Assess
    expect(summary).toContain(person.employeeNumber);
    expect(summary).toContain('Join the NHS Pension Scheme');
    expect(checkViolations).toEqual([]);
    expect(await textOf(page.locator('.govuk-panel'))).toContain('Join the NHS Pension Scheme');
    expect(await axeViolations(page)).toEqual([]);
    expect((await caseOf()).election).toMatchObject({ option: 'NHSPS', how: 'staff' });
    await waitFor('the confirmation email', async () =>
      (await outbox()).find(
        (email) => email.to.includes(person.email) && /Pension choice recorded/.test(email.subject),
      ),
    );
  });

  it('lets the person change their choice with the same link, the current one selected', async () => {
    // Act
    await page.goto(link);
    await page.getByLabel('Employee number').fill(person.employeeNumber);
    await continueButton().click();
    await page.getByRole('heading', { name: 'Which pension scheme do you want to be in?' }).waitFor();
    const selectedBefore = await page.getByLabel('Join the NHS Pension Scheme').isChecked();
    await page.getByLabel('Stay in the Local Government Pension Scheme').check();
    await continueButton().click();
    await page.getByRole('button', { name: 'Confirm choice' }).click();
    await page.getByRole('heading', { name: 'Pension choice recorded' }).waitFor();

    // Assess
    expect(selectedBefore).toBe(true);
    expect(await textOf(page.locator('.govuk-panel'))).toContain(
      'Stay in the Local Government Pension Scheme',
    );
    const changed = await caseOf();
    expect(changed.election).toMatchObject({ option: 'LGPS', how: 'staff' });
    expect(
      changed.history.filter((event) => event.option !== undefined).map((event) => event.option),
    ).toEqual(['NHSPS', 'LGPS']);
  });

  it('says a tampered link is not recognised', async () => {
    // Prepare: change one character inside the token (not the last, whose low bits are only padding).
    const at = link.indexOf('/forms/pension/') + '/forms/pension/'.length + 5;
    const tampered = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`;

    // Act
    const response = await page.goto(tampered);

    // Assess
    expect(response?.status()).toBe(404);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('This link is not recognised');
    expect(await axeViolations(page)).toEqual([]);
  });
});
