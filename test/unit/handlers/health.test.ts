import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/health.ts';
import { apiEvent, jsonOf, lambdaContext } from '../../fixtures/http-events.ts';

describe('Function: health', () => {
  it('answers 200 with status ok and asks for no sign-in', async () => {
    // Act
    const result = await handler(apiEvent({ method: 'GET', route: '/health' }), lambdaContext('health'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(jsonOf(result)).toEqual({ status: 'ok' });
  });
});
