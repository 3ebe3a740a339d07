import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostedSignInExchange } from '../../../functions/adapters/sign-in-tokens.ts';
import { UnauthenticatedError } from '../../../functions/domain/errors.ts';

describe('Function: hostedSignInExchange', () => {
  beforeEach(() => {
    vi.stubEnv('SIGN_IN_URL', 'https://td.auth.eu-west-2.amazoncognito.com/oauth2/authorize?client_id=app');
    vi.stubEnv('AUTH_CLIENT_ID', 'app');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('swaps the code and PKCE verifier for the id token at the token endpoint beside the sign-in page', async () => {
    // Prepare
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      Response.json({ id_token: 'id.token.value', access_token: 'a', expires_in: 3600 }),
    );

    // Act
    const tokens = await hostedSignInExchange(fetchImpl)(
      'the-code',
      'the-verifier',
      'https://td.example/sign-in/callback',
    );

    // Assess
    expect(tokens).toEqual({ idToken: 'id.token.value', expiresInSeconds: 3600 });
    const [url, init] = fetchImpl.mock.calls[0] ?? [];
    expect(String(url)).toBe('https://td.auth.eu-west-2.amazoncognito.com/oauth2/token');
    expect(init?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'app',
      code: 'the-code',
      redirect_uri: 'https://td.example/sign-in/callback',
      code_verifier: 'the-verifier',
    });
  });

  it('answers UnauthenticatedError when the service refuses the code, so the person signs in again', async () => {
    // Prepare
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      Response.json({ error: 'invalid_grant' }, { status: 400 }),
    );

    // Act
    const exchanging = hostedSignInExchange(fetchImpl)(
      'used-code',
      'v',
      'https://td.example/sign-in/callback',
    );

    // Assess
    await expect(exchanging).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('answers UnauthenticatedError when the answer has no id token', async () => {
    // Prepare
    const fetchImpl = vi.fn<typeof fetch>(async () => Response.json({ access_token: 'a' }));

    // Act
    const exchanging = hostedSignInExchange(fetchImpl)('code', 'v', 'https://td.example/sign-in/callback');

    // Assess
    await expect(exchanging).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('keeps a session no longer than twelve hours whatever the service says', async () => {
    // Prepare
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      Response.json({ id_token: 't', expires_in: 86_400 * 30 }),
    );

    // Act
    const tokens = await hostedSignInExchange(fetchImpl)('code', 'v', 'https://td.example/sign-in/callback');

    // Assess
    expect(tokens.expiresInSeconds).toBe(12 * 3600);
  });
});
