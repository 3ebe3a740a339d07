/**
 * Dashboard sign-in with the hosted sign-in service through openid-client: the issuer's discovery document
 * (read once per process), the authorization code flow with PKCE (S256), state and nonce, and Cognito's
 * `/logout`, so signing out ends the hosted session as well as ours.
 *
 * What the callback must see again (PKCE verifier, state, nonce, return path) travels in a cookie as a JWE
 * (`dir` + `A256GCM`) under a key derived from the link secret for this use alone, named by its key id so a
 * rotation does not break a sign-in under way. The id token is then verified as every request's is
 * (adapters/auth.ts: signature against the published keys, issuer, audience, `token_use`).
 */
import { hkdfSync } from 'node:crypto';
import { decodeProtectedHeader, EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose';
import * as oidc from 'openid-client';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { HostedSignIn, SignedIn, SignInStarted } from '../domain/sign-in.ts';
import * as z from '../zod.ts';
import { type VerifyToken, verifierFromEnvironmentVariables } from './auth.ts';
import { ConfigurationError, environmentNames, requireEnvironment, signInPaths } from './environment.ts';
import { keyOfId, type LinkKey, type LinkKeyring, linkKeyringOf } from './link-keys.ts';
import { linkSecretReader, type ReadSecret } from './link-secret.ts';

export interface HostedSignInSettings {
  /** The OpenID issuer (AUTH_ISSUER): its discovery document names the endpoints. */
  issuer: string;
  clientId: string;
  /** PUBLIC_BASE_URL: the callback and the signed-out page are under it. */
  publicBaseUrl: string;
  /** Cognito's `/logout` on the user pool domain (SIGN_OUT_URL). */
  signOutEndpoint: string;
  readSecret: ReadSecret;
  verifyToken: VerifyToken;
  now?: () => number;
}

/** Ten minutes to sign in, as Cognito's managed login allows for a sign-in page. */
const attemptLifetimeSeconds = 10 * 60;
/** Cognito's id tokens last an hour here; the session never outlives the token, nor half a day. */
const longestSessionSeconds = 12 * 60 * 60;
const attemptAudience = 'dashboard-sign-in';
const scope = 'openid email profile';
/** Longer than any attempt this module seals; nothing longer is parsed. */
const longestAttempt = 4096;
const longestReturnPath = 1024;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Seconds each request to the sign-in service may take (discovery, the code swap): well within the Lambda's. */
const requestTimeoutSeconds = 10;

const attemptClaims = z.object({
  /** PKCE code verifier. */
  v: z.string().check(z.regex(/^[A-Za-z0-9._~-]{43,128}$/)),
  s: z.string().check(z.minLength(1), z.maxLength(256)),
  n: z.string().check(z.minLength(1), z.maxLength(256)),
  r: z.string().check(z.maxLength(longestReturnPath)),
});
type Attempt = z.output<typeof attemptClaims>;

/**
 * Faults that mean "sign in again" (401), never a 500: anything in the callback URL (state, code, an
 * error the service sent back), which whoever holds the URL can change, and the token endpoint refusing
 * the code (used already, expired, another verifier). Anything else (discovery failing, a client the
 * service does not know) is ours.
 */
const refusedResponseCodes = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
]);

function refusedSignIn(error: unknown): boolean {
  if (error instanceof oidc.AuthorizationResponseError) return true;
  if (error instanceof oidc.ResponseBodyError) return error.error === 'invalid_grant';
  return error instanceof oidc.ClientError && refusedResponseCodes.has(error.code ?? '');
}

/** Kept apart from the personal links' key by its own HKDF label. */
function attemptKeyOf(key: LinkKey): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key.secret, 'transfer-desk', 'sign-in-attempt-jwe-A256GCM', 32));
}

/** openid-client talks HTTPS only; the local stack's dev sign-in is plain HTTP on loopback. */
function discoveryOptions(issuer: URL): oidc.DiscoveryRequestOptions {
  if (issuer.protocol === 'https:') return { timeout: requestTimeoutSeconds };
  if (issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname)) {
    return { timeout: requestTimeoutSeconds, execute: [oidc.allowInsecureRequests] };
  }
  throw new ConfigurationError(`The sign-in issuer must be an https URL, not ${issuer.href}`);
}

export function hostedSignIn(settings: HostedSignInSettings): HostedSignIn {
  const now = settings.now ?? Date.now;
  const baseUrl = settings.publicBaseUrl.replace(/\/+$/, '');
  const callbackUrl = `${baseUrl}${signInPaths.callback}`;
  let discovered: Promise<oidc.Configuration> | undefined;

  const configuration = () => {
    if (discovered === undefined) {
      const issuer = new URL(settings.issuer);
      discovered = oidc
        .discovery(issuer, settings.clientId, undefined, oidc.None(), discoveryOptions(issuer))
        .catch((error: unknown) => {
          // Asked again on the next sign-in rather than failing every one until the container is recycled.
          discovered = undefined;
          throw error;
        });
    }
    return discovered;
  };

  const keyringFor = async (kid: string | undefined): Promise<LinkKeyring> => {
    const keyring = linkKeyringOf(await settings.readSecret());
    // A key id the secret read earlier lacks: another container saw a rotation first.
    if (kid === undefined || keyOfId(keyring, kid) !== undefined) return keyring;
    return linkKeyringOf(await settings.readSecret({ refresh: true }));
  };

  const seal = async (attempt: Attempt): Promise<string> => {
    const { current } = await keyringFor(undefined);
    const issuedAt = Math.floor(now() / 1000);
    return new EncryptJWT(attempt)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: current.kid })
      .setAudience(attemptAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + attemptLifetimeSeconds)
      .encrypt(attemptKeyOf(current));
  };

  const unseal = async (sealed: string): Promise<Attempt> => {
    const startAgain = (cause?: unknown) =>
      new UnauthenticatedError('The sign-in on this browser has expired or is not recognised; start again', {
        cause,
      });
    if (sealed.length > longestAttempt) throw startAgain();
    let kid: unknown;
    try {
      ({ kid } = decodeProtectedHeader(sealed));
    } catch (error) {
      throw startAgain(error);
    }
    const key = typeof kid === 'string' ? keyOfId(await keyringFor(kid), kid) : undefined;
    if (key === undefined) throw startAgain();
    try {
      const { payload } = await jwtDecrypt(sealed, attemptKeyOf(key), {
        audience: attemptAudience,
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      });
      return attemptClaims.parse(payload);
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof z.ZodError) throw startAgain(error);
      throw error;
    }
  };

  return {
    async begin(returnTo): Promise<SignInStarted> {
      const config = await configuration();
      const attempt: Attempt = {
        v: oidc.randomPKCECodeVerifier(),
        s: oidc.randomState(),
        n: oidc.randomNonce(),
        r: returnTo.length > longestReturnPath ? '/' : returnTo,
      };
      const authorizationUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(attempt.v),
        code_challenge_method: 'S256',
        state: attempt.s,
        nonce: attempt.n,
      });
      return {
        authorizationUrl: authorizationUrl.href,
        attempt: await seal(attempt),
        attemptMaxAgeSeconds: attemptLifetimeSeconds,
      };
    },

    async complete(callbackQuery, sealed): Promise<SignedIn> {
      if (sealed === undefined) {
        throw new UnauthenticatedError('No sign-in is under way on this browser; start again');
      }
      const attempt = await unseal(sealed);
      const config = await configuration();
      const callback = new URL(callbackUrl);
      callback.search = callbackQuery;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: attempt.v,
          expectedState: attempt.s,
          expectedNonce: attempt.n,
          idTokenExpected: true,
        });
      } catch (error) {
        if (refusedSignIn(error)) {
          throw new UnauthenticatedError('The sign-in could not be completed; start again', { cause: error });
        }
        throw error;
      }
      const idToken = tokens.id_token;
      const expiresAt = tokens.claims()?.exp;
      if (idToken === undefined || expiresAt === undefined) {
        throw new UnauthenticatedError('The sign-in service sent no id token');
      }
      // openid-client checked its claims (issuer, audience, nonce, expiry); this checks it as every request does.
      await settings.verifyToken(idToken);
      const tokenSecondsLeft = expiresAt - Math.floor(now() / 1000);
      return {
        idToken,
        sessionMaxAgeSeconds: Math.max(
          0,
          Math.min(tokenSecondsLeft, tokens.expires_in ?? tokenSecondsLeft, longestSessionSeconds),
        ),
        returnTo: attempt.r,
      };
    },

    signOutUrl() {
      // Cognito's own parameters (not RP-initiated logout's): logout_uri must be one of the client's LogoutURLs.
      const url = new URL(settings.signOutEndpoint);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('logout_uri', `${baseUrl}${signInPaths.signedOut}`);
      return url.href;
    },
  };
}

/**
 * The handlers' sign-in, configured from the environment on first use (never at import time), with the
 * discovered configuration kept for the life of the process.
 */
export function hostedSignInFromEnvironment(
  readSecret: ReadSecret = linkSecretReader(),
  verifyToken: VerifyToken = (token) => verifierFromEnvironmentVariables()(token),
): HostedSignIn {
  let signIn: HostedSignIn | undefined;
  const configured = () => {
    signIn ??= hostedSignIn({
      issuer: requireEnvironment(environmentNames.authIssuer),
      clientId: requireEnvironment(environmentNames.authClientId),
      publicBaseUrl: requireEnvironment(environmentNames.publicBaseUrl),
      signOutEndpoint: requireEnvironment(environmentNames.signOutUrl),
      readSecret,
      verifyToken,
    });
    return signIn;
  };
  return {
    begin: (returnTo) => configured().begin(returnTo),
    complete: (callbackQuery, attempt) => configured().complete(callbackQuery, attempt),
    signOutUrl: () => configured().signOutUrl(),
  };
}
