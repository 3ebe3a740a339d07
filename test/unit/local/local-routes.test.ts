import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingResponse } from '../../../infra/local/api-gateway-event.ts';
import type { LocalRequest } from '../../../infra/local/api-server.ts';
import { type DevTokenIssuer, devTokenIssuer, loadDevSigningKey } from '../../../infra/local/dev-auth.ts';
import { ClockMoveError, type LocalClock } from '../../../infra/local/local-clock.ts';
import { type LinkSecretRotated, localRoutes } from '../../../infra/local/local-routes.ts';

const issuer = 'http://localhost:3999/local/auth';

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
    options?: { query?: string; json?: unknown; contentType?: string },
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
    const routes = localRoutes({
      tokens,
      clock,
      sweeps: {
        async sweepAndWait() {
          sweeps += 1;
          steps.push(`sweep with the clock moved ${clock.moves.length} times`);
          return { started: 3 };
        },
      },
      outbox: async () => [],
      async beforeClockMove() {
        steps.push(`SES events delivered with the clock moved ${clock.moves.length} times`);
      },
    });
    call = async (method, path, options = {}) => {
      const route = routes.find((candidate) => candidate.method === method && candidate.path === path);
      if (route?.target.kind !== 'local') throw new Error(`No local route ${method} ${path}`);
      const request: LocalRequest = {
        method,
        query: new URLSearchParams(options.query ?? ''),
        headers:
          options.json === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' },
        body: Buffer.from(options.json === undefined ? '' : JSON.stringify(options.json)),
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
});

describe('Function: localRoutes with the link secret rotation', () => {
  const routesWith = (rotateLinkSecret: () => Promise<LinkSecretRotated>) =>
    localRoutes({
      tokens: {} as DevTokenIssuer,
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
      clock: fakeClock(),
      sweeps: { sweepAndWait: async () => ({ started: 0 }) },
      outbox: async () => [],
    });

    // Assess
    expect(routes.map((route) => route.path)).not.toContain('/local/rotate-link-secret');
  });
});
