/**
 * The routes only the local stack has (DESIGN §6): dev tokens and sign-in (with the OpenID endpoints that
 * stand in for Cognito's hosted UI), the key set that verifies them, the clock, the sweep, the outbox and a
 * rotation of the link secret.
 */
import { z } from 'zod';
import { sessionCookieName } from '../../functions/adapters/auth.ts';
import type { OutgoingResponse } from './api-gateway-event.ts';
import {
  type ApiRoute,
  jsonAnswer,
  type LocalRequest,
  type LocalRouteHandler,
  problemAnswer,
} from './api-server.ts';
import {
  type AuthorizationRequest,
  type DevOidcProvider,
  type DevRole,
  type DevTokenIssuer,
  devRoles,
  devSignInPath,
  safeReturnPath,
  sessionLifetimeSeconds,
} from './dev-auth.ts';
import { ClockMoveError, type LocalClock } from './local-clock.ts';
import type { OutboxEmail } from './ses-local.ts';
import type { SweepRunner } from './sweep-runner.ts';

export interface LocalRouteDependencies {
  tokens: DevTokenIssuer;
  /** The OpenID provider the dashboard signs in with (authorization, token and logout endpoints). */
  provider: DevOidcProvider;
  clock: LocalClock;
  sweeps: Pick<SweepRunner, 'sweepAndWait'>;
  /** The emails sent, only those to any of `to` when given (`GET /local/outbox?to=…&to=…`). */
  outbox: (to?: readonly string[]) => Promise<OutboxEmail[]>;
  /**
   * Moves the clock as time passing would: the work in flight ends and the SES events of emails already
   * accepted are delivered first, and nothing runs across the jump, so no claim of an email being sent
   * expires while it is in flight. Moves it at once when not given.
   */
  clockMove?: (move: () => Promise<void>) => Promise<void>;
  /** Rotates the link secret as Secrets Manager's schedule would, and answers the key ids it now holds. */
  rotateLinkSecret?: () => Promise<LinkSecretRotated>;
}

export interface LinkSecretRotated {
  versionId: string;
  currentKeyId: string;
  previousKeyId?: string;
}

const tokenRequestSchema = z
  .object({
    role: z.enum(devRoles, { error: 'The role must be hr or manager' }),
    email: z.email({ error: 'Enter an email address, like hr@example.org' }).max(254),
  })
  .strict();

const clockRequestSchema = z.union([
  z
    .object({
      advanceDays: z.number().int().min(0, 'advanceDays must be 0 or more: the clock only moves forward'),
    })
    .strict(),
  z.object({ to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD') }).strict(),
]);

function fieldErrors(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The body as JSON, or a 400 answer explaining why it is not. */
function jsonBody(request: LocalRequest): { value: unknown } | { problem: OutgoingResponse } {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return { problem: problemAnswer(415, 'Send the body as application/json') };
  }
  try {
    return { value: JSON.parse(request.body.toString('utf8')) };
  } catch {
    return { problem: problemAnswer(400, 'The body is not valid JSON') };
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The dev sign-in's own session (Cognito's hosted UI keeps one too): lets a second sign-in skip the form. */
const devSessionCookieName = 'td_dev_sign_in';

function devSessionCookie(value: string, maxAgeSeconds: number): string {
  return `${devSessionCookieName}=${value}; Path=/local; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

function cookieOf(request: LocalRequest, name: string): string | undefined {
  for (const pair of request.headers.cookie?.split(';') ?? []) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function redirectAnswer(location: string, cookies: string[] = []): OutgoingResponse {
  return {
    statusCode: 303,
    headers: [
      ['location', location],
      ['cache-control', 'no-store'],
      ...cookies.map((cookie): [string, string] => ['set-cookie', cookie]),
    ],
    body: Buffer.alloc(0),
  };
}

function refusedPage(message: string): OutgoingResponse {
  return {
    statusCode: 400,
    headers: [
      ['content-type', 'text/html; charset=utf-8'],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Error: Sign in (local) – Transfer Desk</title></head>\n` +
        `<body><main><h1>This sign-in request cannot be used</h1><p>${escapeHtml(message)}</p></main></body></html>\n`,
      'utf8',
    ),
  };
}

/**
 * A plain page to pick a role and address: for an authorization request from the dashboard (its parameters
 * go back as hidden fields), or for someone sent here without them (then only where to return to).
 */
function signInPage(hidden: Array<[string, string]>, email: string, error?: string): OutgoingResponse {
  const roleLabels: Record<DevRole, string> = { hr: 'HR team', manager: 'Manager' };
  const radios = devRoles
    .map(
      (role, index) =>
        `<div><input type="radio" id="role-${role}" name="role" value="${role}"${index === 0 ? ' checked' : ''}>` +
        ` <label for="role-${role}">${roleLabels[role]}</label></div>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${error ? 'Error: ' : ''}Sign in (local) – Transfer Desk</title></head>
<body>
<main>
<h1>Sign in to Transfer Desk (local stack)</h1>
<p>This dev sign-in exists only on the local stack. In AWS, people sign in with Amazon Cognito.</p>
${error ? `<p role="alert"><strong>There is a problem:</strong> ${escapeHtml(error)}</p>` : ''}
<form method="get" action="${devSignInPath}">
<fieldset><legend>Role</legend>
${radios}
</fieldset>
<p><label for="email">Email address</label><br>
<input type="email" id="email" name="email" autocomplete="email" spellcheck="false" value="${escapeHtml(email)}" required></p>
${hidden.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n')}
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
  return {
    statusCode: error ? 400 : 200,
    headers: [
      ['content-type', 'text/html; charset=utf-8'],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(html, 'utf8'),
  };
}

export function localRoutes({
  tokens,
  provider,
  clock,
  sweeps,
  outbox,
  clockMove = (move) => move(),
  rotateLinkSecret,
}: LocalRouteDependencies): ApiRoute[] {
  const local = (method: string, path: string, handle: LocalRouteHandler): ApiRoute => ({
    method,
    path,
    target: { kind: 'local', handle },
  });

  const nowAnswer = () => jsonAnswer(200, { now: clock.now().toISOString() });

  /** The authorization endpoint: the form, or (signed in, or already signed in here) back with a code. */
  const authorize = (
    request: LocalRequest,
    authorization: AuthorizationRequest,
    role: string | null,
    email: string,
  ): OutgoingResponse => {
    if (role === null) {
      const session = provider.sessionOf(cookieOf(request, devSessionCookieName));
      if (session && !authorization.forceSignIn) {
        return redirectAnswer(provider.grant(authorization, session.role, session.email));
      }
      return signInPage(authorization.parameters, email);
    }
    const parsed = tokenRequestSchema.safeParse({ role, email });
    if (!parsed.success) {
      return signInPage(
        authorization.parameters,
        email,
        parsed.error.issues[0]?.message ?? 'Check the role and email',
      );
    }
    const session = provider.startSession(parsed.data.role, parsed.data.email);
    return redirectAnswer(provider.grant(authorization, parsed.data.role, parsed.data.email), [
      devSessionCookie(session, sessionLifetimeSeconds),
    ]);
  };

  return [
    local('POST', '/local/token', async (request) => {
      const body = jsonBody(request);
      if ('problem' in body) return body.problem;
      const parsed = tokenRequestSchema.safeParse(body.value);
      if (!parsed.success) {
        return problemAnswer(400, 'Send {"role":"hr"|"manager","email":"…"}', {
          errors: fieldErrors(parsed.error),
        });
      }
      return jsonAnswer(200, { token: await tokens.issue(parsed.data.role, parsed.data.email) });
    }),

    local('GET', devSignInPath, async (request) => {
      const role = request.query.get('role');
      const email = request.query.get('email') ?? '';
      // With response_type, this is the authorization endpoint; without, a direct sign-in for printed links.
      if (request.query.has('response_type')) {
        const check = provider.checkAuthorization(request.query);
        if (check.kind === 'refused') return refusedPage(check.message);
        if (check.kind === 'error-redirect') return redirectAnswer(check.location);
        return authorize(request, check.request, role, email);
      }
      const returnTo = safeReturnPath(request.query.get('returnTo'));
      if (role === null) return signInPage([['returnTo', returnTo]], email);
      const parsed = tokenRequestSchema.safeParse({ role, email });
      if (!parsed.success) {
        return signInPage(
          [['returnTo', returnTo]],
          email,
          parsed.error.issues[0]?.message ?? 'Check the role and email',
        );
      }
      const token = await tokens.issue(parsed.data.role, parsed.data.email);
      return redirectAnswer(returnTo, [
        `${sessionCookieName}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessionLifetimeSeconds}`,
      ]);
    }),

    local('POST', '/local/auth/oauth2/token', async (request) => {
      const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/x-www-form-urlencoded') {
        return jsonAnswer(400, {
          error: 'invalid_request',
          error_description: 'Send the body as application/x-www-form-urlencoded',
        });
      }
      const answer = await provider.token(new URLSearchParams(request.body.toString('utf8')));
      return jsonAnswer(answer.status, answer.body, [['pragma', 'no-cache']]);
    }),

    local('GET', '/local/auth/logout', async (request) => {
      const outcome = provider.logout(request.query, cookieOf(request, devSessionCookieName));
      if ('refused' in outcome) return refusedPage(outcome.refused);
      return redirectAnswer(outcome.location, [devSessionCookie('', 0)]);
    }),

    local('GET', '/local/auth/.well-known/jwks.json', async () =>
      jsonAnswer(200, tokens.jwks(), [['cache-control', 'max-age=300']]),
    ),

    local('GET', '/local/auth/.well-known/openid-configuration', async () =>
      jsonAnswer(200, tokens.openidConfiguration(), [['cache-control', 'max-age=300']]),
    ),

    local('GET', '/local/clock', async () => nowAnswer()),

    local('POST', '/local/clock', async (request) => {
      const body = jsonBody(request);
      if ('problem' in body) return body.problem;
      const parsed = clockRequestSchema.safeParse(body.value);
      if (!parsed.success) {
        return problemAnswer(400, 'Send {"advanceDays": n} with n of 0 or more, or {"to": "YYYY-MM-DD"}', {
          errors: fieldErrors(parsed.error),
        });
      }
      try {
        await clockMove(async () => {
          if ('to' in parsed.data) await clock.moveTo(parsed.data.to);
          else await clock.advanceDays(parsed.data.advanceDays);
        });
      } catch (error) {
        if (error instanceof ClockMoveError) return problemAnswer(error.status, error.message);
        throw error;
      }
      await sweeps.sweepAndWait();
      return nowAnswer();
    }),

    local('POST', '/local/sweep', async () => jsonAnswer(200, await sweeps.sweepAndWait())),

    local('GET', '/local/outbox', async (request) =>
      jsonAnswer(200, { emails: await outbox(request.query.getAll('to')) }),
    ),

    ...(rotateLinkSecret
      ? [
          local('POST', '/local/rotate-link-secret', async () => {
            try {
              return jsonAnswer(200, await rotateLinkSecret());
            } catch (error) {
              return problemAnswer(409, `The link secret was not rotated: ${(error as Error).message}`);
            }
          }),
        ]
      : []),
  ];
}
