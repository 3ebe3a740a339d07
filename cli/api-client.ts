/**
 * A small client of the HTTP contract (DESIGN §6) over a given `fetch`. A non-2xx answer becomes an
 * ApiProblemError carrying the problem+json, or a problem made from whatever else the server said.
 */
import { STATUS_CODES } from 'node:http';

export type Fetch = typeof fetch;

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiProblemError extends Error {
  override readonly name = 'ApiProblemError';
  readonly status: number;
  readonly problem: Problem;

  constructor(method: string, path: string, problem: Problem) {
    super(`${method} ${path} answered ${problem.status} ${problem.title}`);
    this.status = problem.status;
    this.problem = problem;
  }
}

export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';

  constructor(baseUrl: string, cause: unknown) {
    super(`Could not reach ${baseUrl}${reasonOf(cause)}`, { cause });
  }
}

function reasonOf(cause: unknown): string {
  // undici puts the useful part (ECONNREFUSED, ENOTFOUND) on the cause of its "fetch failed".
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error && 'code' in inner && typeof inner.code === 'string') return ` (${inner.code})`;
  return inner instanceof Error ? ` (${inner.message})` : '';
}

export interface TransferSummary {
  id: string;
  name: string;
  status: string;
  transferDate: string;
  counts: Record<string, number>;
}

export interface TransferDetail extends TransferSummary {
  transferor: string;
  transferee: string;
  total: number;
  elections: Record<string, number>;
  pension: {
    options: Array<{ code: string; label: string }>;
    defaultOption: string;
    electionClosesOn: string;
  };
  milestones: Array<{ kind: string; dueOn: string; status: string }>;
  [field: string]: unknown;
}

/** `GET /api/transfers/{id}/evidence/verify`: the audit chain recomputed, and the evidence packs made. */
export interface EvidenceVerification {
  intact: boolean;
  events: number;
  unchained: number;
  head: { seq: number; hash: string } | null;
  brokenAt?: { seq: number; at?: string; action?: string; reason: string };
  packs: Array<{ at: string; by: string; format: string; sha256: string; contentSha256: string }>;
}

export interface ApiClientOptions {
  baseUrl: string;
  fetch: Fetch;
  /** The bearer token for /api routes, asked for only when one is needed. */
  token: () => Promise<string>;
}

interface RequestOptions {
  json?: unknown;
  csv?: string;
  authorised?: boolean;
}

const longestDetail = 300;

/** HTTP/2 and some proxies send no reason phrase: fall back to the standard one. */
const titleOf = (status: number, statusText: string) =>
  statusText || STATUS_CODES[status] || `HTTP ${status}`;

/** The problem in an error answer: problem+json as sent, anything else summarised (never a whole page). */
export function problemOf(status: number, statusText: string, contentType: string, body: string): Problem {
  if (contentType.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) {
        const fields = parsed as Record<string, unknown>;
        const errors = Array.isArray(fields.errors)
          ? fields.errors.filter(
              (error): error is FieldError =>
                typeof error?.path === 'string' && typeof error?.message === 'string',
            )
          : undefined;
        const detail = typeof fields.detail === 'string' ? fields.detail : fields.message;
        return {
          ...(typeof fields.type === 'string' ? { type: fields.type } : {}),
          title: typeof fields.title === 'string' ? fields.title : titleOf(status, statusText),
          status,
          ...(typeof detail === 'string' ? { detail } : {}),
          ...(errors && errors.length > 0 ? { errors } : {}),
        };
      }
    } catch {
      // Not JSON after all: described below like any other body.
    }
  }
  const text = contentType.includes('html') ? '' : body.trim();
  return {
    title: titleOf(status, statusText),
    status,
    ...(text === ''
      ? {}
      : { detail: text.length > longestDetail ? `${text.slice(0, longestDetail)}…` : text }),
  };
}

export function createApiClient({ baseUrl, fetch, token }: ApiClientOptions) {
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.authorised !== false) headers.authorization = `Bearer ${await token()}`;
    let body: string | undefined;
    if (options.csv !== undefined) {
      headers['content-type'] = 'text/csv; charset=utf-8';
      body = options.csv;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      throw new ApiUnreachableError(baseUrl, error);
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      throw new ApiProblemError(
        method,
        path,
        problemOf(response.status, response.statusText, contentType, text),
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  const transferPath = (id: string, rest = '') => `/api/transfers/${encodeURIComponent(id)}${rest}`;
  const personPath = (id: string, employeeNumber: string, rest = '') =>
    transferPath(id, `/staff/${encodeURIComponent(employeeNumber)}${rest}`);

  return {
    listTransfers: async () => (await request<{ items: TransferSummary[] }>('GET', '/api/transfers')).items,
    createTransfer: (input: unknown) => request<TransferDetail>('POST', '/api/transfers', { json: input }),
    getTransfer: (id: string) => request<TransferDetail>('GET', transferPath(id)),
    importStaffCsv: (id: string, csv: string) =>
      request<{ added: number; total: number }>('POST', transferPath(id, '/staff'), { csv }),
    launchTransfer: (id: string) =>
      request<{ id: string; status: string }>('POST', transferPath(id, '/launch'), { json: {} }),
    moveDates: (id: string, dates: { transferDate?: string; electionClosesOn?: string }) =>
      request<TransferDetail>('PATCH', transferPath(id), { json: dates }),
    cancelTransfer: (id: string) =>
      request<TransferDetail>('POST', transferPath(id, '/cancel'), { json: {} }),
    recordObjection: (id: string, employeeNumber: string, input: { receivedOn: string; note?: string }) =>
      request<{ employeeNumber: string; status: string }>(
        'POST',
        personPath(id, employeeNumber, '/objection'),
        {
          json: input,
        },
      ),
    verifyEvidence: (id: string) =>
      request<EvidenceVerification>('GET', transferPath(id, '/evidence/verify')),
    resendLink: (id: string, employeeNumber: string) =>
      request<{ employeeNumber: string; email: string }>('POST', personPath(id, employeeNumber, '/resend')),
    localToken: (role: 'hr' | 'manager', email: string) =>
      request<{ token: string }>('POST', '/local/token', { json: { role, email }, authorised: false }),
    localClock: () => request<{ now: string }>('GET', '/local/clock', { authorised: false }),
    moveLocalClock: (move: { advanceDays: number } | { to: string }) =>
      request<{ now: string }>('POST', '/local/clock', { json: move, authorised: false }),
    localSweep: () => request<{ started: number }>('POST', '/local/sweep', { authorised: false }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
