/**
 * Every HR route of the catalog, through the local stack: no token → 401, a manager's token → 403; every
 * route open to HR or a manager refuses a call with no token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/catalog.ts';
import { baseUrl, tokenFor } from './support/local-stack-client.ts';

const hrRoutes = functions.flatMap((fn) =>
  (fn.routes ?? [])
    .filter((route) => route.access === 'hr')
    .map((route) => ({ function: fn.name, ...route })),
);

const staffRoutes = functions.flatMap((fn) =>
  (fn.routes ?? [])
    .filter((route) => route.access === 'hr-or-manager')
    .map((route) => ({ function: fn.name, ...route })),
);

/** A concrete path for a route template: ids that exist nowhere, so nothing could be found anyway. */
function concretePath(path: string): string {
  return path.replace(/\{id\}/, '00000000-0000-4000-8000-000000000000').replace(/\{[^}]+\}/g, 'E1');
}

describe('API: every HR route checks who is calling', () => {
  let managerToken: string;

  beforeAll(async () => {
    managerToken = await tokenFor('manager', 'manager.auth@example.org');
  });

  it('has HR routes to check', () => {
    expect(hrRoutes.length).toBeGreaterThanOrEqual(8);
  });

  it.each(hrRoutes)('$method $path ($function) refuses a call with no token', async (route) => {
    const answer = await fetch(`${baseUrl()}${concretePath(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json' },
      ...(route.method === 'GET' ? {} : { body: '{}' }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it.each(staffRoutes)('$method $path ($function) refuses a call with no token', async (route) => {
    const answer = await fetch(`${baseUrl()}${concretePath(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json' },
      ...(route.method === 'GET' ? {} : { body: '{}' }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it.each(hrRoutes)('$method $path ($function) refuses a manager', async (route) => {
    const answer = await fetch(`${baseUrl()}${concretePath(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${managerToken}` },
      ...(route.method === 'GET' ? {} : { body: '{}' }),
    });
    expect(answer.status).toBe(403);
  });

  it('refuses a token signed by someone else', async () => {
    const forged = `${managerToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(40)}`;
    const answer = await fetch(`${baseUrl()}/api/transfers`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(answer.status).toBe(401);
  });
});
