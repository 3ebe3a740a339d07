import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../functions/adapters/environment.ts';
import { type HostedSignInSettings, hostedSignIn } from '../../../functions/adapters/hosted-sign-in.ts';
import { type LinkKeyring, linkSecretText, rotatedKeyring } from '../../../functions/adapters/link-keys.ts';
import type { ReadSecret } from '../../../functions/adapters/link-secret.ts';
import { UnauthenticatedError } from '../../../functions/domain/errors.ts';
import { type OidcProviderFixture, startOidcProvider } from '../../fixtures/oidc-provider.ts';

const firstKeyring: LinkKeyring = {
  current: { kid: 'key-one', secret: 'the-first-link-secret-of-at-least-32-characters' },
};

/** A link secret that can be rotated under the sign-in, as Secrets Manager's schedule would. */
function linkSecret(keyring: LinkKeyring = firstKeyring) {
  let text = linkSecretText(keyring);
  const read: ReadSecret = vi.fn(async () => text);
  return {
    read,
    rotate(next: LinkKeyring) {
      text = linkSecretText(next);
    },
  };
}

/** Runs `act` and answers the error it rejects with. */
async function rejectionOf(act: () => Promise<unknown>): Promise<unknown> {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: hostedSignIn', () => {
  let provider: OidcProviderFixture;

  beforeAll(async () => {
    provider = await startOidcProvider();
  });

  afterAll(async () => {
    await provider.close();
  });

  const signInWith = (overrides: Partial<HostedSignInSettings> = {}) =>
    hostedSignIn({
      issuer: provider.issuer,
      clientId: provider.clientId,
      publicBaseUrl: provider.publicBaseUrl,
      signOutEndpoint: provider.signOutEndpoint,
      readSecret: linkSecret().read,
      verifyToken: provider.verifyToken,
      ...overrides,
    });

  /** An authorization URL changed as someone tampering with it on its way to the sign-in service. */
  const tampered = (authorizationUrl: string, parameter: string, value: string) => {
    const url = new URL(authorizationUrl);
    url.searchParams.set(parameter, value);
    return url.href;
  };

  describe('begin', () => {
    it('sends the browser to the discovered authorization endpoint with PKCE (S256), a state and a nonce', async () => {
      // Act
      const started = await signInWith().begin('/transfers/abc');

      // Assess
      const url = new URL(started.authorizationUrl);
      expect(`${url.origin}${url.pathname}`).toBe(new URL('/local/sign-in', provider.issuer).href);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: provider.clientId,
        response_type: 'code',
        redirect_uri: 'https://transfer-desk.example.org/sign-in/callback',
        scope: 'openid email profile',
        code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        code_challenge_method: 'S256',
        state: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
        nonce: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      });
      expect(started.attemptMaxAgeSeconds).toBe(600);
    });

    it('seals the attempt: an encrypted JWE naming its key, with neither the state nor the path readable', async () => {
      // Act
      const started = await signInWith().begin('/transfers/abc');

      // Assess
      const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';
      expect(decodeProtectedHeader(started.attempt)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'key-one' });
      const decoded = started.attempt
        .split('.')
        .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
        .join('');
      expect(decoded).not.toContain(state);
      expect(decoded).not.toContain('/transfers/abc');
    });

    it('reads the discovery document once for many sign-ins', async () => {
      // Prepare
      const signIn = signInWith();
      const before = provider.requestsFor('/local/auth/.well-known/openid-configuration');

      // Act
      await signIn.begin('/');
      await signIn.begin('/');
      await signIn.begin('/contracts');

      // Assess
      expect(provider.requestsFor('/local/auth/.well-known/openid-configuration') - before).toBe(1);
    });

    it('fails as a fault of ours, not a request to sign in again, when the issuer cannot be reached', async () => {
      // Act
      const error = await rejectionOf(() =>
        signInWith({ issuer: 'http://127.0.0.1:1/local/auth' }).begin('/'),
      );

      // Assess
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses a plain-HTTP issuer that is not on this machine', async () => {
      // Act
      const error = await rejectionOf(() =>
        signInWith({ issuer: 'http://auth.example.org/pool' }).begin('/'),
      );

      // Assess
      expect(error).toBeInstanceOf(ConfigurationError);
    });
  });

  describe('complete', () => {
    it('swaps the code for an id token that carries the nonce and verifies, and goes back where it started', async () => {
      // Prepare
      const signIn = signInWith();
      const started = await signIn.begin('/transfers/abc');
      const callback = await provider.signIn(started.authorizationUrl, {
        role: 'manager',
        email: 'manager1@council.example',
      });

      // Act
      const signedIn = await signIn.complete(callback, started.attempt);

      // Assess
      expect(signedIn.returnTo).toBe('/transfers/abc');
      expect(await provider.verifyToken(signedIn.idToken)).toEqual({
        id: 'manager1@council.example',
        roles: ['manager'],
      });
      expect(decodeJwt(signedIn.idToken).nonce).toBe(
        new URL(started.authorizationUrl).searchParams.get('nonce'),
      );
      expect(signedIn.sessionMaxAgeSeconds).toBeGreaterThan(12 * 60 * 60 - 60);
      expect(signedIn.sessionMaxAgeSeconds).toBeLessThanOrEqual(12 * 60 * 60);
    });

    it('refuses a callback whose state is not the one this browser was given', async () => {
      // Prepare
      const signIn = signInWith();
      const started = await signIn.begin('/');
      const callback = new URLSearchParams(await provider.signIn(started.authorizationUrl));
      callback.set('state', 'a-state-from-someone-else-s-sign-in');

      // Act
      const error = await rejectionOf(() => signIn.complete(callback.toString(), started.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses a code and state brought to another browser (its own attempt, not theirs)', async () => {
      // Prepare: someone signs in, and their callback is opened where another sign-in is under way
      const signIn = signInWith();
      const theirs = await signIn.begin('/');
      const ours = await signIn.begin('/');
      const theirCallback = await provider.signIn(theirs.authorizationUrl, { email: 'attacker@example.org' });

      // Act
      const error = await rejectionOf(() => signIn.complete(theirCallback, ours.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses an id token whose nonce is not the one this attempt sent', async () => {
      // Prepare: the authorization request's nonce is changed on its way; state and PKCE still match
      const signIn = signInWith();
      const started = await signIn.begin('/');
      const callback = await provider.signIn(
        tampered(started.authorizationUrl, 'nonce', 'a-nonce-this-browser-never-sent'),
      );

      // Act
      const error = await rejectionOf(() => signIn.complete(callback, started.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as Error).cause).toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' });
    });

    it('refuses a code issued for another PKCE challenge', async () => {
      // Prepare
      const signIn = signInWith();
      const started = await signIn.begin('/');
      const callback = await provider.signIn(
        tampered(started.authorizationUrl, 'code_challenge', 'A'.repeat(43)),
      );

      // Act
      const error = await rejectionOf(() => signIn.complete(callback, started.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as Error).cause).toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses a code used a second time', async () => {
      // Prepare
      const signIn = signInWith();
      const started = await signIn.begin('/');
      const callback = await provider.signIn(started.authorizationUrl);
      await signIn.complete(callback, started.attempt);

      // Act
      const error = await rejectionOf(() => signIn.complete(callback, started.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as Error).cause).toMatchObject({ error: 'invalid_grant' });
    });

    it('asks to sign in again when the browser holds no attempt, an altered one, or an expired one', async () => {
      // Prepare
      let now = Date.now();
      const signIn = signInWith({ now: () => now });
      const started = await signIn.begin('/');
      const callback = await provider.signIn(started.authorizationUrl);
      const [header, key, iv, ciphertext = '', tag] = started.attempt.split('.');
      const flipped = `${ciphertext.startsWith('A') ? 'B' : 'A'}${ciphertext.slice(1)}`;
      const altered = [header, key, iv, flipped, tag].join('.');

      // Act
      const missing = await rejectionOf(() => signIn.complete(callback, undefined));
      const garbled = await rejectionOf(() => signIn.complete(callback, 'not-a-sealed-attempt'));
      const changed = await rejectionOf(() => signIn.complete(callback, altered));
      now += 11 * 60_000;
      const expired = await rejectionOf(() => signIn.complete(callback, started.attempt));

      // Assess
      for (const error of [missing, garbled, changed, expired]) {
        expect(error).toBeInstanceOf(UnauthenticatedError);
      }
    });

    it('refuses the error the sign-in service sends back in place of a code', async () => {
      // Prepare
      const signIn = signInWith();
      const started = await signIn.begin('/');
      const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';

      // Act
      const error = await rejectionOf(() =>
        signIn.complete(new URLSearchParams({ error: 'access_denied', state }).toString(), started.attempt),
      );

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
    });

    it('sets no session from a token the application’s verifier refuses', async () => {
      // Prepare
      const verifyToken = vi.fn(async () => {
        throw new UnauthenticatedError('The sign-in token is not valid or has expired');
      });
      const signIn = signInWith({ verifyToken });
      const started = await signIn.begin('/');
      const callback = await provider.signIn(started.authorizationUrl);

      // Act
      const error = await rejectionOf(() => signIn.complete(callback, started.attempt));

      // Assess
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(verifyToken).toHaveBeenCalledOnce();
    });

    it('completes a sign-in begun before the link secret rotated, and refuses a key it never held', async () => {
      // Prepare
      const secret = linkSecret();
      const signIn = signInWith({ readSecret: secret.read });
      const started = await signIn.begin('/contracts');
      const callback = await provider.signIn(started.authorizationUrl, { role: 'manager' });
      const rotated = rotatedKeyring(firstKeyring);
      secret.rotate(rotated);
      const foreign = await signInWith({
        readSecret: linkSecret({ current: { kid: 'key-other', secret: 'x'.repeat(40) } }).read,
      }).begin('/');

      // Act
      const signedIn = await signIn.complete(callback, started.attempt);
      const unknownKey = await rejectionOf(() => signIn.complete(callback, foreign.attempt));

      // Assess
      expect(signedIn.returnTo).toBe('/contracts');
      expect(decodeProtectedHeader((await signIn.begin('/')).attempt).kid).toBe(rotated.current.kid);
      expect(unknownKey).toBeInstanceOf(UnauthenticatedError);
    });
  });

  describe('signOutUrl', () => {
    it('is the sign-in service’s /logout with the client and a sign-out URL it sends the browser back to', async () => {
      // Act
      const signOutUrl = signInWith().signOutUrl();
      const answer = await fetch(signOutUrl, { redirect: 'manual' });

      // Assess
      const url = new URL(signOutUrl);
      expect(`${url.origin}${url.pathname}`).toBe(provider.signOutEndpoint);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: provider.clientId,
        logout_uri: 'https://transfer-desk.example.org/sign-in?signedOut=true',
      });
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe('https://transfer-desk.example.org/sign-in?signedOut=true');
    });
  });
});
