/**
 * CSRF protection, a signed double submit (OWASP's "HMAC CSRF token"): each browser gets a random `td_csrf`
 * cookie, and every form carries in its `_csrf` field an HMAC of that cookie and of what the form is bound
 * to (the personal link, or the dashboard session). A POST is accepted only when the field is the HMAC of
 * the cookie it came with, for the same link or session: a token lifted from another link or another
 * person's session does not fit, and without the key no one can make one.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CsrfError } from '../domain/errors.ts';
import { type CookieCarrier, readCookies, serialiseCookie, siteCookieName } from './cookies.ts';

export const csrfFieldName = '_csrf';
const cookieBaseName = 'td_csrf';

/** 32 random bytes in base64url are 43 characters. */
const noncePattern = /^[A-Za-z0-9_-]{43}$/;

/** The key that signs form tokens: derived from a secret, never logged, never in the repository. */
export type FormTokenKey = () => Promise<Uint8Array>;

export interface CsrfTokens {
  /** The value for the page's hidden `_csrf` field. */
  token: string;
  /** A Set-Cookie value when the request had no usable cookie yet. */
  setCookie?: string;
  /** Throws CsrfError unless `submitted` is this browser's token for this binding. */
  verify(submitted: unknown): void;
}

function sign(key: Uint8Array, binding: string, nonce: string): string {
  // The binding is hashed first, so a long one (a session token) costs the same and nothing ambiguous joins the parts.
  const bound = createHash('sha256').update(binding).digest('base64url');
  return createHmac('sha256', key).update(`${bound}.${nonce}`).digest('base64url');
}

/** Compares two secrets in constant time (for their length), so the time taken says nothing of either. */
export function sameSecret(expected: string, submitted: string): boolean {
  const [a, b] = [Buffer.from(expected), Buffer.from(submitted)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The tokens of one request: `binding` names what the form belongs to (`link:<token>`, `session:<id token>`).
 * The cookie is `__Host-td_csrf` over HTTPS (see siteCookieName), `td_csrf` on the local stack.
 */
export async function csrfTokens(
  event: CookieCarrier,
  key: FormTokenKey,
  binding: string,
): Promise<CsrfTokens> {
  const cookieName = siteCookieName(event, cookieBaseName);
  const secure = cookieName !== cookieBaseName;
  const existing = readCookies(event).get(cookieName);
  const secret = await key();
  const hasNonce = existing !== undefined && noncePattern.test(existing);
  const nonce = hasNonce ? existing : randomBytes(32).toString('base64url');
  const token = sign(secret, binding, nonce);
  return {
    token,
    ...(hasNonce ? {} : { setCookie: serialiseCookie(cookieName, nonce, { path: '/', secure }) }),
    verify(submitted) {
      if (!hasNonce || typeof submitted !== 'string' || submitted === '') {
        throw new CsrfError('The form token is missing');
      }
      if (!sameSecret(token, submitted)) throw new CsrfError('The form token does not match');
    },
  };
}
