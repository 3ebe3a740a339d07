import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { UnauthenticatedError } from '../../../domain/errors.ts';

describe('Page: sign-in', () => {
  const dashboard = useDashboardPages();
  const { send, formToken } = dashboard;

  describe('signing in and out', () => {
    it('sends someone who is not signed in to the sign-in page, to come back to the page they asked for', async () => {
      // Prepare
      dashboard.authenticate.mockRejectedValue(new UnauthenticatedError('No session'));

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}?status=invited` });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(
        `/sign-in?returnTo=${encodeURIComponent(`/transfers/${transferId}?status=invited`)}`,
      );
    });

    it('refuses a signed-in manager a transfer page with a 403 page', async () => {
      // Prepare
      dashboard.authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}` });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('You do not have access to this page');
      expect(dashboard.transfers.get).not.toHaveBeenCalled();
    });

    it('sends a signed-in manager from the home page to their dashboard.contracts, showing them no transfer', async () => {
      // Prepare
      dashboard.authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/contracts');
      expect(dashboard.transfers.list).not.toHaveBeenCalled();
    });

    /** The sign-in page's link to the sign-in service, and the cookie that remembers this sign-in. */
    const startSignIn = async (returnTo: string) => {
      const result = await send({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
      const href = /href="(https:\/\/auth\.example\.org[^"]+)"/.exec(browser.bodyOf(result))?.[1] ?? '';
      return { result, link: new URL(href.replaceAll('&amp;', '&')), cookies: browser.cookiesFrom(result) };
    };

    it('links the sign-in page to the sign-in service with a state, a PKCE challenge and the page to come back to', async () => {
      // Act
      const { result, link, cookies } = await startSignIn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(200);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('Sign in to Transfer Desk');
      expect(link.searchParams.get('client_id')).toBe('app');
      expect(link.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('code_challenge_method')).toBe('S256');
      expect(link.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.searchParams.get('redirect_uri')).toBe(
        'https://transfer-desk.example.org/sign-in/callback',
      );
      expect(link.searchParams.get('returnTo')).toBe('/transfers/abc');
      expect(browser.setCookieNamed(result, 'td_sign_in')).toMatch(
        /Max-Age=600; Path=\/sign-in; HttpOnly; Secure; SameSite=Lax/,
      );
      expect(cookies).toHaveLength(1);
      expect(dashboard.authenticate).not.toHaveBeenCalled();
    });

    it.each(['//evil.example/', 'https://evil.example/', '/\\evil.example'])(
      'sends the sign-in back to the dashboard instead of %j',
      async (returnTo) => {
        // Act
        const { link } = await startSignIn(returnTo);

        // Assess
        expect(link.searchParams.get('returnTo')).toBe('/');
      },
    );

    it('completes a hosted sign-in: swaps the code, verifies the token, sets the session and goes back', async () => {
      // Prepare
      const { link, cookies } = await startSignIn('/transfers/abc');
      const state = link.searchParams.get('state') ?? '';

      // Act
      const result = await send({
        method: 'GET',
        url: `/sign-in/callback?code=the-code&state=${state}`,
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe('/transfers/abc');
      const [code, verifier, redirectUri] = dashboard.exchangeCode.mock.calls[0] ?? [];
      expect(code).toBe('the-code');
      expect(redirectUri).toBe('https://transfer-desk.example.org/sign-in/callback');
      const challenge = createHash('sha256')
        .update(verifier ?? '')
        .digest('base64url');
      expect(challenge).toBe(link.searchParams.get('code_challenge'));
      expect(dashboard.verifyToken).toHaveBeenCalledWith('id-token-from-cognito');
      expect(browser.setCookieNamed(result, 'td_session')).toMatch(
        /^td_session=id-token-from-cognito; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(browser.setCookieNamed(result, 'td_sign_in')).toMatch(/Max-Age=0/);
    });

    it.each([
      ['a state this browser was not given', (state: string) => `code=c&state=${state.slice(1)}x`, true],
      ['no code', (state: string) => `state=${state}`, true],
      ['no sign-in under way on this browser', (state: string) => `code=c&state=${state}`, false],
    ])('refuses a callback with %s and sets no session', async (_, query, withCookie) => {
      // Prepare
      const { link, cookies } = await startSignIn('/');

      // Act
      const result = await send({
        method: 'GET',
        url: `/sign-in/callback?${query(link.searchParams.get('state') ?? '')}`,
        ...(withCookie ? { cookies } : {}),
      });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(dashboard.exchangeCode).not.toHaveBeenCalled();
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('sets no session when the token the service sent does not verify', async () => {
      // Prepare
      const { link, cookies } = await startSignIn('/');
      dashboard.verifyToken.mockRejectedValue(new UnauthenticatedError('bad signature'));

      // Act
      const result = await send({
        method: 'GET',
        url: `/sign-in/callback?code=c&state=${link.searchParams.get('state')}`,
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('clears the session cookie on sign-out', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: { _csrf: csrf } });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/sign-in?signedOut=true');
      expect(browser.setCookieNamed(result, 'td_session')).toMatch(
        /^td_session=; Max-Age=0; Path=\/; HttpOnly/,
      );
    });

    it('does not sign anyone out without the CSRF field', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: {} });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });
  });
});
