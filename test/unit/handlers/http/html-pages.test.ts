import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { InvalidLinkError } from '../../../../functions/domain/errors.ts';
import { createHandler } from '../../../../functions/handlers/pension-form.ts';
import type { ElectionService, Services } from '../../../../functions/services/contracts.ts';
import { govukFrontendInlineScriptHash } from '../../../../functions/web/security-headers.ts';
import { lambdaContext } from '../../../fixtures/http-events.ts';
import { bodyOf, pageEvent, testFormKey } from '../../../fixtures/page-requests.ts';

const openForm = {
  transferName: 'Adult social care',
  transferor: 'County Council',
  transferee: 'Partnership Trust',
  transferDate: '2026-10-01',
  options: [{ code: 'LGPS', label: 'Stay in the LGPS' }],
  defaultOption: 'LGPS',
  electionClosesOn: '2026-08-14',
  open: true,
};

function handlerWith(openLink: ElectionService['openLink']) {
  const elections = { openLink } as unknown as ElectionService;
  return createHandler(() => ({ elections }) as unknown as Services, testFormKey);
}

const get = (
  path = '/forms/pension/{token}',
  pathParameters: Record<string, string> = { token: 'abc.def' },
) => pageEvent({ method: 'GET', route: path, path: pathParameters });

describe('Function: htmlPages (the chain every HTML handler shares)', () => {
  it('sends HSTS and the other security headers with a page', async () => {
    // Act
    const result = await handlerWith(vi.fn(async () => openForm))(get(), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(result.headers['X-Frame-Options']).toBe('DENY');
    expect(result.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(result.headers['Referrer-Policy']).toBe('no-referrer');
    expect(result.headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(result.headers['cache-control']).toBe('no-store');
    const policy = result.headers['Content-Security-Policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/sandbox|unsafe-inline|upgrade-insecure-requests|trusted-types/);
  });

  it("lets run exactly the page's one inline script, by its hash", async () => {
    // Act
    const result = await handlerWith(vi.fn(async () => openForm))(get(), lambdaContext());

    // Assess: every inline script's hash is in the policy, and the policy names no other.
    const inline = [...bodyOf(result).matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      (match) =>
        `'sha256-${createHash('sha256')
          .update(match[1] ?? '')
          .digest('base64')}'`,
    );
    expect(inline).toEqual([govukFrontendInlineScriptHash]);
    expect(result.headers['Content-Security-Policy']).toContain(
      `script-src 'self' ${govukFrontendInlineScriptHash}`,
    );
  });

  it('sends the security headers with an error page and a page the router does not know', async () => {
    // Act
    const refused = await handlerWith(
      vi.fn(async () => {
        throw new InvalidLinkError('tampered');
      }),
    )(get(), lambdaContext());
    const unknown = await handlerWith(vi.fn(async () => openForm))(
      get('/forms/pension/{token}/{step}', { token: 'abc.def', step: 'elsewhere' }),
      lambdaContext(),
    );

    // Assess
    expect(refused.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    for (const result of [refused, unknown]) {
      expect(result.headers['Strict-Transport-Security']).toBeDefined();
      expect(result.headers['Content-Security-Policy']).toContain("default-src 'self'");
    }
  });
});
