import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingResponse } from '../../../infra/local/api-gateway-event.ts';
import type { LocalRequest } from '../../../infra/local/api-server.ts';
import {
  type DevOidcProvider,
  type DevTokenIssuer,
  devOidcProvider,
  devTokenIssuer,
  loadDevSigningKey,
} from '../../../infra/local/dev-auth.ts';
import { ClockMoveError, type LocalClock } from '../../../infra/local/local-clock.ts';
import { type LinkSecretRotated, localRoutes } from '../../../infra/local/local-routes.ts';

const issuer = 'http://localhost:3999/local/auth';
const callbackUrl = 'http://localhost:3999/sign-in/callback';
const signedOutUrl = 'http://localhost:3999/sign-in?signedOut=true';

function fakeClock(): LocalClock & { moves: string[] } {
  let now = new Date('2026-05-01T09:00:00Z');
  const moves: string[] = [];
  return {
    moves,
    now: () => now,
    offsetMs: () => 0,
    async moveTo(date) {
      if (date < '2026-05-01') throw new ClockMoveError('The local clock only moves forward', 409);
      moves.push(date);
      now = new Date(`${date}T09:00:00Z`);
      return now;
    },
    async advanceDays(days) {
      now = new Date(now.getTime() + days * 86_400_000);
      moves.push(`+${days}`);
      return now;
    },
  };
}

describe('Function: localRoutes', () => {
  let dataDir: string;
  let tokens: DevTokenIssuer;
  let clock: ReturnType<typeof fakeClock>;
  let sweeps: number;
  let steps: string[];
  let call: (
    method: string,
    path: string,
    options?: { query?: string; json?: unknown; contentType?: string; cookie?: string; form?: string },
  ) => Promise<OutgoingResponse>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-routes-'));
    tokens = devTokenIssuer(await loadDevSigningKey(dataDir), issuer);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    clock = fakeClock();
    sweeps = 0;
    steps = [];
    const provider = devOidcProvider(tokens, {
      clientId: 'transfer-desk-local',
      redirectUris: [callbackUrl],
      logoutUris: [signedOutUrl],
    });
    const routes = localRoutes({
      tokens,
      provider,
      clock,
      sweeps: {
        async sweepAndWait() {
          sweeps += 1;
          steps.push(`sweep with the clock moved ${clock.moves.length} times`);
          return { started: 3 };
        },
      },
      outbox: async () => [],
      async clockMove(move) {
        steps.push(`SES events delivered with the clock moved ${clock.moves.length} times`);
        await move();
        steps.push(`invocations let through with the clock moved ${clock.moves.length} times`);
      },
    });
    call = async (method, path, options = {}) => {
      const route = routes.find((candidate) => candidate.method === method && candidate.path === path);
      if (route?.target.kind !== 'local') throw new Error(`No local route ${method} ${path}`);
      const request: LocalRequest = {
        method,
        pathParameters: {},
        query: new URLSearchParams(options.query ?? ''),
        headers: {
          ...(options.json === undefined
            ? {}
            : { 'content-type': options.contentType ?? 'application/json' }),
          ...(options.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
        },
        body: Buffer.from(options.form ?? (options.json === undefined ? '' : JSON.stringify(options.json))),
      };
      return route.target.handle(request);
    };
  });

  const json = (response: OutgoingResponse) => JSON.parse(response.body.toString('utf8'));
  const header = (response: OutgoingResponse, name: string) =>
    response.headers.filter(([key]) => key === name).map(([, value]) => value);

  it('POST /local/token issues a token the published key set verifies', async () => {
    // Act
    const answer = await call('POST', '/local/token', { json: { role: 'hr', email: 'hr@example.org' } });
    const jwks = await call('GET', '/local/auth/.well-known/jwks.json');

    // Assess
    expect(answer.statusCode).toBe(200);
    const { payload } = await jwtVerify(json(answer).token, createLocalJWKSet(json(jwks)), { issuer });
    expect(payload['cognito:groups']).toEqual(['hr']);
  });

  it('POST /local/token answers 400 problem+json for a bad role or email, and 415 for a body that is not JSON', async () => {
    // Act
    const badRole = await call('POST', '/local/token', { json: { role: 'admin', email: 'x@example.org' } });
    const badEmail = await call('POST', '/local/token', { json: { role: 'hr', email: 'not an email' } });
    const notJson = await call('POST', '/local/token', { json: 'x', contentType: 'text/plain' });

    // Assess
    expect(badRole.statusCode).toBe(400);
    expect(header(badRole, 'content-type')[0]).toContain('application/problem+json');
    expect(json(badRole).errors).toEqual([expect.objectContaining({ path: 'role' })]);
    expect(badEmail.statusCode).toBe(400);
    expect(json(badEmail).errors).toEqual([expect.objectContaining({ path: 'email' })]);
    expect(notJson.statusCode).toBe(415);
  });

  it('GET /local/sign-in sets an HttpOnly session cookie and redirects with 303 to a path on this site only', async () => {
    // Act
    const signedIn = await call('GET', '/local/sign-in', {
      query: 'role=manager&email=manager1@example.org&returnTo=/transfers/t-1',
    });
    const elsewhere = await call('GET', '/local/sign-in', {
      query: 'role=hr&email=hr@example.org&returnTo=https://evil.example/',
    });

    // Assess
    expect(signedIn.statusCode).toBe(303);
    expect(header(signedIn, 'location')).toEqual(['/transfers/t-1']);
    const [cookie] = header(signedIn, 'set-cookie');
    expect(cookie).toMatch(
      /^td_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/,
    );
    expect(header(elsewhere, 'location')).toEqual(['/']);
  });

  it('GET /local/sign-in without a role shows a form, and with a bad address says what is wrong', async () => {
    // Act
    const form = await call('GET', '/local/sign-in', { query: 'returnTo=/transfers' });
    const wrong = await call('GET', '/local/sign-in', { query: 'role=hr&email=<script>' });

    // Assess
    expect(form.statusCode).toBe(200);
    expect(form.body.toString()).toContain('<input type="hidden" name="returnTo" value="/transfers">');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body.toString()).toContain('There is a problem');
    expect(wrong.body.toString()).not.toContain('<script>');
  });

  it('POST /local/clock moves the clock, runs the sweep and answers the new time', async () => {
    // Act
    const moved = await call('POST', '/local/clock', { json: { to: '2026-06-01' } });
    const advanced = await call('POST', '/local/clock', { json: { advanceDays: 2 } });

    // Assess
    expect(json(moved)).toEqual({ now: '2026-06-01T09:00:00.000Z' });
    expect(json(advanced)).toEqual({ now: '2026-06-03T09:00:00.000Z' });
    expect(clock.moves).toEqual(['2026-06-01', '+2']);
    expect(sweeps).toBe(2);
  });

  it('POST /local/clock has the SES events already accepted delivered before the clock jumps', async () => {
    // Act
    await call('POST', '/local/clock', { json: { advanceDays: 1 } });

    // Assess
    expect(steps).toEqual([
      'SES events delivered with the clock moved 0 times',
      'invocations let through with the clock moved 1 times',
      'sweep with the clock moved 1 times',
    ]);
  });

  it('POST /local/clock refuses to go back with 409, a negative or malformed move with 400, and sweeps nothing', async () => {
    // Act
    const backwards = await call('POST', '/local/clock', { json: { to: '2026-04-01' } });
    const negative = await call('POST', '/local/clock', { json: { advanceDays: -1 } });
    const both = await call('POST', '/local/clock', { json: { advanceDays: 1, to: '2026-06-01' } });

    // Assess
    expect(backwards.statusCode).toBe(409);
    expect(json(backwards).detail).toContain('only moves forward');
    expect(negative.statusCode).toBe(400);
    expect(both.statusCode).toBe(400);
    expect(sweeps).toBe(0);
    expect(clock.moves).toEqual([]);
  });

  it('POST /local/sweep answers how many workflows the sweep started', async () => {
    // Act
    const answer = await call('POST', '/local/sweep');

    // Assess
    expect(json(answer)).toEqual({ started: 3 });
  });

  describe('as the OpenID provider the dashboard signs in with', () => {
    /** An authorization request as the dashboard's OIDC client makes it. */
    const authorization = (overrides: Record<string, string> = {}) =>
      new URLSearchParams({
        client_id: 'transfer-desk-local',
        response_type: 'code',
        redirect_uri: callbackUrl,
        scope: 'openid email profile',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSGw-cM0',
        code_challenge_method: 'S256',
        state: 'the-state',
        nonce: 'the-nonce',
        ...overrides,
      }).toString();

    it('publishes the endpoints an OIDC client needs, with PKCE S256 and a Cognito-style /logout', async () => {
      // Act
      const answer = await call('GET', '/local/auth/.well-known/openid-configuration');

      // Assess
      expect(json(answer)).toMatchObject({
        issuer,
        authorization_endpoint: 'http://localhost:3999/local/sign-in',
        token_endpoint: `${issuer}/oauth2/token`,
        end_session_endpoint: `${issuer}/logout`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    });

    it('shows the form with the request carried in hidden fields, and signs in back to the callback with a code', async () => {
      // Act
      const form = await call('GET', '/local/sign-in', { query: authorization() });
      const signedIn = await call('GET', '/local/sign-in', {
        query: `${authorization()}&role=hr&email=hr@example.org`,
      });

      // Assess
      expect(form.statusCode).toBe(200);
      expect(form.body.toString()).toContain('<input type="hidden" name="nonce" value="the-nonce">');
      expect(form.body.toString()).not.toContain('name="returnTo"');
      expect(signedIn.statusCode).toBe(303);
      const location = new URL(header(signedIn, 'location')[0] ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(callbackUrl);
      expect(location.searchParams.get('state')).toBe('the-state');
      expect(location.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
      expect(header(signedIn, 'set-cookie')).toEqual([
        expect.stringMatching(/^td_dev_sign_in=[\w-]+; Path=\/local; HttpOnly/),
      ]);
    });

    it('refuses a client or callback it does not know with a page, redirecting nowhere', async () => {
      // Act
      const otherCallback = await call('GET', '/local/sign-in', {
        query: authorization({ redirect_uri: 'https://evil.example/callback' }),
      });
      const otherClient = await call('GET', '/local/sign-in', { query: authorization({ client_id: 'x' }) });

      // Assess
      for (const answer of [otherCallback, otherClient]) {
        expect(answer.statusCode).toBe(400);
        expect(header(answer, 'location')).toEqual([]);
      }
    });

    it('sends a request without PKCE back to the callback with invalid_request', async () => {
      // Act
      const answer = await call('GET', '/local/sign-in', {
        query: authorization({ code_challenge_method: 'plain' }),
      });

      // Assess
      const location = new URL(header(answer, 'location')[0] ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('the-state');
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('signs in again without the form while its own session lasts, and asks again after /logout', async () => {
      // Prepare
      const first = await call('GET', '/local/sign-in', {
        query: `${authorization()}&role=manager&email=manager1@example.org`,
      });
      const cookie = (header(first, 'set-cookie')[0] ?? '').split(';')[0] ?? '';

      // Act
      const again = await call('GET', '/local/sign-in', { query: authorization(), cookie });
      const loggedOut = await call('GET', '/local/auth/logout', {
        query: new URLSearchParams({ client_id: 'transfer-desk-local', logout_uri: signedOutUrl }).toString(),
        cookie,
      });
      const afterLogout = await call('GET', '/local/sign-in', { query: authorization(), cookie });

      // Assess
      expect(again.statusCode).toBe(303);
      expect(header(again, 'location')[0]).toContain('code=');
      expect(loggedOut.statusCode).toBe(303);
      expect(header(loggedOut, 'location')).toEqual([signedOutUrl]);
      expect(header(loggedOut, 'set-cookie')[0]).toMatch(/^td_dev_sign_in=; Path=\/local; .*Max-Age=0$/);
      expect(afterLogout.statusCode).toBe(200);
    });

    it('sends /logout back only to a registered sign-out URL', async () => {
      // Act
      const answer = await call('GET', '/local/auth/logout', {
        query: new URLSearchParams({
          client_id: 'transfer-desk-local',
          logout_uri: 'https://evil.example/',
        }).toString(),
      });

      // Assess
      expect(answer.statusCode).toBe(400);
      expect(header(answer, 'location')).toEqual([]);
    });

    it('answers the token endpoint in OAuth errors: a body that is not a form, a code it never issued', async () => {
      // Act
      const notForm = await call('POST', '/local/auth/oauth2/token', { json: { code: 'x' } });
      const unknownCode = await call('POST', '/local/auth/oauth2/token', {
        form: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'transfer-desk-local',
          code: 'a-code-never-issued',
          redirect_uri: callbackUrl,
          code_verifier: 'v'.repeat(43),
        }).toString(),
      });

      // Assess
      expect(notForm.statusCode).toBe(400);
      expect(json(notForm).error).toBe('invalid_request');
      expect(unknownCode.statusCode).toBe(400);
      expect(json(unknownCode).error).toBe('invalid_grant');
    });
  });
});

describe('Function: localRoutes with the link secret rotation', () => {
  const routesWith = (rotateLinkSecret: () => Promise<LinkSecretRotated>) =>
    localRoutes({
      tokens: {} as DevTokenIssuer,
      provider: {} as DevOidcProvider,
      clock: fakeClock(),
      sweeps: { sweepAndWait: async () => ({ started: 0 }) },
      outbox: async () => [],
      rotateLinkSecret,
    });
  const post = (routes: ReturnType<typeof localRoutes>) => {
    const route = routes.find((candidate) => candidate.path === '/local/rotate-link-secret');
    if (route?.target.kind !== 'local' || route.method !== 'POST') throw new Error('No rotation route');
    return route.target.handle({
      method: 'POST',
      pathParameters: {},
      query: new URLSearchParams(),
      headers: {},
      body: Buffer.alloc(0),
    });
  };

  it('POST /local/rotate-link-secret rotates and answers the key ids the secret now holds', async () => {
    // Prepare
    const rotated = { versionId: 'v-2', currentKeyId: 'Zq3v9XkA', previousKeyId: 'legacy' };

    // Act
    const answer = await post(routesWith(async () => rotated));

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual(rotated);
  });

  it('POST /local/rotate-link-secret answers 409 when the rotation fails', async () => {
    // Act
    const answer = await post(
      routesWith(async () => {
        throw new Error('The rotation function failed at testSecret');
      }),
    );

    // Assess
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body.toString('utf8')).detail).toContain('testSecret');
  });

  it('has no rotation route when the stack has no rotation function', () => {
    // Act
    const routes = localRoutes({
      tokens: {} as DevTokenIssuer,
      provider: {} as DevOidcProvider,
      clock: fakeClock(),
      sweeps: { sweepAndWait: async () => ({ started: 0 }) },
      outbox: async () => [],
    });

    // Assess
    expect(routes.map((route) => route.path)).not.toContain('/local/rotate-link-secret');
  });
});
