/**
 * Who is calling: verifies the bearer token or the dashboard session cookie (an id token) against the
 * sign-in issuer's published keys. Cognito in AWS and the local stack's dev sign-in both publish theirs at
 * `${AUTH_ISSUER}/.well-known/jwks.json`, so both runtimes take this same path.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseCookie } from 'cookie';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import { sessionCookieName } from '../domain/sign-in.ts';
import { environmentNames, requireEnvironment } from './environment.ts';

export type Role = Actor['roles'][number];
const roles: readonly Role[] = ['hr', 'manager'];

export { sessionCookieName };

/** The parts of an API Gateway HTTP API (payload 2.0) event that carry a credential. */
export type CredentialSource = Pick<APIGatewayProxyEventV2, 'headers' | 'cookies'>;

export interface TokenVerifierSettings {
  issuer: string;
  /** The app client the id tokens are issued to. */
  audience: string;
  keys: JWTVerifyGetKey;
}

export type VerifyToken = (token: string) => Promise<Actor>;

/** Token faults that mean "sign in again"; anything else (the key set cannot be fetched) is ours: a 500. */
const rejectedTokenErrors = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

export function createTokenVerifier({ issuer, audience, keys }: TokenVerifierSettings): VerifyToken {
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'email', 'token_use'],
      }));
    } catch (error) {
      if (rejectedTokenErrors.some((rejected) => error instanceof rejected)) {
        throw new UnauthenticatedError('The sign-in token is not valid or has expired', { cause: error });
      }
      throw error;
    }
    return actorFrom(payload);
  };
}

function actorFrom(payload: JWTPayload): Actor {
  // Cognito access tokens carry no email and another audience claim: only id tokens identify a person.
  if (payload.token_use !== 'id') {
    throw new UnauthenticatedError('Sign in with an id token');
  }
  const email = payload.email;
  if (typeof email !== 'string' || email === '') {
    throw new UnauthenticatedError('The sign-in token has no email address');
  }
  const groups = payload['cognito:groups'];
  const granted = Array.isArray(groups) ? roles.filter((role) => groups.includes(role)) : [];
  return { id: email, roles: granted };
}

let verifierFromEnvironment: VerifyToken | undefined;

/** Built on first use so importing a handler never needs the environment; the key set is cached across calls. */
export function verifierFromEnvironmentVariables(): VerifyToken {
  if (verifierFromEnvironment === undefined) {
    const issuer = requireEnvironment(environmentNames.authIssuer);
    verifierFromEnvironment = createTokenVerifier({
      issuer,
      audience: requireEnvironment(environmentNames.authClientId),
      keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
    });
  }
  return verifierFromEnvironment;
}

/** The `Authorization: Bearer …` token, else the session cookie's value; undefined when there is neither. */
export function credentialFrom(event: CredentialSource): string | undefined {
  const authorization = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer !== undefined) return bearer;
  // An id token is base64url and dots: it is read as sent, never percent-decoded.
  const session = parseCookie((event.cookies ?? []).join('; '), { decode: (value) => value })[
    sessionCookieName
  ];
  return session === undefined || session === '' ? undefined : session;
}

/** Throws UnauthenticatedError (401) without a valid credential. */
export async function authenticate(event: CredentialSource, verifyToken?: VerifyToken): Promise<Actor> {
  const token = credentialFrom(event);
  if (token === undefined) {
    throw new UnauthenticatedError('Sign in, or send a bearer token, to use this');
  }
  return (verifyToken ?? verifierFromEnvironmentVariables())(token);
}

/** Throws ForbiddenError (403) unless the actor holds at least one of the roles. */
export function requireRole(actor: Actor, ...allowed: Role[]): void {
  if (!actor.roles.some((role) => allowed.includes(role))) {
    throw new ForbiddenError(`You need the ${allowed.join(' or ')} role to do this`);
  }
}
