/**
 * Transfer Desk over HTTP for the chaos scenario and the crash tests: HR's API, the local routes and the
 * pension form, with the base URL given (the stack may be a child process that is killed and restarted).
 * Calls that meet the stack down or busy (no connection, 502/503) are tried again until a deadline:
 * only where doing so twice is harmless (reads, the launch, the clock, the sweep, a form's choice).
 */

export interface OutboxEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

export interface CallAnswer {
  status: number;
  text: string;
  headers: Headers;
  json: unknown;
}

export class UnexpectedAnswerError extends Error {
  override name = 'UnexpectedAnswerError';
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function londonDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(instant);
}

/** The personal pension link in an invitation email. */
export function pensionLinkIn(email: OutboxEmail): string | undefined {
  return email.text.match(/https?:\/\/\S+\/forms\/pension\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/)?.[0];
}

export function deskClient(baseUrlOf: () => string, options: { retryForMs?: number } = {}) {
  const retryForMs = options.retryForMs ?? 120_000;

  const once = async (
    method: string,
    path: string,
    init: RequestInit = {},
    timeoutMs = 120_000,
  ): Promise<CallAnswer> => {
    const response = await fetch(`${baseUrlOf()}${path}`, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      ...init,
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      text,
      headers: response.headers,
      json: isJson && text ? JSON.parse(text) : undefined,
    };
  };

  /** Tries again while the stack is down or answers 502/503 (an outage), until the deadline. */
  const retrying = async (
    method: string,
    path: string,
    init: RequestInit = {},
    timeoutMs?: number,
  ): Promise<CallAnswer> => {
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await once(method, path, init, timeoutMs);
        if ((answer.status !== 503 && answer.status !== 502) || Date.now() > deadline) return answer;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await pause(Math.min(2_000, 100 * 2 ** attempt));
    }
  };

  const expectStatus = (answer: CallAnswer, expected: number[], what: string): CallAnswer => {
    if (!expected.includes(answer.status)) {
      throw new UnexpectedAnswerError(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    return answer;
  };

  const jsonBody = (body: unknown, token?: string): RequestInit => ({
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

  return {
    once,
    retrying,

    async token(role: 'hr' | 'manager', email: string): Promise<string> {
      const answer = expectStatus(
        await retrying('POST', '/local/token', jsonBody({ role, email })),
        [200],
        'POST /local/token',
      );
      return (answer.json as { token: string }).token;
    },

    async today(): Promise<string> {
      const answer = expectStatus(await retrying('GET', '/local/clock'), [200], 'GET /local/clock');
      return londonDate(new Date((answer.json as { now: string }).now));
    },

    async moveClockTo(date: string): Promise<void> {
      expectStatus(
        // The stack waits up to five minutes for SES events still queued before it moves the clock.
        await retrying('POST', '/local/clock', jsonBody({ to: date }), 360_000),
        [200],
        `POST /local/clock ${date}`,
      );
    },

    async sweep(): Promise<number> {
      const answer = expectStatus(await retrying('POST', '/local/sweep'), [200], 'POST /local/sweep');
      return (answer.json as { started: number }).started;
    },

    async outbox(): Promise<OutboxEmail[]> {
      const answer = expectStatus(await retrying('GET', '/local/outbox'), [200], 'GET /local/outbox');
      return (answer.json as { emails: OutboxEmail[] }).emails;
    },

    async get(token: string, path: string): Promise<CallAnswer> {
      return expectStatus(await retrying('GET', path, bearer(token)), [200], `GET ${path}`);
    },

    async post(token: string, path: string, body: unknown, expected: number[]): Promise<CallAnswer> {
      return expectStatus(await once('POST', path, jsonBody(body, token)), expected, `POST ${path}`);
    },

    async postRetrying(token: string, path: string, body: unknown, expected: number[]): Promise<CallAnswer> {
      return expectStatus(await retrying('POST', path, jsonBody(body, token)), expected, `POST ${path}`);
    },

    async patch(token: string, path: string, body: unknown, expected: number[]): Promise<CallAnswer> {
      const init: RequestInit = { ...jsonBody(body, token) };
      return expectStatus(await retrying('PATCH', path, init), expected, `PATCH ${path}`);
    },

    async postCsv(token: string, path: string, csv: string): Promise<CallAnswer> {
      return once('POST', path, {
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
        body: csv,
      });
    },

    /** Opens the pension form and answers the cookies and _csrf a browser would send back. */
    async openForm(link: string): Promise<{ status: number; cookie: string; csrf: string }> {
      const path = new URL(link).pathname;
      const response = await retrying('GET', path);
      const cookie = response.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .join('; ');
      return {
        status: response.status,
        cookie,
        csrf: response.text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '',
      };
    },

    async submitForm(link: string, fields: Record<string, string>, cookie: string): Promise<CallAnswer> {
      return once('POST', `${new URL(link).pathname}/confirm`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(fields).toString(),
      });
    },
  };
}

export type DeskClient = ReturnType<typeof deskClient>;
