import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  MalformedRequestError,
  TransferNotDraftError,
  TransferNotFoundError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import type { ApiEvent, ApiResult } from '../../../functions/handlers/http/api-event.ts';
import { problemDetails } from '../../../functions/handlers/http/problem-details.ts';
import { apiEvent, lambdaContext, problemOf } from '../../fixtures/http-events.ts';

function failingWith(error: unknown, logger = { error: vi.fn() }) {
  const handler = middy(async (_event: ApiEvent): Promise<ApiResult> => {
    throw error;
  }).use(problemDetails({ logger }));
  return { handler, logger };
}

const request = apiEvent({
  method: 'POST',
  route: '/api/transfers',
  body: { name: 'Mary Seacole', email: 'mary.seacole@council.example' },
});

describe('Function: problemDetails', () => {
  it('answers a domain error with its status, title and message as problem+json', async () => {
    // Prepare
    const { handler, logger } = failingWith(new TransferNotFoundError('No transfer tr-404'));

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(problemOf(result)).toEqual({
      type: 'tag:transfer-desk,2025:problem:transfer-not-found',
      title: 'Not found',
      status: 404,
      detail: 'No transfer tr-404',
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('keeps the field errors of a validation error', async () => {
    // Prepare
    const errors = [{ path: 'staff[2].email', message: 'Enter an email address' }];
    const { handler } = failingWith(new ValidationError('Row 3 has errors', { errors }));

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result)).toMatchObject({ status: 422, title: 'The request has errors', errors });
  });

  it('answers 409 for a conflict with the current state', async () => {
    // Prepare
    const { handler } = failingWith(new TransferNotDraftError('The transfer has been launched'));

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    expect(problemOf(result)).toMatchObject({
      status: 409,
      type: 'tag:transfer-desk,2025:problem:transfer-not-draft',
    });
  });

  it('answers a zod error with 422 and a path per issue', async () => {
    // Prepare
    const schema = z.object({ staff: z.array(z.object({ email: z.email() })), status: z.enum(['invited']) });
    const parsed = schema.safeParse({
      staff: [{ email: 'ok@council.example' }, { email: 'nope' }],
      status: 'x',
    });
    if (parsed.success) throw new Error('The sample input must be invalid');
    const { handler } = failingWith(parsed.error);

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    const problem = problemOf(result);
    expect(result.statusCode).toBe(422);
    expect(problem).toMatchObject({ type: 'tag:transfer-desk,2025:problem:validation', status: 422 });
    expect(problem.detail).toBe('The request has 2 errors');
    expect(problem.errors?.map((error) => error.path)).toEqual(['staff[1].email', 'status']);
    expect(problem.errors?.every((error) => error.message.length > 0)).toBe(true);
  });

  it('answers anything else with a generic 500 that reveals nothing of the cause', async () => {
    // Prepare
    const cause = new Error('ConditionalCheckFailed on TD#tr-1 for mary.seacole@council.example');
    const { handler } = failingWith(new TypeError('Cannot read properties of undefined', { cause }));

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(500);
    expect(problemOf(result)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. Try again later.',
    });
    expect(result.body).not.toContain('Cannot read');
    expect(result.body).not.toContain('mary.seacole');
  });

  it('logs an unexpected error with its route but without the request body or headers', async () => {
    // Prepare
    const failure = Object.assign(new Error('Throttled'), { item: { email: 'leaked@council.example' } });
    const { handler, logger } = failingWith(failure);
    const withCredential = apiEvent({
      method: 'POST',
      route: '/api/transfers',
      token: 'secret-bearer-token',
      body: { name: 'Mary Seacole', email: 'mary.seacole@council.example' },
    });

    // Act
    await handler(withCredential, lambdaContext());

    // Assess
    expect(logger.error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(logger.error.mock.calls[0]);
    expect(logged).toContain('Throttled');
    expect(logged).toContain('POST /api/transfers');
    expect(logged).not.toContain('Mary Seacole');
    expect(logged).not.toContain('mary.seacole@council.example');
    expect(logged).not.toContain('leaked@council.example');
    expect(logged).not.toContain('secret-bearer-token');
  });

  it('does not log the errors a client caused', async () => {
    // Prepare
    const { handler, logger } = failingWith(new MalformedRequestError('The body is not valid JSON'));

    // Act
    const result = await handler(request, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(400);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
