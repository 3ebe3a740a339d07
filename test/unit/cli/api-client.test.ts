import { describe, expect, it, vi } from 'vitest';
import {
  ApiProblemError,
  ApiUnreachableError,
  createApiClient,
  type Fetch,
  problemOf,
} from '../../../cli/api-client.ts';

const baseUrl = 'https://api.example.org';

function answering(status: number, body: string, contentType = 'application/json') {
  return vi.fn<Fetch>(async () => new Response(body, { status, headers: { 'content-type': contentType } }));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail');
}

describe('Function: createApiClient', () => {
  it('sends a chunk as text/csv with the bearer token and answers the counts', async () => {
    // Prepare
    const fetch = answering(200, '{"added":2,"total":7}');
    const api = createApiClient({ baseUrl, fetch, token: async () => 'secret-token' });

    // Act
    const answer = await api.importStaffCsv('T/1', 'employeeNumber\nE1\nE2\n');

    // Assess
    expect(answer).toEqual({ added: 2, total: 7 });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://api.example.org/api/transfers/T%2F1/staff');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'content-type': 'text/csv; charset=utf-8',
    });
    expect(init?.body).toBe('employeeNumber\nE1\nE2\n');
  });

  it('throws the problem+json of a 422 with each field error', async () => {
    // Prepare
    const problem = {
      type: 'tag:transfer-desk,2025:problem:validation',
      title: 'Unprocessable Content',
      status: 422,
      detail: '1 row has errors; nothing was added',
      errors: [{ path: 'staff[0].email', message: 'Enter the email address' }],
    };
    const fetch = answering(422, JSON.stringify(problem), 'application/problem+json; charset=utf-8');
    const api = createApiClient({ baseUrl, fetch, token: async () => 't' });

    // Act
    const error = await rejectionOf(api.importStaffCsv('T1', 'x'));

    // Assess
    expect(error).toBeInstanceOf(ApiProblemError);
    expect((error as ApiProblemError).status).toBe(422);
    expect((error as ApiProblemError).problem).toEqual(problem);
  });

  it('asks for no token on the local-only routes', async () => {
    // Prepare
    const fetch = answering(200, '{"now":"2026-03-20T10:30:00.000Z"}');
    const token = vi.fn(async () => 't');
    const api = createApiClient({ baseUrl: 'http://localhost:3000', fetch, token });

    // Act
    await api.moveLocalClock({ advanceDays: 0 });

    // Assess
    expect(token).not.toHaveBeenCalled();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://localhost:3000/local/clock');
    expect(init?.headers).not.toHaveProperty('authorization');
    expect(init?.body).toBe('{"advanceDays":0}');
  });

  it('throws ApiUnreachableError naming the URL and the network code when fetch fails', async () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3000'), { code: 'ECONNREFUSED' });
    const fetch = vi.fn<Fetch>(async () => {
      throw new TypeError('fetch failed', { cause: refused });
    });
    const api = createApiClient({ baseUrl: 'http://localhost:3000', fetch, token: async () => 't' });

    // Act
    const error = await rejectionOf(api.listTransfers());

    // Assess
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect((error as Error).message).toBe('Could not reach http://localhost:3000 (ECONNREFUSED)');
  });
});

describe('Function: problemOf', () => {
  it("makes a problem of API Gateway's own JSON answer", () => {
    // Act
    const problem = problemOf(401, 'Unauthorized', 'application/json', '{"message":"Unauthorized"}');

    // Assess
    expect(problem).toEqual({ title: 'Unauthorized', status: 401, detail: 'Unauthorized' });
  });

  it('keeps a short text body as the detail and leaves an HTML page out', () => {
    // Act
    const text = problemOf(502, 'Bad Gateway', 'text/plain', 'upstream timed out');
    const html = problemOf(404, 'Not Found', 'text/html', '<html><body>Not found</body></html>');
    const long = problemOf(500, '', 'text/plain', 'x'.repeat(1000));

    // Assess
    expect(text).toEqual({ title: 'Bad Gateway', status: 502, detail: 'upstream timed out' });
    expect(html).toEqual({ title: 'Not Found', status: 404 });
    expect(long.title).toBe('Internal Server Error');
    expect(long.detail).toHaveLength(301);
  });

  it('drops field errors that are not {path, message}', () => {
    // Act
    const problem = problemOf(
      422,
      'Unprocessable Content',
      'application/problem+json',
      JSON.stringify({
        title: 'Unprocessable Content',
        status: 422,
        errors: [{ path: 'name' }, null, { path: 'a', message: 'b' }],
      }),
    );

    // Assess
    expect(problem.errors).toEqual([{ path: 'a', message: 'b' }]);
  });
});
