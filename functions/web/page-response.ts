/** HTML responses: a rendered page with security headers, or a post/redirect/get redirect. */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { renderHtml } from './view-renderer.ts';

export type WebResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

function securityHeaders(nonce?: string): Record<string, string> {
  const scripts = nonce === undefined ? "'self'" : `'self' 'nonce-${nonce}'`;
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src ${scripts}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; '),
    // Personal links carry their token in the path: never send it to another site.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Pages hold personal answers and CSRF tokens: never keep them in a shared cache.
    'cache-control': 'no-store',
  };
}

export interface PageOptions {
  status?: number;
  cookies?: Array<string | undefined>;
}

/** Renders `template` with `context` (plus the CSP nonce the layout's inline script needs). */
export function pageResponse(template: string, context: object, options: PageOptions = {}): WebResult {
  const nonce = randomBytes(16).toString('base64');
  const body = renderHtml(template, { ...context, cspNonce: nonce });
  return withCookies(
    {
      statusCode: options.status ?? 200,
      headers: { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(nonce) },
      body,
    },
    options.cookies,
  );
}

/** 303 See Other: after a POST the browser fetches the next page with GET. */
export function redirectResponse(location: string, cookies?: Array<string | undefined>): WebResult {
  return withCookies({ statusCode: 303, headers: { location, ...securityHeaders() }, body: '' }, cookies);
}

/** A file to download, such as a CSV export. */
export function downloadResponse(body: string, contentType: string, filename: string): WebResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename.replaceAll(/[^A-Za-z0-9._-]/g, '-')}"`,
      ...securityHeaders(),
    },
    body,
  };
}

function withCookies(result: WebResult, cookies: Array<string | undefined> | undefined): WebResult {
  const set = (cookies ?? []).filter((cookie): cookie is string => cookie !== undefined);
  return set.length === 0 ? result : { ...result, cookies: set };
}
