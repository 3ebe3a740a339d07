import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { type DashboardPages, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { bodyOf, cookiesFrom, headingOf, setCookieNamed } from '../../../../test/fixtures/page-requests.ts';
import { UnauthenticatedError } from '../../../domain/errors.ts';
import type { Actor, TransferService } from '../../../services/contracts.ts';

const _hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
const transferId = 'tr-staffs-asc-2026';

function _multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; content: string },
) {
  const boundary = '----TransferDeskTestBoundary7MA4YWxk';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        `Content-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  }
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const _rosterCsv = [
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart',
  'E1001,Amira Okafor,amira.okafor@council.example,Social worker,Adults North,,LGPS,permanent,,2011-09-05',
  'E1002,Tom Hughes,tom.hughes@council.example,Care assistant,,,LGPS,fixed-term,2027-03-31,2024-04-01',
].join('\n');

describe('Page: sign-in', () => {
  const dashboard = useDashboardPages();
  let transfers: Mocked<TransferService>;
  let authenticate: DashboardPages['authenticate'];
  let exchangeCode: DashboardPages['exchangeCode'];
  let verifyToken: DashboardPages['verifyToken'];
  beforeEach(() => {
    ({ transfers, authenticate, exchangeCode, verifyToken } = dashboard);
  });
  const { send, formToken } = dashboard;

  describe('signing in and out', () => {
    it('sends someone who is not signed in to the sign-in page, to come back to the page they asked for', async () => {
      // Prepare
      authenticate.mockRejectedValue(new UnauthenticatedError('No session'));

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
      authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}` });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(headingOf(bodyOf(result))).toBe('You do not have access to this page');
      expect(transfers.get).not.toHaveBeenCalled();
    });

    it('sends a signed-in manager from the home page to their contracts, showing them no transfer', async () => {
      // Prepare
      authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/contracts');
      expect(transfers.list).not.toHaveBeenCalled();
    });

    /** The sign-in page's link to the sign-in service, and the cookie that remembers this sign-in. */
    const startSignIn = async (returnTo: string) => {
      const result = await send({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
      const href = /href="(https:\/\/auth\.example\.org[^"]+)"/.exec(bodyOf(result))?.[1] ?? '';
      return { result, link: new URL(href.replaceAll('&amp;', '&')), cookies: cookiesFrom(result) };
    };

    it('links the sign-in page to the sign-in service with a state, a PKCE challenge and the page to come back to', async () => {
      // Act
      const { result, link, cookies } = await startSignIn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(200);
      expect(headingOf(bodyOf(result))).toBe('Sign in to Transfer Desk');
      expect(link.searchParams.get('client_id')).toBe('app');
      expect(link.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('code_challenge_method')).toBe('S256');
      expect(link.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.searchParams.get('redirect_uri')).toBe(
        'https://transfer-desk.example.org/sign-in/callback',
      );
      expect(link.searchParams.get('returnTo')).toBe('/transfers/abc');
      expect(setCookieNamed(result, 'td_sign_in')).toMatch(
        /Max-Age=600; Path=\/sign-in; HttpOnly; Secure; SameSite=Lax/,
      );
      expect(cookies).toHaveLength(1);
      expect(authenticate).not.toHaveBeenCalled();
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
      const [code, verifier, redirectUri] = exchangeCode.mock.calls[0] ?? [];
      expect(code).toBe('the-code');
      expect(redirectUri).toBe('https://transfer-desk.example.org/sign-in/callback');
      const challenge = createHash('sha256')
        .update(verifier ?? '')
        .digest('base64url');
      expect(challenge).toBe(link.searchParams.get('code_challenge'));
      expect(verifyToken).toHaveBeenCalledWith('id-token-from-cognito');
      expect(setCookieNamed(result, 'td_session')).toMatch(
        /^td_session=id-token-from-cognito; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(setCookieNamed(result, 'td_sign_in')).toMatch(/Max-Age=0/);
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
      expect(exchangeCode).not.toHaveBeenCalled();
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('sets no session when the token the service sent does not verify', async () => {
      // Prepare
      const { link, cookies } = await startSignIn('/');
      verifyToken.mockRejectedValue(new UnauthenticatedError('bad signature'));

      // Act
      const result = await send({
        method: 'GET',
        url: `/sign-in/callback?code=c&state=${link.searchParams.get('state')}`,
        cookies,
      });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('clears the session cookie on sign-out', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: { _csrf: csrf } });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/sign-in?signedOut=true');
      expect(setCookieNamed(result, 'td_session')).toMatch(/^td_session=; Max-Age=0; Path=\/; HttpOnly/);
    });

    it('does not sign anyone out without the CSRF field', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: {} });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });
  });
});
