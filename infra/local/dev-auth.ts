/**
 * The dev sign-in: issues RS256 id tokens shaped like Cognito's (iss, aud, sub, email, `cognito:groups`,
 * `token_use: id`) and publishes the key set at `${issuer}/.well-known/jwks.json`, so handlers verify local
 * tokens exactly as they verify Cognito's. The key pair is created once and kept in DATA_DIR.
 *
 * It is also a small OpenID provider standing in for Cognito's hosted UI, so the dashboard signs in locally
 * through the same OIDC client as in AWS: a discovery document, an authorization endpoint (the dev sign-in
 * page) that requires PKCE (S256), single-use codes whose token request must bring the matching verifier,
 * id tokens that carry the request's nonce, and a Cognito-style `/logout` that ends its own session and
 * sends the browser back only to a registered sign-out URL.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose';
import { readJsonFile, writeJsonFile } from './data-files.ts';

export const devRoles = ['hr', 'manager'] as const;
export type DevRole = (typeof devRoles)[number];

export const localAuthClientId = 'transfer-desk-local';
export const sessionLifetimeSeconds = 12 * 60 * 60;

interface StoredKeyPair {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface DevSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const path = join(dataDir, 'auth-signing-key.json');
  let stored = await readJsonFile<StoredKeyPair>(path);
  if (!stored) {
    const pair = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    stored = { kid, privateJwk: await exportJWK(pair.privateKey), publicJwk };
    await writeJsonFile(path, stored);
  }
  const privateKey = await importJWK(stored.privateJwk, 'RS256');
  if (privateKey instanceof Uint8Array) {
    throw new Error(`${path} does not hold an RSA private key: delete it to make a new one`);
  }
  return {
    kid: stored.kid,
    privateKey,
    publicJwk: { ...stored.publicJwk, kid: stored.kid, alg: 'RS256', use: 'sig' },
  };
}

/** A stable subject per email address, shaped like a Cognito `sub` (a UUID). */
export function subjectOf(email: string): string {
  const hex = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface DevTokenIssuer {
  issuer: string;
  audience: string;
  /** An id token; with `nonce` when an authorization request sent one. */
  issue(role: DevRole, email: string, options?: { nonce?: string }): Promise<string>;
  jwks(): { keys: JWK[] };
  openidConfiguration(): Record<string, unknown>;
}

export function devTokenIssuer(
  key: DevSigningKey,
  issuer: string,
  audience = localAuthClientId,
): DevTokenIssuer {
  return {
    issuer,
    audience,
    issue(role, email, options = {}) {
      const address = email.trim().toLowerCase();
      return new SignJWT({
        email: address,
        email_verified: true,
        'cognito:groups': [role],
        'cognito:username': address,
        token_use: 'id',
        ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subjectOf(address))
        .setIssuedAt()
        .setExpirationTime(`${sessionLifetimeSeconds}s`)
        .sign(key.privateKey);
    },
    jwks: () => ({ keys: [key.publicJwk] }),
    openidConfiguration: () => ({
      issuer,
      authorization_endpoint: new URL(devSignInPath, issuer).href,
      token_endpoint: `${issuer}/oauth2/token`,
      // Cognito's /logout takes client_id and logout_uri (not the RP-initiated logout parameters).
      end_session_endpoint: `${issuer}/logout`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'email', 'profile'],
      subject_types_supported: ['public'],
    }),
  };
}

/** The dev sign-in page, which is also the authorization endpoint. */
export const devSignInPath = '/local/sign-in';

/** The app client the dev sign-in knows, as Cognito knows its app client. */
export interface DevSignInClient {
  clientId: string;
  /** Cognito's CallbackURLs: an authorization request naming another redirect_uri is refused. */
  redirectUris: readonly string[];
  /** Cognito's LogoutURLs: /logout sends the browser back only to one of these. */
  logoutUris: readonly string[];
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  nonce?: string;
  /** `prompt=login`: sign in again even with a dev sign-in session. */
  forceSignIn: boolean;
  /** The request's parameters, for the sign-in form to send back. */
  parameters: Array<[string, string]>;
}

export type AuthorizationCheck =
  | { kind: 'valid'; request: AuthorizationRequest }
  /** No client or redirect URI to trust: the page says so and redirects nowhere (RFC 6749 §4.1.2.1). */
  | { kind: 'refused'; message: string }
  /** A trusted redirect URI and another fault: the error goes back to the client. */
  | { kind: 'error-redirect'; location: string };

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface DevOidcProvider {
  checkAuthorization(query: URLSearchParams): AuthorizationCheck;
  /** The callback URL, with a single-use code and the request's state, for someone who has signed in. */
  grant(request: AuthorizationRequest, role: DevRole, email: string): string;
  /** The token endpoint: a code swapped once, by its client, with its redirect URI and PKCE verifier. */
  token(form: URLSearchParams): Promise<TokenAnswer>;
  /** A dev sign-in session (the hosted UI's own), so a second sign-in needs no form until /logout. */
  startSession(role: DevRole, email: string): string;
  sessionOf(id: string | undefined): { role: DevRole; email: string } | undefined;
  /** Cognito's `/logout?client_id&logout_uri`: ends the session and answers where to go, if registered. */
  logout(query: URLSearchParams, sessionId: string | undefined): { location: string } | { refused: string };
}

/** Cognito's authorization codes last five minutes. */
const codeLifetimeMs = 5 * 60_000;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;
const codeChallengePattern = /^[A-Za-z0-9_-]{43}$/;

interface IssuedCode {
  request: AuthorizationRequest;
  role: DevRole;
  email: string;
  expiresAt: number;
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

export function devOidcProvider(
  tokens: DevTokenIssuer,
  client: DevSignInClient,
  now: () => number = Date.now,
): DevOidcProvider {
  const codes = new Map<string, IssuedCode>();
  const sessions = new Map<string, { role: DevRole; email: string }>();

  const withParameters = (base: string, parameters: Record<string, string | undefined>) => {
    const url = new URL(base);
    for (const [name, value] of Object.entries(parameters)) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url.href;
  };

  const tokenError = (status: number, error: string, description: string): TokenAnswer => ({
    status,
    body: { error, error_description: description },
  });

  return {
    checkAuthorization(query) {
      const clientId = query.get('client_id');
      const redirectUri = query.get('redirect_uri');
      if (clientId !== client.clientId)
        return { kind: 'refused', message: 'The client_id is not known here' };
      if (redirectUri === null || !client.redirectUris.includes(redirectUri)) {
        return { kind: 'refused', message: 'The redirect_uri is not a callback URL of this client' };
      }
      const state = query.get('state') ?? undefined;
      const fault = (error: string, description: string): AuthorizationCheck => ({
        kind: 'error-redirect',
        location: withParameters(redirectUri, { error, error_description: description, state }),
      });
      if (query.get('response_type') !== 'code') {
        return fault('unsupported_response_type', 'Only response_type=code is supported');
      }
      if (!(query.get('scope') ?? '').split(' ').includes('openid')) {
        return fault('invalid_scope', 'The scope must include openid');
      }
      const codeChallenge = query.get('code_challenge') ?? '';
      if (query.get('code_challenge_method') !== 'S256' || !codeChallengePattern.test(codeChallenge)) {
        return fault(
          'invalid_request',
          'PKCE is required: send code_challenge with code_challenge_method=S256',
        );
      }
      const nonce = query.get('nonce') ?? undefined;
      return {
        kind: 'valid',
        request: {
          clientId,
          redirectUri,
          codeChallenge,
          ...(state === undefined ? {} : { state }),
          ...(nonce === undefined ? {} : { nonce }),
          forceSignIn: query.get('prompt') === 'login',
          parameters: [...query.entries()].filter(([name]) => !['role', 'email'].includes(name)),
        },
      };
    },

    grant(request, role, email) {
      for (const [code, issued] of codes) if (issued.expiresAt <= now()) codes.delete(code);
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { request, role, email, expiresAt: now() + codeLifetimeMs });
      return withParameters(request.redirectUri, { code, state: request.state });
    },

    async token(form) {
      if (form.get('grant_type') !== 'authorization_code') {
        return tokenError(400, 'unsupported_grant_type', 'Only the authorization_code grant is supported');
      }
      if (form.get('client_id') !== client.clientId) {
        return tokenError(401, 'invalid_client', 'The client_id is not known here');
      }
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      // Single use: whatever happens next, the code cannot be swapped again.
      codes.delete(code);
      if (issued === undefined || issued.expiresAt <= now()) {
        return tokenError(400, 'invalid_grant', 'The code is unknown, used or expired');
      }
      if (issued.request.clientId !== form.get('client_id')) {
        return tokenError(400, 'invalid_grant', 'The code was issued to another client');
      }
      if (issued.request.redirectUri !== form.get('redirect_uri')) {
        return tokenError(400, 'invalid_grant', 'The redirect_uri is not the one the code was issued for');
      }
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!codeVerifierPattern.test(verifier) || !sameText(challenge, issued.request.codeChallenge)) {
        return tokenError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge');
      }
      const idToken = await tokens.issue(
        issued.role,
        issued.email,
        issued.request.nonce === undefined ? {} : { nonce: issued.request.nonce },
      );
      return {
        status: 200,
        body: {
          id_token: idToken,
          // Nothing here reads it; Cognito's is a JWT for its own APIs.
          access_token: randomBytes(32).toString('base64url'),
          token_type: 'Bearer',
          expires_in: sessionLifetimeSeconds,
        },
      };
    },

    startSession(role, email) {
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { role, email });
      return id;
    },

    sessionOf: (id) => (id === undefined ? undefined : sessions.get(id)),

    logout(query, sessionId) {
      if (query.get('client_id') !== client.clientId) return { refused: 'The client_id is not known here' };
      const logoutUri = query.get('logout_uri');
      if (logoutUri === null || !client.logoutUris.includes(logoutUri)) {
        return { refused: 'The logout_uri is not a sign-out URL of this client' };
      }
      if (sessionId !== undefined) sessions.delete(sessionId);
      return { location: logoutUri };
    },
  };
}

/** Only a path on this site: `/x`, never `//host`, `/\host` or an absolute URL (no open redirect). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters would let a header be split.
  const hasControlCharacter = [...value].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
  return hasControlCharacter ? '/' : value;
}
