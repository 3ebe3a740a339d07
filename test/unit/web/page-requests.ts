/** Requests a browser would make to the HTML pages, and readers for what a person sees in the answer. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../../fixtures/http-events.ts';

export interface PageRequest {
  method: 'GET' | 'POST';
  route: string;
  path?: Record<string, string>;
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded unless `contentType` says otherwise. */
  form?: Record<string, string>;
  body?: string;
  contentType?: string;
  cookies?: string[];
  headers?: Record<string, string>;
}

export function pageEvent(request: PageRequest): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { 'x-forwarded-proto': 'https', ...request.headers };
  let body = request.body;
  if (request.form !== undefined) {
    body = new URLSearchParams(request.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  return apiEvent({
    method: request.method,
    route: request.route,
    ...(request.path === undefined ? {} : { pathParameters: request.path }),
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.cookies === undefined ? {} : { cookies: request.cookies }),
    ...(body === undefined ? {} : { body }),
    headers,
  });
}

/** `name=value` pairs from a response's Set-Cookie values, as a browser would send them back. */
export function cookiesFrom(result: APIGatewayProxyStructuredResultV2, previous: string[] = []): string[] {
  const jar = new Map(previous.map((pair) => [pair.slice(0, pair.indexOf('=')), pair]));
  for (const setCookie of result.cookies ?? []) {
    const pair = setCookie.split(';')[0] ?? '';
    const name = pair.slice(0, pair.indexOf('='));
    if (/Max-Age=0(;|$)/.test(setCookie)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()];
}

export function setCookieNamed(result: APIGatewayProxyStructuredResultV2, name: string): string | undefined {
  return result.cookies?.find((cookie) => cookie.startsWith(`${name}=`));
}

export function bodyOf(result: APIGatewayProxyStructuredResultV2): string {
  return result.body ?? '';
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** The words on the page (not its head) with the markup taken out and spaces collapsed. */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<head[\s\S]*?<\/head>/g, ' ')
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/ ([.,:;!?])/g, '$1')
      .trim(),
  );
}

export function titleOf(html: string): string {
  return textOf(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

export function headingOf(html: string): string {
  return textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
}

/** The error summary's links: where each goes and what it says. */
export function errorSummaryLinks(html: string): Array<{ href: string; text: string }> {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => ({
    href: decodeEntities(match[1] ?? ''),
    text: textOf(match[2] ?? ''),
  }));
}

/** The inline error messages beside fields (without the visually hidden "Error:" prefix). */
export function inlineErrors(html: string): string[] {
  return [...html.matchAll(/<p id="[^"]*-error" class="govuk-error-message">([\s\S]*?)<\/p>/g)].map((match) =>
    textOf(match[1] ?? '').replace(/^Error:\s*/, ''),
  );
}

export function hasElementWithId(html: string, id: string): boolean {
  return new RegExp(`\\sid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(html);
}

export function hiddenField(html: string, name: string): string | undefined {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  return match ? decodeEntities(match[1] ?? '') : undefined;
}

type PageHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Requests to a form behind a personal link (`/forms/{flow}/{token}` and its steps): `send` one, or
 * `arrive` on the start page like a browser from the email, keeping the CSRF cookie and field it gets.
 * `handler` is read on each request, so a test may build a fresh one before each case.
 */
export function linkFormRequests(flow: string, token: string, handler: () => PageHandler) {
  const send = (request: Omit<PageRequest, 'route'> & { step?: string }) => {
    const { step, ...rest } = request;
    return handler()(
      pageEvent({
        ...rest,
        route: step === undefined ? `/forms/${flow}/{token}` : `/forms/${flow}/{token}/{step}`,
        path: step === undefined ? { token } : { token, step },
      }),
      lambdaContext(`${flow}-form`),
    );
  };
  const arrive = async () => {
    const result = await send({ method: 'GET' });
    const csrf = hiddenField(bodyOf(result), '_csrf') ?? '';
    return { cookies: cookiesFrom(result), csrf };
  };
  return { send, arrive };
}
