/**
 * Walks the catalog's route table: every route that needs hr (or hr or a manager) refuses a caller with no
 * token and, where only hr may go, a manager, before any service is reached.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { type FunctionSpec, functions, type Route } from '../../../functions/catalog.ts';
import { apiEvent, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
interface HandlerModule {
  handler?: unknown;
  createHandler?: (getServices: () => unknown) => HttpHandler;
}

const protectedRoutes = functions.flatMap((spec) =>
  (spec.routes ?? [])
    .filter((route) => route.access === 'hr' || route.access === 'hr-or-manager')
    .map((route) => ({ spec, route, name: `${route.method} ${route.path} (${spec.name})` })),
);

async function handlerFor(spec: FunctionSpec, getServices: () => unknown): Promise<HttpHandler> {
  const module = (await import(new URL(`../../../${spec.entry}`, import.meta.url).href)) as HandlerModule;
  expect(typeof module.handler, `${spec.entry} exports a handler`).toBe('function');
  if (typeof module.createHandler !== 'function') {
    throw new Error(`${spec.entry} must export createHandler(getServices) so tests can pass in services`);
  }
  return module.createHandler(getServices);
}

function eventFor(route: Route, token?: string): APIGatewayProxyEventV2 {
  const pathParameters = Object.fromEntries(
    [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map(([, name]) => [name as string, `sample-${name}`]),
  );
  const sendsBody = route.method !== 'GET' && route.method !== 'DELETE';
  return apiEvent({
    method: route.method,
    route: route.path,
    pathParameters,
    ...(token === undefined ? {} : { token }),
    ...(sendsBody ? { body: {} } : {}),
  });
}

const unreachableServices = () =>
  vi.fn(() => {
    throw new Error('The services must not be reached');
  });

describe('Function: route access', () => {
  it('finds the HR JSON API in the catalog', () => {
    // Assess
    expect(protectedRoutes.map(({ route }) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /api/transfers', 'POST /api/transfers', 'POST /api/transfers/{id}/staff']),
    );
  });

  describe.each(protectedRoutes)('$name', ({ spec, route }) => {
    it('answers 401 without a token and never reaches the services', async () => {
      // Prepare
      const getServices = unreachableServices();
      const handler = await handlerFor(spec, getServices);

      // Act
      const result = await handler(eventFor(route), lambdaContext(spec.name));

      // Assess
      expect(result.statusCode).toBe(401);
      expect(problemOf(result).status).toBe(401);
      expect(getServices).not.toHaveBeenCalled();
    });

    if (route.access === 'hr') {
      it('answers 403 to a manager and never reaches the services', async () => {
        // Prepare
        const getServices = unreachableServices();
        const handler = await handlerFor(spec, getServices);
        const token = await identityProvider().tokenFor('manager');

        // Act
        const result = await handler(eventFor(route, token), lambdaContext(spec.name));

        // Assess
        expect(result.statusCode).toBe(403);
        expect(problemOf(result).status).toBe(403);
        expect(getServices).not.toHaveBeenCalled();
      });
    } else {
      it('lets a manager past sign-in', async () => {
        // Prepare
        const handler = await handlerFor(spec, unreachableServices());
        const token = await identityProvider().tokenFor('manager');

        // Act
        const result = await handler(eventFor(route, token), lambdaContext(spec.name));

        // Assess
        expect([401, 403]).not.toContain(result.statusCode);
      });
    }
  });
});
