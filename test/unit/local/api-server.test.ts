import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiServer,
  type InvokeHttpFunction,
  jsonAnswer,
  PortInUseError,
  startApiServer,
} from '../../../infra/local/api-server.ts';
import { freeLoopbackPort } from '../../../infra/local/free-port.ts';

interface Invocation {
  functionName: string;
  event: Record<string, unknown>;
}

describe('Function: startApiServer', () => {
  let server: ApiServer;
  let base: string;
  let port: number;
  let logs: string[];
  let invocations: Invocation[];
  let answer: (event: Record<string, unknown>) => unknown;

  const invoke: InvokeHttpFunction = async (functionName, event) => {
    invocations.push({ functionName, event: event as Record<string, unknown> });
    return answer(event as Record<string, unknown>);
  };

  beforeEach(async () => {
    logs = [];
    invocations = [];
    answer = () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
    port = await freeLoopbackPort();
    base = `http://127.0.0.1:${port}`;
    server = await startApiServer({ port, invoke, log: (line) => logs.push(line) });
  });

  afterEach(async () => {
    await server.close();
  });

  const withRoutes = () =>
    server.setRoutes([
      {
        method: 'GET',
        path: '/local/ping',
        target: { kind: 'local', handle: async () => jsonAnswer(200, { pong: true }) },
      },
      {
        method: 'GET',
        path: '/api/transfers/{id}',
        target: { kind: 'function', functionName: 'get-transfer' },
      },
      {
        method: 'POST',
        path: '/api/transfers/{id}/staff',
        target: { kind: 'function', functionName: 'import-staff' },
      },
      {
        method: 'GET',
        path: '/assets/{proxy+}',
        target: { kind: 'function', functionName: 'static-assets' },
      },
    ]);

  it('answers 503 until its routes are set', async () => {
    // Act
    const early = await fetch(`${base}/local/ping`);
    withRoutes();
    const later = await fetch(`${base}/local/ping`);

    // Assess
    expect(early.status).toBe(503);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ pong: true });
  });

  it('invokes the route’s function with an API Gateway event and writes its answer, cookies and all', async () => {
    // Prepare
    withRoutes();
    answer = () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-note': 'made' },
      cookies: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'],
      body: '{"added":1}',
    });

    // Act
    const response = await fetch(`${base}/api/transfers/t-9/staff?dryRun=no`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: 'td_session=s1' },
      body: 'employeeNumber\nE1\n',
    });

    // Assess
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ added: 1 });
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.functionName).toBe('import-staff');
    expect(invocations[0]?.event).toMatchObject({
      routeKey: 'POST /api/transfers/{id}/staff',
      pathParameters: { id: 't-9' },
      queryStringParameters: { dryRun: 'no' },
      cookies: ['td_session=s1'],
      body: 'employeeNumber\nE1\n',
      isBase64Encoded: false,
    });
  });

  it('decodes a base64 answer and names a greedy variable proxy', async () => {
    // Prepare
    withRoutes();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    answer = () => ({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });

    // Act
    const response = await fetch(`${base}/assets/images/logo.png`);

    // Assess
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    expect(invocations[0]?.event.pathParameters).toEqual({ proxy: 'images/logo.png' });
  });

  it('answers an unknown route with 404 problem+json and a crash with a 500 that hides the error', async () => {
    // Prepare
    withRoutes();
    answer = () => {
      throw new Error('secret detail about jo@example.org');
    };

    // Act
    const missing = await fetch(`${base}/api/nowhere`);
    const wrongMethod = await fetch(`${base}/api/transfers/t-1`, { method: 'DELETE' });
    const crashed = await fetch(`${base}/api/transfers/t-1`);
    const crashedText = await crashed.text();

    // Assess
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(wrongMethod.status).toBe(404);
    expect(crashed.status).toBe(500);
    expect(crashed.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(crashedText)).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(crashedText).not.toContain('jo@example.org');
  });

  it('refuses a body over 10 MB with 413 problem+json without invoking anything', async () => {
    // Prepare
    withRoutes();

    // Act
    const response = await fetch(`${base}/api/transfers/t-1/staff`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, type: 'about:blank' });
    expect(invocations).toHaveLength(0);
  });

  it('answers HEAD with the GET route’s headers and no body', async () => {
    // Prepare
    withRoutes();

    // Act
    const status = await new Promise<{ code: number; length: string | undefined; body: string }>(
      (resolve, reject) => {
        const head = httpRequest(`${base}/api/transfers/t-1`, { method: 'HEAD' }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            body += chunk.toString('utf8');
          });
          response.on('end', () =>
            resolve({ code: response.statusCode ?? 0, length: response.headers['content-length'], body }),
          );
        });
        head.on('error', reject);
        head.end();
      },
    );

    // Assess
    expect(status).toEqual({ code: 200, length: '2', body: '' });
    expect(invocations[0]?.event.routeKey).toBe('GET /api/transfers/{id}');
  });

  it('logs the route key, status and duration only: never the path’s values, the query or the body', async () => {
    // Prepare
    withRoutes();

    // Act
    await fetch(`${base}/api/transfers/E12345?email=jo%40example.org`);
    await fetch(`${base}/forms/pension/secret-token`);

    // Assess
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^GET \/api\/transfers\/\{id\} 200 \d+ms$/);
    expect(logs[1]).toMatch(/^GET \(no route\) 404 \d+ms$/);
  });

  it('fails with PortInUseError when its port is taken', async () => {
    // Act
    const second = startApiServer({ port, invoke, log: () => undefined });

    // Assess
    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    await expect(second).rejects.toThrow(`Port ${port} is already in use`);
  });
});
