/**
 * HTML responses: a rendered page, a post/redirect/get redirect, or a download. The security headers are
 * added to each by the handler's middleware (see security-headers.ts).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { renderHtml } from './view-renderer.ts';

export type WebResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

// Pages hold personal answers and CSRF tokens: never keep them in a shared cache.
const noStore = { 'cache-control': 'no-store' };

export interface PageOptions {
  status?: number;
  cookies?: Array<string | undefined>;
}

/** Renders `template` with `context`. */
export function pageResponse(template: string, context: object, options: PageOptions = {}): WebResult {
  return withCookies(
    {
      statusCode: options.status ?? 200,
      headers: { 'content-type': 'text/html; charset=utf-8', ...noStore },
      body: renderHtml(template, context),
    },
    options.cookies,
  );
}

/** 303 See Other: after a POST the browser fetches the next page with GET. */
export function redirectResponse(location: string, cookies?: Array<string | undefined>): WebResult {
  return withCookies({ statusCode: 303, headers: { location, ...noStore }, body: '' }, cookies);
}

/** A file to download, such as a CSV export. */
export function downloadResponse(body: string, contentType: string, filename: string): WebResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename.replaceAll(/[^A-Za-z0-9._-]/g, '-')}"`,
      ...noStore,
    },
    body,
  };
}

function withCookies(result: WebResult, cookies: Array<string | undefined> | undefined): WebResult {
  const set = (cookies ?? []).filter((cookie): cookie is string => cookie !== undefined);
  return set.length === 0 ? result : { ...result, cookies: set };
}
