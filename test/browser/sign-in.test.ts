/**
 * A manager at a shared desk signs in through the sign-in service (the local stack's dev sign-in, standing
 * in for Cognito's hosted UI: PKCE, state and nonce through the dashboard's OIDC client) and signs out; the
 * sign-in service's session ends too, so the next person is asked who they are.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

describe('Journey: signing in and out at a shared desk', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('signs in at the sign-in service and comes back to the page asked for', async () => {
    // Act
    await page.goto(`${baseUrl()}/contracts`);
    await page.getByRole('heading', { name: 'Sign in to Transfer Desk' }).waitFor();
    const signInViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Transfer Desk (local stack)' }).waitFor();
    await page.getByLabel('Manager').check();
    await page.getByLabel('Email address').fill('manager.shared-desk@example.org');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl()}/contracts`);

    // Assess
    expect(signInViolations).toEqual([]);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Your contracts');
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'td_session')?.httpOnly).toBe(true);
    expect(cookies.find((cookie) => cookie.name === 'td_sign_in')).toBeUndefined();
  });

  it('signs out here and at the sign-in service, so signing in asks who you are again', async () => {
    // Act
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    const signedOutViolations = await axeViolations(page);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Assess
    expect(signedOutViolations).toEqual([]);
    await page.getByRole('heading', { name: 'Sign in to Transfer Desk (local stack)' }).waitFor();
    expect(await page.getByLabel('Email address').inputValue()).toBe('');
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('td_session');
  });
});
