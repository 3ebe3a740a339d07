/**
 * A manager uses their contracts page in Chromium: they see their own contracts ending within the window
 * they choose and nothing of another manager's, follow the Decide link to the renewal form, and get a 403
 * page for another manager's contract and for HR's pages. Every page is axe-clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, api, baseUrl, localToday, tokenFor } from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

describe("Journey: a manager follows their contracts on the managers' page", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const unique = randomUUID().slice(0, 8);
  const managerEmail = `manager.pages.${unique}@example.org`;
  const otherManagerEmail = `manager.other.${unique}@example.org`;
  const soon = `Fixed-term care coordinator ${unique}`;
  const later = `Section 75 agreement ${unique}`;
  const someoneElses = `Other manager's contract ${unique}`;
  let soonId: string;
  let othersId: string;

  beforeAll(async () => {
    // Prepare: HR adds two contracts of this manager (one ending soon, one in about seven months) and one of another's
    const hr = api(await tokenFor('hr', `hr.contracts.${unique}@example.org`));
    const today = await localToday();
    const contract = (title: string, manager: string, endsIn: number, kind: 'employment' | 'agreement') => ({
      kind,
      title,
      parties:
        kind === 'agreement'
          ? ['Staffordshire County Council', 'Midlands Partnership NHS Foundation Trust']
          : ['Staffordshire County Council', 'Sam Patel'],
      managerEmail: manager,
      startDate: addDays(today, endsIn - 365),
      endDate: addDays(today, endsIn),
      ...(kind === 'employment' ? { employeeNumber: `E${unique}` } : {}),
    });
    const created = await hr.post('/api/contracts', {
      contracts: [
        contract(soon, managerEmail, 45, 'employment'),
        contract(later, managerEmail, 200, 'agreement'),
        contract(someoneElses, otherManagerEmail, 45, 'employment'),
      ],
    });
    expect(created.status).toBe(201);
    const ids = (created.json.items as Array<{ id: string }>).map((item) => item.id);
    soonId = ids[0] ?? '';
    othersId = ids[2] ?? '';

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(
      `${baseUrl()}/local/sign-in?role=manager&email=${encodeURIComponent(managerEmail)}&returnTo=/contracts`,
    );
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the manager their contracts ending in the next 90 days and the decision waiting for them', async () => {
    // Assess
    expect(new URL(page.url()).pathname).toBe('/contracts');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Your contracts');
    const table = await textOf(page.locator('table'));
    expect(table).toContain(soon);
    expect(table).toContain(`Employee E${unique}`);
    expect(table).not.toContain(later);
    expect(await textOf(page.locator('body'))).not.toContain(someoneElses);
    const card = page.locator('.govuk-summary-card', { hasText: soon });
    expect(await card.getByRole('link', { name: /^Decide/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('looks further ahead when the manager chooses a longer window', async () => {
    // Act
    await page.getByLabel('Contracts ending within').selectOption('365');
    await page.getByRole('button', { name: 'Show contracts' }).click();
    await page.waitForURL(/within=365/);

    // Assess
    const table = await textOf(page.locator('table'));
    expect(table).toContain(soon);
    expect(table).toContain(later);
    expect(table).not.toContain(someoneElses);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens the renewal form from the Decide link', async () => {
    // Act
    await page.goto(`${baseUrl()}/contracts`);
    const card = page.locator('.govuk-summary-card', { hasText: soon });
    await card.getByRole('link', { name: /^Decide/ }).click();
    await page.waitForURL(/\/forms\/renewal\//);

    // Assess
    expect(await textOf(page.locator('main'))).toContain(soon);
    expect(await page.locator('input[name="_csrf"]').count()).toBeGreaterThan(0);
  });

  it("shows the manager their own contract's page, and a 403 page for another manager's", async () => {
    // Act
    const own = await page.goto(`${baseUrl()}/contracts/${soonId}`);
    const ownHeading = await textOf(page.getByRole('heading', { level: 1 }));
    const ownViolations = await axeViolations(page);
    const others = await page.goto(`${baseUrl()}/contracts/${othersId}`);

    // Assess
    expect(own?.status()).toBe(200);
    expect(ownHeading).toBe(soon);
    expect(ownViolations).toEqual([]);
    expect(others?.status()).toBe(403);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('You do not have access to this page');
    expect(await textOf(page.locator('body'))).not.toContain(someoneElses);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("keeps the manager out of HR's transfer and consultation pages", async () => {
    // Act
    const consultations = await page.goto(`${baseUrl()}/consultations`);
    const consultationsHeading = await textOf(page.getByRole('heading', { level: 1 }));
    const newTransfer = await page.goto(`${baseUrl()}/transfers/new`);

    // Assess
    expect(consultations?.status()).toBe(403);
    expect(consultationsHeading).toBe('You do not have access to this page');
    expect(newTransfer?.status()).toBe(403);
  });
});
