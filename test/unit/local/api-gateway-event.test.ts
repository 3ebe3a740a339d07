import { describe, expect, it } from 'vitest';
import {
  apiGatewayEvent,
  httpResponseOf,
  type IncomingRequest,
  InvalidFunctionResultError,
  isTextualContentType,
} from '../../../infra/local/api-gateway-event.ts';
import type { RouteMatch } from '../../../infra/local/route-table.ts';

const receivedAt = new Date('2026-03-12T19:03:58.123Z');

function request(overrides: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    method: 'POST',
    url: '/api/transfers/t-1/staff?status=invited&tag=a&tag=b&name=Jo%20Smith',
    rawHeaders: [
      'Host',
      'localhost:3000',
      'Content-Type',
      'application/json',
      'Accept',
      'text/html',
      'accept',
      'application/json',
      'Cookie',
      'td_session=abc; theme=dark',
      'User-Agent',
      'vitest',
    ],
    body: Buffer.from('{"staff":[]}'),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    requestId: 'req-1',
    receivedAt,
    ...overrides,
  };
}

const match: RouteMatch<unknown> = {
  route: { method: 'POST', path: '/api/transfers/{id}/staff', target: undefined },
  routeKey: 'POST /api/transfers/{id}/staff',
  pathParameters: { id: 't-1' },
};

describe('Function: apiGatewayEvent', () => {
  it('builds a payload 2.0 event with the route key, raw path, query and path parameters', () => {
    // Act
    const event = apiGatewayEvent(request(), match);

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/transfers/{id}/staff',
      rawPath: '/api/transfers/t-1/staff',
      rawQueryString: 'status=invited&tag=a&tag=b&name=Jo%20Smith',
      queryStringParameters: { status: 'invited', tag: 'a,b', name: 'Jo Smith' },
      pathParameters: { id: 't-1' },
      isBase64Encoded: false,
      body: '{"staff":[]}',
    });
    expect(event.requestContext).toEqual({
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/api/transfers/t-1/staff',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: 'POST /api/transfers/{id}/staff',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: receivedAt.getTime(),
    });
  });

  it('lower-cases header names, joins repeated headers with commas and moves cookies out of the headers', () => {
    // Act
    const event = apiGatewayEvent(request(), match);

    // Assess
    expect(event.headers).toMatchObject({
      host: 'localhost:3000',
      'content-type': 'application/json',
      accept: 'text/html,application/json',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': '3000',
      'x-forwarded-for': '127.0.0.1',
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.cookies).toEqual(['td_session=abc', 'theme=dark']);
  });

  it('base64-encodes a body whose content type is not textual', () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0x00, 0x10, 0x80]);

    // Act
    const event = apiGatewayEvent(
      request({ rawHeaders: ['Content-Type', 'application/octet-stream'], body: bytes }),
      match,
    );

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('leaves out the body, cookies, query and path parameters when there are none', () => {
    // Act
    const event = apiGatewayEvent(
      request({
        method: 'GET',
        url: '/health',
        rawHeaders: ['Host', 'localhost:3000'],
        body: Buffer.alloc(0),
      }),
      {
        route: { method: 'GET', path: '/health', target: undefined },
        routeKey: 'GET /health',
        pathParameters: {},
      },
    );

    // Assess
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.rawQueryString).toBe('');
  });

  it('decodes the path as HTTP APIs pass it to the function', () => {
    // Act
    const event = apiGatewayEvent(request({ url: '/forms/pension/abc%2Ddef/check%20answers' }), match);

    // Assess
    expect(event.rawPath).toBe('/forms/pension/abc-def/check answers');
  });

  it('passes a textual body that is not UTF-8 base64-encoded, so its bytes are not replaced', () => {
    // Act
    const event = apiGatewayEvent(request({ body: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]) }), match);

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
  });
});

describe('Function: isTextualContentType', () => {
  it('treats text, JSON, forms and XML as text and the rest as binary', () => {
    // Act, Assess
    for (const type of [
      'text/csv; charset=utf-8',
      'application/json',
      'application/problem+json',
      'application/x-www-form-urlencoded',
      'application/xml',
    ]) {
      expect(isTextualContentType(type), type).toBe(true);
    }
    for (const type of ['application/pdf', 'image/png', 'multipart/form-data; boundary=x', undefined]) {
      expect(isTextualContentType(type), String(type)).toBe(false);
    }
  });
});

describe('Function: httpResponseOf', () => {
  it('writes status, lower-cased headers, one set-cookie per cookie and the body', () => {
    // Act
    const response = httpResponseOf({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: '{"id":"t-1"}',
    });

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual([
      ['content-type', 'application/json'],
      ['x-count', '3'],
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2; HttpOnly'],
    ]);
    expect(response.body.toString('utf8')).toBe('{"id":"t-1"}');
  });

  it('decodes a base64 body', () => {
    // Act
    const response = httpResponseOf({
      statusCode: 200,
      body: Buffer.from('%PDF').toString('base64'),
      isBase64Encoded: true,
    });

    // Assess
    expect(response.body.toString('utf8')).toBe('%PDF');
  });

  it('answers a string, or an object without statusCode, as a 200 JSON body', () => {
    // Act
    const text = httpResponseOf('Hello from Lambda!');
    const object = httpResponseOf({ message: 'Hello' });

    // Assess
    expect(text).toEqual({
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from('Hello from Lambda!'),
    });
    expect(object.body.toString('utf8')).toBe('{"message":"Hello"}');
  });

  it('refuses a result API Gateway could not send', () => {
    // Act, Assess
    expect(() => httpResponseOf({ statusCode: 'ok' })).toThrow(InvalidFunctionResultError);
    expect(() => httpResponseOf({ statusCode: 99 })).toThrow(InvalidFunctionResultError);
    expect(() => httpResponseOf({ statusCode: 200, body: { not: 'a string' } })).toThrow(
      InvalidFunctionResultError,
    );
    expect(() => httpResponseOf({ statusCode: 200, headers: { 'x-list': ['a'] } })).toThrow(
      InvalidFunctionResultError,
    );
  });
});
