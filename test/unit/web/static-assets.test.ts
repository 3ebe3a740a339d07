import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/handlers/static-assets.ts';
import { assetUrl } from '../../../functions/web/static-files.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import { pageEvent } from '../../fixtures/page-requests.ts';

const handler = createHandler();

const get = (proxy: string, query?: Record<string, string>, headers?: Record<string, string>) =>
  handler(
    pageEvent({
      method: 'GET',
      route: '/assets/{proxy+}',
      path: { proxy },
      ...(query === undefined ? {} : { query }),
      ...(headers === undefined ? {} : { headers }),
    }),
    lambdaContext('static-assets'),
  );

describe('Function: static-assets', () => {
  it('serves the GOV.UK Frontend stylesheet as CSS', async () => {
    // Act
    const result = await get('govuk-frontend.min.css');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toContain('.govuk-button');
  });

  it('serves the scripts as JavaScript and our stylesheet with the system font', async () => {
    // Act
    const script = await get('govuk-frontend.min.js');
    const module = await get('transfer-desk.mjs');
    const styles = await get('transfer-desk.css');

    // Assess
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('initAll');
    expect(module.body).toContain("from './govuk-frontend.min.js'");
    expect(styles.body).toContain('font-family: system-ui');
  });

  it('serves images base64-encoded with their content type', async () => {
    // Act
    const result = await get('images/favicon.ico');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('image/x-icon');
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64').subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('lets browsers keep a versioned URL for a year and an unversioned one for a day', async () => {
    // Prepare
    const version = new URL(assetUrl('transfer-desk.css'), 'https://example.org').searchParams.get('v') ?? '';

    // Act
    const versioned = await get('transfer-desk.css', { v: version });
    const unversioned = await get('transfer-desk.css');
    const stale = await get('transfer-desk.css', { v: 'older' });

    // Assess
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(unversioned.headers['cache-control']).toBe('public, max-age=86400');
    expect(stale.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('answers 304 when the browser already has this version', async () => {
    // Prepare
    const first = await get('transfer-desk.css');

    // Act
    const again = await get('transfer-desk.css', undefined, { 'if-none-match': first.headers.etag ?? '' });

    // Assess
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it.each([
    '../../package.json',
    '..%2F..%2Fpackage.json',
    'images/../../../../package.json',
    '/etc/passwd',
    'fonts/bold-affa96571d-v2.woff',
    'govuk-frontend.min.css.map',
    'images',
    '',
  ])('answers 404 to %j', async (proxy) => {
    // Act
    const result = await get(proxy);

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body).toBe('Not found');
  });
});
