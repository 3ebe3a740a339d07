import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { serviceUnavailableFrom } from '../../../functions/adapters/service-availability.ts';
import {
  InvalidLinkError,
  ServiceUnavailableError,
  TransferNotFoundError,
} from '../../../functions/domain/errors.ts';
import type { ApiEvent, ApiResult } from '../../../functions/handlers/http/api-event.ts';
import { problemDetails } from '../../../functions/handlers/http/problem-details.ts';
import { notRecognisedWhenMissing } from '../../../functions/services/link-errors.ts';
import { problemPageFor, problemPageResponse } from '../../../functions/web/error-pages.ts';
import { apiEvent, lambdaContext, problemOf } from '../../fixtures/http-events.ts';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: { httpStatusCode: 400 } });
const serverFault = () =>
  Object.assign(new Error('Internal server error'), {
    name: 'InternalServerError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });

describe('Function: serviceUnavailableFrom', () => {
  it.each([
    ['a refused connection', refused()],
    ['a throttle', throttled()],
    ['a 5xx from the service', serverFault()],
    ['a request that timed out', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['an outage wrapped as the cause', new Error('The step failed', { cause: refused() })],
  ])('makes %s a ServiceUnavailableError keeping it as the cause', (_, error) => {
    // Act
    const unavailable = serviceUnavailableFrom(error);

    // Assess
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect(unavailable?.status).toBe(503);
    expect(unavailable?.cause).toBe(error);
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ message: 'no', $metadata: {} })],
    ['a domain error', new TransferNotFoundError('No transfer abc')],
    ['a bug', new TypeError('x is undefined')],
  ])('leaves %s alone', (_, error) => {
    // Act, Assess
    expect(serviceUnavailableFrom(error)).toBeUndefined();
  });
});

describe('Function: notRecognisedWhenMissing', () => {
  it('makes a link to something that does not exist "not recognised"', () => {
    // Act, Assess
    expect(() => notRecognisedWhenMissing(new TransferNotFoundError('No transfer abc'))).toThrow(
      InvalidLinkError,
    );
  });

  it('lets an outage through as it is, so it is never answered "not recognised"', () => {
    // Prepare
    const outage = refused();

    // Act, Assess
    expect(() => notRecognisedWhenMissing(outage)).toThrow(outage);
  });
});

describe('Function: problemDetails with an outage', () => {
  it('answers 503 problem+json "try again shortly" with Retry-After, and logs it', async () => {
    // Prepare
    const logger = { error: vi.fn() };
    const handler = middy(async (_event: ApiEvent): Promise<ApiResult> => {
      throw throttled();
    }).use(problemDetails({ logger }));

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route: '/api/transfers' }),
      lambdaContext('list-transfers'),
    );

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('30');
    expect(problemOf(result)).toMatchObject({
      status: 503,
      title: 'Service unavailable',
      detail: 'The service is busy or unavailable. Try again shortly.',
    });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});

describe('Function: problemPageFor with an outage', () => {
  it('answers a 503 page that says to try again shortly, not that the link is wrong', () => {
    // Act
    const page = problemPageFor(serviceUnavailableFrom(new Error('The lookup failed', { cause: refused() })));
    const response = problemPageResponse(page);

    // Assess
    expect(page.status).toBe(503);
    expect(page.paragraphs.join(' ')).toContain('Try again shortly');
    expect(page.title).not.toMatch(/not recognised/i);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    expect(String(response.body)).toContain('Try again shortly');
  });
});
