/** Reading request cookies (API Gateway payload 2.0 puts them in `event.cookies`) and writing Set-Cookie values. */

export interface CookieCarrier {
  cookies?: string[];
  headers?: Record<string, string | undefined>;
}

export function readCookies(event: CookieCarrier): Map<string, string> {
  const pairs = [...(event.cookies ?? []), ...(event.headers?.cookie?.split(';') ?? [])];
  const found = new Map<string, string>();
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals < 1) continue;
    const name = pair.slice(0, equals).trim();
    if (found.has(name)) continue;
    try {
      found.set(name, decodeURIComponent(pair.slice(equals + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is ignored, as if the cookie were absent.
    }
  }
  return found;
}

export interface CookieAttributes {
  path: string;
  /** Omit for a cookie that lasts until the browser closes; 0 deletes it. */
  maxAgeSeconds?: number;
  secure: boolean;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict';
}

export function serialiseCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${attributes.path}`];
  if (attributes.maxAgeSeconds !== undefined) parts.push(`Max-Age=${attributes.maxAgeSeconds}`);
  if (attributes.httpOnly ?? true) parts.push('HttpOnly');
  parts.push(`SameSite=${attributes.sameSite ?? 'Lax'}`);
  if (attributes.secure) parts.push('Secure');
  return parts.join('; ');
}

/** True when the browser reached us over HTTPS (API Gateway and the local stack say so in this header). */
export function cameOverHttps(event: CookieCarrier): boolean {
  return event.headers?.['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase() === 'https';
}
