import { createRemoteJWKSet } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  authenticate,
  createTokenVerifier,
  credentialFrom,
  requireRole,
  sessionCookieName,
} from '../../../functions/adapters/auth.ts';
import { environmentNames } from '../../../functions/adapters/environment.ts';
import { ForbiddenError, UnauthenticatedError } from '../../../functions/domain/errors.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('Function: authenticate', () => {
  it('accepts a valid hr id token and names the actor by email with the hr role', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const actor = await authenticate(bearer(token));

    // Assess
    expect(actor).toEqual({ id: 'asha.patel@council.example', roles: ['hr'] });
  });

  it('accepts the session cookie when there is no Authorization header', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('manager', 'lee.manager@council.example');

    // Act
    const actor = await authenticate({
      headers: {},
      cookies: ['theme=dark', `${sessionCookieName}=${token}`],
    });

    // Assess
    expect(actor).toEqual({ id: 'lee.manager@council.example', roles: ['manager'] });
  });

  it('keeps only the hr and manager groups as roles', async () => {
    // Prepare
    const token = await identityProvider().token({
      groups: ['admins', 'manager', 'hr', 'us-east-1_pool_Google'],
    });

    // Act
    const actor = await authenticate(bearer(token));

    // Assess
    expect(actor.roles).toEqual(['hr', 'manager']);
  });

  it.each([
    ['has expired', { expiresInSeconds: -120 }],
    ['comes from another issuer', { issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other' }],
    ['is for another app client', { audience: 'another-client' }],
    ['is signed with a key the issuer does not publish', { signWithForeignKey: true }],
    ['is an access token, not an id token', { tokenUse: 'access' }],
    ['has no email address', { omitEmail: true }],
  ])('answers 401 when the token %s', async (_, options) => {
    // Prepare
    const token = await identityProvider().token(options);

    // Act
    const signingIn = authenticate(bearer(token));

    // Assess
    await expect(signingIn).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(signingIn).rejects.toMatchObject({ status: 401 });
  });

  it('answers 401 when the token is not a JWT at all', async () => {
    // Act
    const signingIn = authenticate(bearer('not-a-token'));

    // Assess
    await expect(signingIn).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('answers 401 when the request carries no token or session', async () => {
    // Act
    const signingIn = authenticate({ headers: { 'content-type': 'application/json' } });

    // Assess
    await expect(signingIn).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('does not blame the caller when the key set cannot be fetched', async () => {
    // Prepare
    const provider = identityProvider();
    const verifyToken = createTokenVerifier({
      issuer: provider.issuer,
      audience: provider.clientId,
      keys: createRemoteJWKSet(new URL(`${provider.issuer}/no-such-key-set.json`)),
    });
    const token = await provider.tokenFor('hr');

    // Act
    const signingIn = authenticate(bearer(token), verifyToken);

    // Assess
    await expect(signingIn).rejects.toThrow('Expected 200 OK from the JSON Web Key Set HTTP response');
    await expect(signingIn).rejects.not.toBeInstanceOf(UnauthenticatedError);
  });

  it('names the missing variable when AUTH_ISSUER is not set', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv(environmentNames.authIssuer, '');
    const freshAuth = await import('../../../functions/adapters/auth.ts');
    const freshEnvironment = await import('../../../functions/adapters/environment.ts');
    const token = await identityProvider().tokenFor('hr');

    // Act
    const signingIn = freshAuth.authenticate(bearer(token));

    // Assess
    await expect(signingIn).rejects.toBeInstanceOf(freshEnvironment.ConfigurationError);
    await expect(signingIn).rejects.toThrow(environmentNames.authIssuer);
    vi.stubEnv(environmentNames.authIssuer, identityProvider().issuer);
  });
});

describe('Function: credentialFrom', () => {
  it('prefers the bearer token over the session cookie', () => {
    // Act
    const credential = credentialFrom({
      headers: { Authorization: 'bearer header-token' },
      cookies: [`${sessionCookieName}=cookie-token`],
    });

    // Assess
    expect(credential).toBe('header-token');
  });

  it('ignores other authorization schemes and other cookies', () => {
    // Act
    const credential = credentialFrom({
      headers: { authorization: 'Basic aHI6cGFzc3dvcmQ=' },
      cookies: ['td_session_old=stale', 'td_csrf=abc'],
    });

    // Assess
    expect(credential).toBeUndefined();
  });
});

describe('Function: requireRole', () => {
  it('answers 403 for a manager on an hr route', async () => {
    // Prepare
    const actor = await authenticate(bearer(await identityProvider().tokenFor('manager')));

    // Act
    const checking = () => requireRole(actor, 'hr');

    // Assess
    expect(checking).toThrow(ForbiddenError);
    expect(checking).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('lets a manager through where either role is allowed', () => {
    // Act
    const checking = () =>
      requireRole({ id: 'lee.manager@council.example', roles: ['manager'] }, 'hr', 'manager');

    // Assess
    expect(checking).not.toThrow();
  });

  it('answers 403 for a signed-in person with neither role', () => {
    // Act
    const checking = () => requireRole({ id: 'someone@council.example', roles: [] }, 'hr', 'manager');

    // Assess
    expect(checking).toThrow(ForbiddenError);
  });
});
