/**
 * Signing in (a page that sends people to the sign-in service) and signing out (clearing the session). The
 * pages are given the sign-in service (SignInService): the handler builds it from the adapters.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnauthenticatedError } from '../../../domain/errors.ts';
import type { Actor } from '../../../services/contracts.ts';
import { cameOverHttps, readCookies, serialiseCookie } from '../../cookies.ts';
import { sameSecret } from '../../csrf.ts';
import { pageResponse, redirectResponse, type WebResult } from '../../page-response.ts';

/** What signing in needs from outside the page: where the sign-in service is, and its two calls. */
export interface SignInService {
  /** The sign-in service's page (Cognito's hosted UI in AWS, the dev sign-in locally). */
  signInUrl(): string;
  /** This site's base URL, for the callback the sign-in service sends the browser back to. */
  publicBaseUrl(): string;
  /** The session cookie's name, as the credential check reads it. */
  sessionCookieName: string;
  /** Swaps the code the browser brings back for an id token. */
  exchangeCode(
    code: string,
    codeVerifier: string,
    redirectUri: string,
  ): Promise<{ idToken: string; expiresInSeconds: number }>;
  /** Verifies an id token as every request's credential is verified. */
  verifyToken(token: string): Promise<Actor>;
}

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

/** Holds, for ten minutes on this browser, what the sign-in callback must see again: state, PKCE, return path. */
const signInCookieName = 'td_sign_in';
const signInCookiePath = '/sign-in';

interface PendingSignIn {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

function readPendingSignIn(event: APIGatewayProxyEventV2): PendingSignIn | undefined {
  const value = readCookies(event).get(signInCookieName);
  if (value === undefined) return undefined;
  try {
    const pending = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as PendingSignIn;
    return typeof pending.state === 'string' && typeof pending.codeVerifier === 'string'
      ? pending
      : undefined;
  } catch {
    return undefined;
  }
}

function callbackUrl(signIn: SignInService): string {
  return `${signIn.publicBaseUrl().replace(/\/+$/, '')}/sign-in/callback`;
}

/**
 * GET /sign-in: a page whose button goes to the sign-in service (Cognito's hosted UI in AWS, the dev
 * sign-in locally) with a state bound to this browser and a PKCE challenge.
 */
export async function showSignIn(event: APIGatewayProxyEventV2, signIn: SignInService): Promise<WebResult> {
  const returnTo = safeReturnTo(event.queryStringParameters?.returnTo);
  const pending: PendingSignIn = {
    state: randomBytes(16).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
    returnTo,
  };
  const signInHref = new URL(signIn.signInUrl());
  signInHref.searchParams.set('state', pending.state);
  signInHref.searchParams.set(
    'code_challenge',
    createHash('sha256').update(pending.codeVerifier).digest('base64url'),
  );
  signInHref.searchParams.set('code_challenge_method', 'S256');
  signInHref.searchParams.set('redirect_uri', callbackUrl(signIn));
  // The dev sign-in has no callback step: it reads where to go back to from here.
  signInHref.searchParams.set('returnTo', returnTo);
  return pageResponse(
    'sign-in/view.njk',
    {
      pageTitle: 'Sign in',
      signInHref: signInHref.toString(),
      signedOut: event.queryStringParameters?.signedOut === 'true',
    },
    {
      cookies: [
        serialiseCookie(signInCookieName, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
          path: signInCookiePath,
          maxAgeSeconds: 600,
          secure: cameOverHttps(event),
        }),
      ],
    },
  );
}

/**
 * GET /sign-in/callback?code&state: the sign-in service sends the browser back here. The state must be
 * the one this browser was given (no signing someone in to another's session), the code is swapped for
 * an id token, the token verified like any other, and it becomes the session cookie.
 */
export async function completeSignIn(
  event: APIGatewayProxyEventV2,
  signIn: SignInService,
): Promise<WebResult> {
  const pending = readPendingSignIn(event);
  const { code, state } = event.queryStringParameters ?? {};
  if (!pending || !code || !state || !sameSecret(state, pending.state)) {
    throw new UnauthenticatedError('The sign-in could not be matched to this browser; start again');
  }
  const tokens = await signIn.exchangeCode(code, pending.codeVerifier, callbackUrl(signIn));
  await signIn.verifyToken(tokens.idToken);
  const secure = cameOverHttps(event);
  return redirectResponse(safeReturnTo(pending.returnTo), [
    serialiseCookie(signIn.sessionCookieName, tokens.idToken, {
      path: '/',
      maxAgeSeconds: tokens.expiresInSeconds,
      secure,
    }),
    serialiseCookie(signInCookieName, '', { path: signInCookiePath, maxAgeSeconds: 0, secure }),
  ]);
}

/** POST /sign-out: clears the session cookie (its CSRF token checked, so another site cannot sign people out). */
export async function signOut(event: APIGatewayProxyEventV2, signIn: SignInService): Promise<WebResult> {
  return redirectResponse('/sign-in?signedOut=true', [
    serialiseCookie(signIn.sessionCookieName, '', {
      path: '/',
      maxAgeSeconds: 0,
      secure: cameOverHttps(event),
    }),
  ]);
}
