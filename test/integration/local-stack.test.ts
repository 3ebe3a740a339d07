/**
 * The local stack's own contract (DESIGN §5, §6), over HTTP against the stack the global setup started:
 * health, dev tokens verified through the published key set, the dev sign-in, the clock, the sweep and
 * the outbox.
 */
import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function localNow(): Promise<Date> {
  const response = await fetch(`${baseUrl}/local/clock`);
  return new Date(((await response.json()) as { now: string }).now);
}

function londonDate(instant: Date, addDays = 0): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(instant);
  const moved = new Date(`${date}T12:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + addDays);
  return moved.toISOString().slice(0, 10);
}

describe('Local stack', () => {
  it('answers GET /health with each dependency ok', async () => {
    // Act
    const response = await fetch(`${baseUrl}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      dependencies: { dynamodb: 'ok', stepFunctions: 'ok', ses: 'ok' },
    });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    // Act
    const response = await fetch(`${baseUrl}/no/such/page`);

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('issues a token from POST /local/token that verifies against the issuer’s JWKS and opens the API', async () => {
    // Act
    const response = await postJson('/local/token', { role: 'hr', email: 'hr.stack-test@example.org' });
    const { token } = (await response.json()) as { token: string };
    const issuer = `${baseUrl}/local/auth`;
    const { payload } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
      {
        issuer,
        audience: 'transfer-desk-local',
      },
    );
    const withToken = await fetch(`${baseUrl}/api/transfers`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const withoutToken = await fetch(`${baseUrl}/api/transfers`);

    // Assess
    expect(response.status).toBe(200);
    expect(payload).toMatchObject({
      email: 'hr.stack-test@example.org',
      'cognito:groups': ['hr'],
      token_use: 'id',
    });
    expect(withToken.status).toBe(200);
    expect(withoutToken.status).toBe(401);
  });

  it('refuses a token request with a bad role with 400 problem+json', async () => {
    // Act
    const response = await postJson('/local/token', { role: 'admin', email: 'x@example.org' });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('signs in with GET /local/sign-in: an HttpOnly session cookie the API accepts, and a redirect back', async () => {
    // Act
    const signIn = await fetch(
      `${baseUrl}/local/sign-in?role=hr&email=${encodeURIComponent('hr.cookie@example.org')}&returnTo=/api/transfers`,
      { redirect: 'manual' },
    );
    const cookie = signIn.headers.getSetCookie()[0] ?? '';
    const withCookie = await fetch(`${baseUrl}/api/transfers`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });

    // Assess
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/api/transfers');
    expect(cookie).toMatch(/^td_session=.+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(withCookie.status).toBe(200);
  });

  it('signs in to the dashboard through the OIDC flow, and out at the sign-in service too', async () => {
    // Prepare: a browser's cookie jar, and its requests (redirects followed by hand, as Set-Cookie matters)
    const jar = new Map<string, string>();
    const get = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, baseUrl), {
        ...init,
        redirect: 'manual',
        headers: { ...init.headers, cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
      });
      for (const setCookie of response.headers.getSetCookie()) {
        const [pair = ''] = setCookie.split(';');
        const [name = '', value = ''] = pair.split('=', 2);
        if (/Max-Age=0(;|$)/.test(setCookie)) jar.delete(name);
        else jar.set(name, value);
      }
      return response;
    };
    const signInLink = async () => {
      const html = await (await get('/sign-in?returnTo=%2F')).text();
      return (/href="(http:[^"]+\/local\/sign-in\?[^"]+)"/.exec(html)?.[1] ?? '').replaceAll('&amp;', '&');
    };
    const who = new URLSearchParams({ role: 'hr', email: 'hr.oidc@example.org' });

    // Act: sign in at the dev sign-in, come back to the callback, use the session
    const authorize = await get(`${await signInLink()}&${who}`);
    const callback = authorize.headers.get('location') ?? '';
    const attempt = jar.get('td_sign_in') ?? '';
    const signedIn = await get(callback);
    const api = await get('/api/transfers');
    const replayed = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: `td_sign_in=${attempt}` },
    });
    // Still signed in at the sign-in service: a second sign-in needs no form
    const again = await get(await signInLink());
    await get(again.headers.get('location') ?? '');
    // Sign out (the form needs its CSRF field), and follow the redirect to the sign-in service's /logout
    const home = await (await get('/')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1] ?? '';
    const signedOut = await get('/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    const logout = await get(signedOut.headers.get('location') ?? '');
    const afterSignOut = await get('/');
    const formAgain = await get(await signInLink());

    // Assess
    expect(authorize.status).toBe(303);
    expect(callback.startsWith(`${baseUrl}/sign-in/callback?code=`)).toBe(true);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/');
    expect(api.status).toBe(200);
    expect(replayed.status).toBe(401);
    expect(again.status).toBe(303);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(
      `${baseUrl}/local/auth/logout?client_id=transfer-desk-local&logout_uri=${encodeURIComponent(`${baseUrl}/sign-in?signedOut=true`)}`,
    );
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe(`${baseUrl}/sign-in?signedOut=true`);
    expect(jar.has('td_session')).toBe(false);
    expect(jar.has('td_dev_sign_in')).toBe(false);
    expect(afterSignOut.status).toBe(303);
    expect(afterSignOut.headers.get('location')).toBe('/sign-in?returnTo=%2F');
    // The next person at this desk is asked who they are
    expect(formAgain.status).toBe(200);
    expect(await formAgain.text()).toContain('Sign in to Transfer Desk (local stack)');
  });

  it('moves the clock forward, runs the sweep, and refuses to move it back', async () => {
    // Prepare
    const before = await localNow();
    const tomorrow = londonDate(before, 1);

    // Act
    const moved = await postJson('/local/clock', { to: tomorrow });
    const movedTo = new Date(((await moved.json()) as { now: string }).now);
    const stayed = await postJson('/local/clock', { advanceDays: 0 });
    const backwards = await postJson('/local/clock', { to: londonDate(before) });
    const negative = await postJson('/local/clock', { advanceDays: -1 });
    const after = await localNow();

    // Assess
    expect(moved.status).toBe(200);
    expect(londonDate(movedTo)).toBe(tomorrow);
    expect(stayed.status).toBe(200);
    expect(backwards.status).toBe(409);
    expect(((await backwards.json()) as { detail: string }).detail).toContain('only moves forward');
    expect(negative.status).toBe(400);
    expect(londonDate(after)).toBe(tomorrow);
  });

  it('runs the sweep on POST /local/sweep and answers how many workflows it started', async () => {
    // Act
    const response = await fetch(`${baseUrl}/local/sweep`, { method: 'POST' });

    // Assess
    expect(response.status).toBe(200);
    const { started } = (await response.json()) as { started: number };
    expect(Number.isInteger(started) && started >= 0).toBe(true);
  });

  it('lists an email sent through its SES endpoint in GET /local/outbox', async () => {
    // Prepare
    const ses = new SESv2Client({
      endpoint: inject('sesEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const subject = `Outbox check ${randomUUID()}`;

    // Act
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'transfer-desk@example.org',
        Destination: { ToAddresses: ['outbox.check@example.org'] },
        Content: {
          Simple: {
            Subject: { Data: subject },
            Body: { Text: { Data: 'Text body' }, Html: { Data: '<p>HTML body</p>' } },
          },
        },
      }),
    );
    ses.destroy();
    const response = await fetch(`${baseUrl}/local/outbox`);
    const { emails } = (await response.json()) as { emails: Array<Record<string, unknown>> };

    // Assess
    expect(response.status).toBe(200);
    expect(emails.find((email) => email.subject === subject)).toEqual({
      to: ['outbox.check@example.org'],
      subject,
      text: 'Text body',
      html: '<p>HTML body</p>',
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });
});
