import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent, ApiResult } from '../../../functions/handlers/http/api-event.ts';
import { mediaTypeOf, parseBody } from '../../../functions/handlers/http/parse-body.ts';
import { problemDetails } from '../../../functions/handlers/http/problem-details.ts';
import { jsonResponse } from '../../../functions/handlers/http/responses.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';

function echoingBody(accept: Parameters<typeof parseBody>[0]['accept']) {
  const received = vi.fn((body: unknown) => body);
  const handler = middy(
    async (event: ApiEvent): Promise<ApiResult> => jsonResponse(200, { received: received(event.body) }),
  ).use([problemDetails({ logger: { error: vi.fn() } }), parseBody({ accept })]);
  return { handler, received };
}

const post = (body: string, headers: Record<string, string>, isBase64Encoded = false) =>
  apiEvent({ method: 'POST', route: '/api/transfers', body, headers, isBase64Encoded });

describe('Function: parseBody', () => {
  it('parses a JSON body for the handler', async () => {
    // Prepare
    const { handler } = echoingBody(['application/json']);

    // Act
    const result = await handler(
      post('{"name":"ASC transfer"}', { 'content-type': 'application/json; charset=utf-8' }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ received: { name: 'ASC transfer' } });
  });

  it('decodes a base64 body before parsing it', async () => {
    // Prepare
    const { handler } = echoingBody(['application/json']);
    const encoded = Buffer.from('{"name":"Café staff"}').toString('base64');

    // Act
    const result = await handler(
      post(encoded, { 'content-type': 'application/json' }, true),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toEqual({ received: { name: 'Café staff' } });
  });

  it('answers 400 for malformed JSON without calling the handler', async () => {
    // Prepare
    const { handler, received } = echoingBody(['application/json']);

    // Act
    const result = await handler(
      post('{"name": "unterminated', { 'content-type': 'application/json' }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(problemOf(result)).toMatchObject({ status: 400, detail: 'The body is not valid JSON' });
    expect(received).not.toHaveBeenCalled();
  });

  it('answers 400 when a body is expected and there is none', async () => {
    // Prepare
    const { handler, received } = echoingBody(['application/json']);

    // Act
    const result = await handler(post('', { 'content-type': 'application/json' }), lambdaContext());

    // Assess
    expect(problemOf(result)).toMatchObject({ status: 400, detail: 'The request has no body' });
    expect(received).not.toHaveBeenCalled();
  });

  it.each([
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['CSV on a JSON-only route', { 'content-type': 'text/csv' }],
    ['no content type', {}],
  ])('answers 415 for %s', async (_, headers) => {
    // Prepare
    const { handler, received } = echoingBody(['application/json']);

    // Act
    const result = await handler(post('{"name":"x"}', headers), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(415);
    expect(problemOf(result)).toMatchObject({ status: 415, title: 'Unsupported content type' });
    expect(received).not.toHaveBeenCalled();
  });

  it('passes a CSV body on as text where CSV is accepted', async () => {
    // Prepare
    const { handler } = echoingBody(['application/json', 'text/csv']);

    // Act
    const result = await handler(
      post('employeeNumber,name\nE1,Ada\n', { 'content-type': 'text/csv' }),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toEqual({ received: 'employeeNumber,name\nE1,Ada\n' });
  });
});

describe('Function: mediaTypeOf', () => {
  it.each([
    [{ 'content-type': 'Application/JSON; charset=UTF-8' }, 'application/json'],
    [{ 'Content-Type': 'application/merge-patch+json' }, 'application/json'],
    [{ 'content-type': 'text/csv;charset=utf-8' }, 'text/csv'],
    [{}, undefined],
  ])('reads %o as %s', (headers, expected) => {
    // Act
    const mediaType = mediaTypeOf(headers);

    // Assess
    expect(mediaType).toBe(expected);
  });

  it('answers 422 for a __proto__ key anywhere in a JSON body, as for any unknown field', async () => {
    // Prepare
    const { handler, received } = echoingBody(['application/json']);

    // Act
    const result = await handler(
      post('{"name":"ASC","__proto__":{"admin":true},"staff":[{"__proto__":1}]}', {
        'content-type': 'application/json',
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual([
      { path: '__proto__', message: 'Unknown field: __proto__' },
      { path: 'staff[0].__proto__', message: 'Unknown field: __proto__' },
    ]);
    expect(received).not.toHaveBeenCalled();
  });

  it('answers 400 for a base64 body that is not UTF-8, rather than replacing its bytes', async () => {
    // Prepare
    const { handler, received } = echoingBody(['application/json', 'text/csv']);
    const latin1 = Buffer.from('employeeNumber,name\r\nE1,Ren\xe9e\r\n', 'latin1').toString('base64');

    // Act
    const result = await handler(post(latin1, { 'content-type': 'text/csv' }, true), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(400);
    expect(problemOf(result).detail).toContain('not valid UTF-8');
    expect(received).not.toHaveBeenCalled();
  });

  it('answers 400 for a text body holding the replacement character a gateway put for bad bytes', async () => {
    // Prepare
    const { handler } = echoingBody(['application/json']);

    // Act
    const result = await handler(
      post('{"name":"Ren\uFFFDe"}', { 'content-type': 'application/json' }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(400);
  });
});
