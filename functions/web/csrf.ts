/**
 * Double-submit CSRF protection: every form page sets a random `td_csrf` cookie (if absent) and a hidden
 * `_csrf` field with the same value; a POST is accepted only when the two agree.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CsrfError } from '../domain/errors.ts';
import { type CookieCarrier, cameOverHttps, readCookies, serialiseCookie } from './cookies.ts';

export const csrfCookieName = 'td_csrf';
export const csrfFieldName = '_csrf';

/** 32 random bytes in base64url are 43 characters. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export interface CsrfToken {
  token: string;
  /** A Set-Cookie value when the request had no usable cookie yet. */
  setCookie?: string;
}

export function csrfTokenFor(event: CookieCarrier): CsrfToken {
  const existing = readCookies(event).get(csrfCookieName);
  if (existing !== undefined && tokenPattern.test(existing)) return { token: existing };
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    setCookie: serialiseCookie(csrfCookieName, token, { path: '/', secure: cameOverHttps(event) }),
  };
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB) && a.length === b.length;
}

/** Throws CsrfError unless the form's `_csrf` field equals the `td_csrf` cookie. */
export function verifyCsrf(event: CookieCarrier, submitted: unknown): void {
  const cookie = readCookies(event).get(csrfCookieName);
  if (cookie === undefined || !tokenPattern.test(cookie) || typeof submitted !== 'string') {
    throw new CsrfError('The form token is missing');
  }
  if (!sameSecret(cookie, submitted)) throw new CsrfError('The form token does not match');
}
