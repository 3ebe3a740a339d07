import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../functions/web/dashboard/routes.ts';
import { apiEvent } from '../../fixtures/http-events.ts';

const get = (path: string) => apiEvent({ method: 'GET', route: path }) as APIGatewayProxyEventV2;

describe('Function: routeOf (dashboard)', () => {
  it('finds the page of a transfer and of a person on it', () => {
    expect(routeOf(get('/transfers/0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c'))?.key).toBe('GET /transfers/:id');
    expect(routeOf(get('/transfers/0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c/staff/SCC100001'))).toMatchObject({
      key: 'GET /transfers/:id/staff/:employeeNumber',
      employeeNumber: 'SCC100001',
    });
  });

  it('finds no page for an id or employee number no record can have, so nothing is read', () => {
    expect(routeOf(get(`/transfers/${'a'.repeat(2048)}`))).toBeUndefined();
    expect(routeOf(get(`/contracts/${'a'.repeat(2048)}`))).toBeUndefined();
    expect(routeOf(get(`/transfers/t-1/staff/${'E'.repeat(40)}`))).toBeUndefined();
  });
});
