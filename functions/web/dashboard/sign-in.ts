/** Signing in (a page that sends people to the sign-in service) and signing out (clearing the session). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sessionCookieName } from '../../adapters/auth.ts';
import { environmentNames, requireEnvironment } from '../../adapters/environment.ts';
import { cameOverHttps, serialiseCookie } from '../cookies.ts';
import { csrfFieldName, verifyCsrf } from '../csrf.ts';
import { formFieldsOf } from '../form-body.ts';
import { pageResponse, redirectResponse, type WebResult } from '../page-response.ts';

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

/** GET /sign-in */
export async function showSignIn(event: APIGatewayProxyEventV2): Promise<WebResult> {
  const returnTo = safeReturnTo(event.queryStringParameters?.returnTo);
  const signInUrl = requireEnvironment(environmentNames.signInUrl);
  const separator = signInUrl.includes('?') ? '&' : '?';
  return pageResponse('dashboard/sign-in.njk', {
    pageTitle: 'Sign in',
    signInHref: `${signInUrl}${separator}returnTo=${encodeURIComponent(returnTo)}`,
    signedOut: event.queryStringParameters?.signedOut === 'true',
  });
}

/** POST /sign-out: clears the session cookie. CSRF-checked so another site cannot sign people out. */
export async function signOut(event: APIGatewayProxyEventV2): Promise<WebResult> {
  verifyCsrf(event, formFieldsOf(event)[csrfFieldName]);
  return redirectResponse('/sign-in?signedOut=true', [
    serialiseCookie(sessionCookieName, '', { path: '/', maxAgeSeconds: 0, secure: cameOverHttps(event) }),
  ]);
}
