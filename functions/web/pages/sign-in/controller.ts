/**
 * Signing in (a page that sends people to the sign-in service) and signing out (clearing the session here
 * and at the sign-in service). The pages are given the hosted sign-in (domain/sign-in.ts): the handler
 * builds it from the adapters.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HostedSignIn, sessionCookieName } from '../../../domain/sign-in.ts';
import { cameOverHttps, readCookies, serialiseCookie } from '../../cookies.ts';
import { pageResponse, redirectResponse, type WebResult } from '../../page-response.ts';

/** Only a path on this site: `//evil.example`, `/\\evil.example` or `https://…` would make sign-in an open redirect. */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/';
  const hasControlCharacter = [...value].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
  return hasControlCharacter ? '/' : value;
}

/** Where an unauthenticated request is sent: back to the page it asked for once signed in. */
export function signInRedirect(event: APIGatewayProxyEventV2): WebResult {
  // After signing in the browser comes back with a GET, so a POST returns to the dashboard.
  const returnTo =
    event.requestContext.http.method === 'GET'
      ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`
      : '/';
  return redirectResponse(`/sign-in?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`);
}

/** Holds, for ten minutes on this browser, what the sign-in callback must see again (sealed by the sign-in). */
const signInCookieName = 'td_sign_in';
const signInCookiePath = '/sign-in';

/**
 * GET /sign-in: a page whose button goes to the sign-in service (Cognito's hosted UI in AWS, the dev
 * sign-in locally) with a state and nonce bound to this browser and a PKCE challenge.
 */
export async function showSignIn(
  event: APIGatewayProxyEventV2,
  signIn: Pick<HostedSignIn, 'begin'>,
): Promise<WebResult> {
  const started = await signIn.begin(safeReturnTo(event.queryStringParameters?.returnTo));
  return pageResponse(
    'sign-in/view.njk',
    {
      pageTitle: 'Sign in',
      signInHref: started.authorizationUrl,
      signedOut: event.queryStringParameters?.signedOut === 'true',
    },
    {
      cookies: [
        serialiseCookie(signInCookieName, started.attempt, {
          path: signInCookiePath,
          maxAgeSeconds: started.attemptMaxAgeSeconds,
          secure: cameOverHttps(event),
        }),
      ],
    },
  );
}

/**
 * GET /sign-in/callback?code&state: the sign-in service sends the browser back here. The sign-in checks
 * the answer belongs to the attempt this browser holds (no signing someone in to another's session),
 * swaps the code and verifies the id token, which becomes the session cookie.
 */
export async function completeSignIn(
  event: APIGatewayProxyEventV2,
  signIn: Pick<HostedSignIn, 'complete'>,
): Promise<WebResult> {
  const signedIn = await signIn.complete(event.rawQueryString, readCookies(event).get(signInCookieName));
  const secure = cameOverHttps(event);
  return redirectResponse(safeReturnTo(signedIn.returnTo), [
    serialiseCookie(sessionCookieName, signedIn.idToken, {
      path: '/',
      maxAgeSeconds: signedIn.sessionMaxAgeSeconds,
      secure,
    }),
    serialiseCookie(signInCookieName, '', { path: signInCookiePath, maxAgeSeconds: 0, secure }),
  ]);
}

/**
 * POST /sign-out: clears the session cookie and sends the browser to the sign-in service to end its
 * session too, so the next person at a shared desk must sign in. Its CSRF token is checked before it runs
 * (the handler's csrfOf), so another site cannot sign people out.
 */
export async function signOut(
  event: APIGatewayProxyEventV2,
  signIn: Pick<HostedSignIn, 'signOutUrl'>,
): Promise<WebResult> {
  return redirectResponse(signIn.signOutUrl(), [
    serialiseCookie(sessionCookieName, '', { path: '/', maxAgeSeconds: 0, secure: cameOverHttps(event) }),
  ]);
}
