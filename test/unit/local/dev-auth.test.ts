import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../functions/adapters/auth.ts';
import {
  type DevSigningKey,
  devTokenIssuer,
  loadDevSigningKey,
  safeReturnPath,
  subjectOf,
} from '../../../infra/local/dev-auth.ts';

const issuer = 'http://localhost:3999/local/auth';

describe('Function: devTokenIssuer', () => {
  let dataDir: string;
  let key: DevSigningKey;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dev-auth-'));
    key = await loadDevSigningKey(dataDir);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('issues an RS256 id token shaped like Cognito’s that its published key set verifies', async () => {
    // Prepare
    const tokens = devTokenIssuer(key, issuer);

    // Act
    const token = await tokens.issue('manager', 'Manager1@Example.org');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(tokens.jwks()), {
      issuer,
      audience: 'transfer-desk-local',
    });

    // Assess
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: key.kid });
    expect(payload).toMatchObject({
      email: 'manager1@example.org',
      'cognito:groups': ['manager'],
      token_use: 'id',
      sub: subjectOf('manager1@example.org'),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(12 * 60 * 60);
  });

  it('passes the application’s own verifier with the role as the actor’s role', async () => {
    // Prepare
    const tokens = devTokenIssuer(key, issuer);
    const verify = createTokenVerifier({
      issuer,
      audience: 'transfer-desk-local',
      keys: createLocalJWKSet(tokens.jwks()),
    });

    // Act
    const actor = await verify(await tokens.issue('hr', 'hr@example.org'));

    // Assess
    expect(actor).toEqual({ id: 'hr@example.org', roles: ['hr'] });
  });

  it('keeps its key pair in DATA_DIR, so tokens stay valid across a restart', async () => {
    // Prepare
    const before = devTokenIssuer(key, issuer);
    const token = await before.issue('hr', 'hr@example.org');

    // Act
    const after = devTokenIssuer(await loadDevSigningKey(dataDir), issuer);
    const verified = await jwtVerify(token, createLocalJWKSet(after.jwks()), { issuer });

    // Assess
    expect(decodeProtectedHeader(token).kid).toBe(after.jwks().keys[0]?.kid);
    expect(verified.payload.email).toBe('hr@example.org');
    expect(after.jwks().keys[0]).not.toHaveProperty('d');
  });
});

describe('Function: safeReturnPath', () => {
  it('keeps paths on this site and sends anything else to /', () => {
    // Act, Assess
    expect(safeReturnPath('/transfers/t-1?tab=staff')).toBe('/transfers/t-1?tab=staff');
    for (const unsafe of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'transfers',
      '',
      null,
      '/a\r\nSet-Cookie: x=1',
    ]) {
      expect(safeReturnPath(unsafe), String(unsafe)).toBe('/');
    }
  });
});
