/**
 * Request cookies and Set-Cookie values through the `cookie` package. API Gateway payload 2.0 puts the
 * request's cookies in `event.cookies` (one `name=value` each); a hand-made event may carry a Cookie header.
 */
import { parseCookie, stringifySetCookie } from 'cookie';

export interface CookieCarrier {
  cookies?: string[];
  headers?: Record<string, string | undefined>;
}

/** Every cookie the request carries, by name; the first of two with one name wins, as browsers send the most specific first. */
export function readCookies(event: CookieCarrier): Map<string, string> {
  const header = [
    ...(event.cookies ?? []),
    ...(event.headers?.cookie === undefined ? [] : [event.headers.cookie]),
  ]
    .filter((pair) => pair.trim() !== '')
    .join('; ');
  // A value that is not valid percent-encoding decodes to undefined and is ignored, as if absent.
  const parsed = parseCookie(header, { decode: decodeOrSkip });
  return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function decodeOrSkip(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export interface CookieAttributes {
  path: string;
  /** Omit for a cookie that lasts until the browser closes; 0 deletes it. */
  maxAgeSeconds?: number;
  secure: boolean;
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict';
}

export function serialiseCookie(name: string, value: string, attributes: CookieAttributes): string {
  return stringifySetCookie({
    name,
    value,
    path: attributes.path,
    ...(attributes.maxAgeSeconds === undefined ? {} : { maxAge: attributes.maxAgeSeconds }),
    httpOnly: attributes.httpOnly ?? true,
    sameSite: attributes.sameSite ?? 'lax',
    secure: attributes.secure,
  });
}

/** True when the browser reached us over HTTPS (API Gateway and the local stack say so in this header). */
export function cameOverHttps(event: CookieCarrier): boolean {
  return event.headers?.['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * The name of a site-wide cookie: over HTTPS (in AWS) with the `__Host-` prefix, which browsers accept only
 * from a secure page, for Path=/ and no Domain, so no other host (a sibling subdomain) can plant or replace
 * it. The local stack serves plain HTTP, where browsers refuse the prefix.
 */
export function siteCookieName(event: CookieCarrier, name: string): string {
  return cameOverHttps(event) ? `__Host-${name}` : name;
}
