/**
 * The security headers of every HTML response, through `@middy/http-security-headers` (a port of Helmet):
 * HSTS, a content security policy, no framing, no sniffing, no referrer, and the cross-origin policies.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { WebResult } from './page-response.ts';

/**
 * GOV.UK Frontend's template runs one inline script (it marks the body `js-enabled`); its hash, published
 * by GOV.UK Frontend, lets that one script run and no other inline script. A test checks it against the
 * rendered page, so an upgrade that changes the script fails there rather than in a browser.
 */
export const govukFrontendInlineScriptHash = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='";

// `undefined` leaves out a directive the middleware would otherwise add by default; its type says string.
const leaveOut = undefined as unknown as string;

/**
 * Defaults of the middleware this service does not use: no reporting endpoint, no sandbox (forms must
 * post), no trusted types (GOV.UK Frontend's scripts are not written for them), and no upgrade of requests
 * (the local stack serves plain HTTP; in AWS every URL is already HTTPS and relative).
 */
const unusedDefaults: Record<string, string> = {
  'report-to': leaveOut,
  sandbox: leaveOut,
  'require-trusted-types-for': leaveOut,
  'upgrade-insecure-requests': leaveOut,
};

/** Pages load only our own scripts, styles and images; the charts are inline SVG styled by our stylesheet. */
export const contentSecurityPolicy: Record<string, string> = {
  'default-src': "'self'",
  'script-src': `'self' ${govukFrontendInlineScriptHash}`,
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'object-src': "'none'",
};

/** One year, subdomains included; not on the preload list, which is a decision for the domain's owner. */
export const strictTransportSecurity = {
  maxAge: 365 * 24 * 60 * 60,
  includeSubDomains: true,
  preload: false,
};

/** The headers of an HTML answer; `policy` replaces the pages' content security policy (the evidence pack's is stricter). */
export function htmlSecurityHeaders(policy: Record<string, string> = contentSecurityPolicy) {
  return httpSecurityHeaders({
    contentSecurityPolicy: { ...unusedDefaults, ...policy },
    strictTransportSecurity,
    // Personal links carry their token in the path: never send it to another site.
    referrerPolicy: { policy: 'no-referrer' },
    frameOptions: { action: 'deny' },
  });
}

/**
 * Lets the pages' forms end at `origin()` too, besides their own site: browsers hold the redirects after a
 * form submission to the page's CSP `form-action`, and signing out is redirected to the sign-in service's
 * `/logout`. Runs after htmlSecurityHeaders() has set the policy (place it before that in the chain); the
 * origin is asked for only then, so building the chain reads no configuration.
 */
export function formsMayEndAt(origin: () => string): MiddlewareObj<APIGatewayProxyEventV2, WebResult> {
  const allow = (request: Request<APIGatewayProxyEventV2, WebResult>) => {
    const headers = request.response?.headers;
    if (headers == null) return;
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-security-policy');
    const policy = name === undefined ? undefined : headers[name];
    if (name === undefined || typeof policy !== 'string') return;
    headers[name] = policy.replace(/(^|;\s*)form-action 'self'(?=;|$)/, `$1form-action 'self' ${origin()}`);
  };
  return { after: allow, onError: allow };
}
