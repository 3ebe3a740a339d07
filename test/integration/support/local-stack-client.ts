/** Talks to the local stack the way HR, staff and a clock-moving tester would: over HTTP only. */
import { inject } from 'vitest';

export interface OutboxEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: string;
  /** Files attached (CSV decoded as UTF-8 text); absent when there are none. */
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function tokenFor(role: 'hr' | 'manager', email: string): Promise<string> {
  const response = await fetch(`${baseUrl()}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, email }),
  });
  if (response.status !== 200) throw new Error(`POST /local/token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export function api(token: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: isJson && text ? JSON.parse(text) : undefined,
    };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, contentType?: string) => call('POST', path, body ?? {}, contentType),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    raw: call,
  };
}

export async function localToday(): Promise<string> {
  const response = await fetch(`${baseUrl()}/local/clock`);
  const { now } = (await response.json()) as { now: string };
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(now));
}

export async function moveClockTo(date: string): Promise<void> {
  const response = await fetch(`${baseUrl()}/local/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: date }),
  });
  if (response.status !== 200)
    throw new Error(`POST /local/clock answered ${response.status}: ${await response.text()}`);
}

export async function sweep(): Promise<number> {
  const response = await fetch(`${baseUrl()}/local/sweep`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`POST /local/sweep answered ${response.status}`);
  return ((await response.json()) as { started: number }).started;
}

/** Every email the shared stack sent, or only those to one of `to`: the whole run's outbox is megabytes. */
export async function outbox(...to: string[]): Promise<OutboxEmail[]> {
  const query = new URLSearchParams(to.map((address) => ['to', address]));
  const response = await fetch(`${baseUrl()}/local/outbox${to.length > 0 ? `?${query}` : ''}`);
  return ((await response.json()) as { emails: OutboxEmail[] }).emails;
}

/** Polls until `check` answers a value, or fails after the deadline with what it saw last. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  deadlineMs = 120_000,
  everyMs = 250,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return moved.toISOString().slice(0, 10);
}

/** The one personal link to `/forms/{flow}/…` in an email (pension, consultation, nomination, ballot…). */
export function formLinkIn(email: OutboxEmail, flow: string): string {
  const match = email.text.match(new RegExp(`https?://\\S+/forms/${flow}/[A-Za-z0-9_.-]*[A-Za-z0-9_-]`));
  if (!match) throw new Error(`No ${flow} link in the email "${email.subject}"`);
  return match[0];
}

/** The personal pension link in an invitation email. */
export function pensionLinkIn(email: OutboxEmail): string {
  return formLinkIn(email, 'pension');
}

/** Opens a form page and answers the cookies and the hidden _csrf value a browser would send back. */
export async function openForm(
  url: string,
): Promise<{ status: number; cookie: string; csrf: string; html: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  return { status: response.status, cookie, csrf, html };
}

export async function submitForm(
  url: string,
  fields: Record<string, string>,
  cookie: string,
): Promise<{ status: number; location: string | null; html: string }> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/**
 * Answers a link form as a browser would: its start page first (for the cookies and `_csrf`), then the final
 * submission with every answer, as DESIGN §6 lets a client make it directly.
 */
export async function answerLinkForm(
  link: string,
  fields: Record<string, string>,
): Promise<{ status: number; location: string | null; html: string }> {
  const form = await openForm(link);
  if (form.status !== 200) throw new Error(`${link} answered ${form.status}: ${form.html.slice(0, 300)}`);
  return submitForm(`${link}/confirm`, { ...fields, _csrf: form.csrf }, form.cookie);
}
