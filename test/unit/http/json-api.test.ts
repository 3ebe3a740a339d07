import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, ApiResult } from '../../../functions/handlers/http/api-event.ts';
import { type JsonApiAccess, jsonApi } from '../../../functions/handlers/http/json-api.ts';
import { actorOf } from '../../../functions/handlers/http/require-role.ts';
import { jsonResponse } from '../../../functions/handlers/http/responses.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

function echoingActor(access: JsonApiAccess) {
  const reached = vi.fn();
  const handler = middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    reached();
    return jsonResponse(200, {
      actor: access === 'public' ? null : actorOf(context),
      body: event.body ?? null,
    });
  }).use(jsonApi({ access, accept: ['application/json'] }));
  return { handler, reached };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: jsonApi', () => {
  it('signs in an hr user and hands the handler the actor and the parsed body', async () => {
    // Prepare
    const { handler } = echoingActor('hr');
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/transfers', token, body: { name: 'ASC' } }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({
      actor: { id: 'asha.patel@council.example', roles: ['hr'] },
      body: { name: 'ASC' },
    });
  });

  it('reads the Authorization header whatever its case', async () => {
    // Prepare
    const { handler } = echoingActor('hr');
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers',
        headers: { AUTHORIZATION: `Bearer ${token}` },
        body: {},
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('checks the sign-in before it reads the body: 401, not 415 or 400', async () => {
    // Prepare
    const { handler, reached } = echoingActor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers',
        body: '{broken',
        headers: { 'content-type': 'text/plain' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(401);
    expect(problemOf(result)).toMatchObject({ status: 401, title: 'Sign in required' });
    expect(reached).not.toHaveBeenCalled();
  });

  it('answers 403 to a manager on an hr route before reading the body', async () => {
    // Prepare
    const { handler, reached } = echoingActor('hr');
    const token = await identityProvider().tokenFor('manager');

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/transfers', token, body: '{broken' }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(problemOf(result)).toMatchObject({ status: 403 });
    expect(reached).not.toHaveBeenCalled();
  });

  it('lets a manager through on an hr-or-manager route', async () => {
    // Prepare
    const { handler } = echoingActor('hr-or-manager');
    const token = await identityProvider().tokenFor('manager', 'lee.manager@council.example');

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/contracts', token, body: {} }),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toMatchObject({
      actor: { id: 'lee.manager@council.example', roles: ['manager'] },
    });
  });

  it('asks nothing of the caller on a public route', async () => {
    // Prepare
    const { handler } = echoingActor('public');

    // Act
    const result = await handler(apiEvent({ method: 'POST', route: '/health', body: {} }), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('answers 404 for a path id no record can have (2 KB), before the handler reads anything', async () => {
    // Prepare
    const { handler, reached } = echoingActor('hr');
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/staff/{employeeNumber}/objection',
        pathParameters: { id: 'a'.repeat(2048), employeeNumber: 'SCC100001' },
        token,
        body: { receivedOn: '2026-06-01' },
      }),
      lambdaContext(),
    );
    const badEmployee = await handler(
      apiEvent({
        method: 'GET',
        route: '/api/transfers/{id}/staff/{employeeNumber}',
        pathParameters: { id: '0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c', employeeNumber: 'SCC 1;DROP' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(problemOf(result).detail).not.toContain('aaaa');
    expect(badEmployee.statusCode).toBe(404);
    expect(reached).not.toHaveBeenCalled();
  });

  it('logs an unexpected failure with the function and the request id, never the body', async () => {
    // Prepare
    const logged: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      logged.push(String(chunk));
      return true;
    });
    const handler = middy(async (): Promise<ApiResult> => {
      throw new TypeError('undefined is not a function');
    }).use(jsonApi({ access: 'public', accept: ['application/json'] }));
    const event = apiEvent({
      method: 'POST',
      route: '/health',
      body: { email: 'asha.patel@council.example' },
    });

    // Act
    const result = await handler(event, lambdaContext('health'));

    // Assess
    expect(result.statusCode).toBe(500);
    const errors = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'The request failed unexpectedly',
        function_name: 'health',
        correlation_id: event.requestContext.requestId,
      }),
    ]);
    expect(logged.join('')).not.toContain('asha.patel');
  });
});

describe('Function: actorOf', () => {
  it('refuses to make up an actor when no middleware signed one in', () => {
    // Act
    const reading = () => actorOf(lambdaContext());

    // Assess
    expect(reading).toThrow('missing the requireRole middleware');
  });
});
