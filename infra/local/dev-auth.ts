/**
 * The dev sign-in: issues RS256 id tokens shaped like Cognito's (iss, aud, sub, email, `cognito:groups`,
 * `token_use: id`) and publishes the key set at `${issuer}/.well-known/jwks.json`, so handlers verify local
 * tokens exactly as they verify Cognito's. The key pair is created once and kept in DATA_DIR.
 */
import { createHash } from 'node:crypto';
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
  issue(role: DevRole, email: string): Promise<string>;
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
    issue(role, email) {
      const address = email.trim().toLowerCase();
      return new SignJWT({
        email: address,
        email_verified: true,
        'cognito:groups': [role],
        'cognito:username': address,
        token_use: 'id',
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
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
    }),
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
