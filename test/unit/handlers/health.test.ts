import { describe, expect, it } from 'vitest';
import type { DependencyCheck, DependencyName } from '../../../functions/adapters/dependency-checks.ts';
import { createHandler } from '../../../functions/handlers/health.ts';
import { apiEvent, jsonOf, lambdaContext } from '../../fixtures/http-events.ts';

const answers: DependencyCheck = async () => ({});
const refused: DependencyCheck = async () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
};
const deniedByService: DependencyCheck = async () => {
  throw Object.assign(new Error('not authorised'), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
};
const throttled: DependencyCheck = async () => {
  throw Object.assign(new Error('slow down'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });
};
const neverAnswers: DependencyCheck = (abortSignal) =>
  new Promise((_, reject) => abortSignal.addEventListener('abort', () => reject(abortSignal.reason)));

function checks(overrides: Partial<Record<DependencyName, DependencyCheck>> = {}) {
  return { dynamodb: answers, stepFunctions: answers, ses: answers, ...overrides };
}

describe('Function: health', () => {
  it('answers 200 with status ok and each dependency ok, and asks for no sign-in', async () => {
    // Act
    const result = await createHandler(checks())(
      apiEvent({ method: 'GET', route: '/health' }),
      lambdaContext('health'),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(jsonOf(result)).toEqual({
      status: 'ok',
      dependencies: { dynamodb: 'ok', stepFunctions: 'ok', ses: 'ok' },
    });
  });

  it('answers 503 with Retry-After and names the dependency that refuses connections', async () => {
    // Act
    const result = await createHandler(checks({ dynamodb: refused }))(
      apiEvent({ method: 'GET', route: '/health' }),
      lambdaContext('health'),
    );

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('10');
    expect(jsonOf(result)).toEqual({
      status: 'unavailable',
      dependencies: { dynamodb: 'down', stepFunctions: 'ok', ses: 'ok' },
    });
  });

  it('counts a service that refuses the call itself as up, and one that throttles or never answers as down', async () => {
    // Act
    const result = await createHandler(
      checks({ stepFunctions: deniedByService, ses: throttled, dynamodb: neverAnswers }),
    )(apiEvent({ method: 'GET', route: '/health' }), lambdaContext('health'));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(jsonOf(result)).toMatchObject({
      dependencies: { dynamodb: 'down', stepFunctions: 'ok', ses: 'down' },
    });
  });
});
