import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import {
  hostedSignInAt,
  type OidcProviderFixture,
  startOidcProvider,
} from '../../../../test/fixtures/oidc-provider.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { UnauthenticatedError } from '../../../domain/errors.ts';

describe('Page: sign-in', () => {
  // The local stack's dev sign-in stands in for Cognito: the pages sign in through the real OIDC client.
  let provider: OidcProviderFixture;

  beforeAll(async () => {
    provider = await startOidcProvider();
  });

  afterAll(async () => {
    await provider.close();
  });

  const dashboard = useDashboardPages({ signIn: () => hostedSignInAt(provider) });
  const { send, visit } = dashboard;

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
      const href = /href="(http:\/\/127\.0\.0\.1[^"]+)"/.exec(browser.bodyOf(result))?.[1] ?? '';
      return { result, link: new URL(href.replaceAll('&amp;', '&')), cookies: browser.cookiesFrom(result) };
    };

    /** Signs in at the sign-in service and comes back to the callback with this browser's cookies. */
    const signInAndReturn = async (returnTo: string, changeCallback = (query: URLSearchParams) => query) => {
      const { link, cookies } = await startSignIn(returnTo);
      const callback = changeCallback(new URLSearchParams(await provider.signIn(link)));
      return send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });
    };

    it('links the sign-in page to the sign-in service with a state, a nonce and a PKCE challenge', async () => {
      // Act
      const { result, link, cookies } = await startSignIn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(200);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('Sign in to Transfer Desk');
      expect(link.searchParams.get('client_id')).toBe(provider.clientId);
      expect(link.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('code_challenge_method')).toBe('S256');
      expect(link.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.searchParams.get('redirect_uri')).toBe(
        'https://transfer-desk.example.org/sign-in/callback',
      );
      expect(browser.setCookieNamed(result, 'td_sign_in')).toMatch(
        /^td_sign_in=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+; Max-Age=600; Path=\/sign-in; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(cookies).toHaveLength(1);
      expect(dashboard.authenticate).not.toHaveBeenCalled();
    });

    it('completes a sign-in: the verified id token becomes the session and the browser goes back', async () => {
      // Act
      const result = await signInAndReturn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/transfers/abc');
      const session = browser.setCookieNamed(result, 'td_session') ?? '';
      expect(session).toMatch(
        /^td_session=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      const token = session.slice('td_session='.length, session.indexOf(';'));
      expect(await provider.verifyToken(token)).toEqual({ id: 'hr.officer@council.example', roles: ['hr'] });
      expect(browser.setCookieNamed(result, 'td_sign_in')).toMatch(/Max-Age=0/);
    });

    it.each(['//evil.example/', 'https://evil.example/', '/\\evil.example'])(
      'sends the sign-in back to the dashboard instead of %j',
      async (returnTo) => {
        // Act
        const result = await signInAndReturn(returnTo);

        // Assess
        expect(result.headers.location).toBe('/');
      },
    );

    it.each([
      [
        'a state this browser was not given',
        (query: URLSearchParams) => new URLSearchParams({ ...Object.fromEntries(query), state: 'x' }),
      ],
      ['no code', (query: URLSearchParams) => new URLSearchParams({ state: query.get('state') ?? '' })],
      ['an error in place of a code', () => new URLSearchParams({ error: 'access_denied' })],
    ])('refuses a callback with %s and sets no session', async (_, changeCallback) => {
      // Act
      const result = await signInAndReturn('/', changeCallback);

      // Assess
      expect(result.statusCode).toBe(401);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('Sign in to continue');
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('asks to sign in again, with no session, when no sign-in is under way on this browser', async () => {
      // Prepare
      const { link } = await startSignIn('/');
      const callback = await provider.signIn(link);

      // Act
      const result = await send({ method: 'GET', url: `/sign-in/callback?${callback}` });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(browser.bodyOf(result)).toContain('href="/sign-in"');
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('refuses a callback opened a second time with the same code', async () => {
      // Prepare
      const { link, cookies } = await startSignIn('/');
      const callback = await provider.signIn(link);
      await send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });

      // Act
      const replayed = await send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });

      // Assess
      expect(replayed.statusCode).toBe(401);
      expect(browser.setCookieNamed(replayed, 'td_session')).toBeUndefined();
    });

    it('signs out here and at the sign-in service, which sends the browser back to the sign-in page', async () => {
      // Act
      const result = await (await visit()).post('/sign-out', {});

      // Assess
      expect(result.statusCode).toBe(303);
      const location = new URL(result.headers.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(provider.signOutEndpoint);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        client_id: provider.clientId,
        logout_uri: 'https://transfer-desk.example.org/sign-in?signedOut=true',
      });
      expect(browser.setCookieNamed(result, 'td_session')).toMatch(
        /^td_session=; Max-Age=0; Path=\/; HttpOnly/,
      );
    });

    it('lets its pages’ forms end at the sign-in service, where signing out is redirected', async () => {
      // Act
      const { page } = await visit();

      // Assess
      expect(page.headers['Content-Security-Policy']).toContain(
        `form-action 'self' ${new URL(provider.issuer).origin};`,
      );
    });

    it('does not sign anyone out without the CSRF field', async () => {
      // Prepare
      const { cookies } = await visit();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: {} });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.setCookieNamed(result, 'td_session')).toBeUndefined();
    });
  });
});
