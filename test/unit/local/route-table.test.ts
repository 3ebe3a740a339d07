import { describe, expect, it } from 'vitest';
import { functions } from '../../../functions/catalog.ts';
import {
  createRouteTable,
  MalformedPathError,
  type RouteDefinition,
} from '../../../infra/local/route-table.ts';

const route = (method: string, path: string): RouteDefinition<string> => ({
  method,
  path,
  target: `${method} ${path}`,
});

describe('Function: createRouteTable', () => {
  const table = createRouteTable([
    route('GET', '/'),
    route('GET', '/pets'),
    route('GET', '/pets/{id}'),
    route('GET', '/pets/dog'),
    route('GET', '/pets/{id}/toys'),
    route('GET', '/pets/{proxy+}'),
    route('GET', '/{proxy+}'),
    route('POST', '/pets'),
    route('GET', '/forms/{token}/{step}'),
    route('GET', '/forms/start/{step}'),
  ]);

  it('prefers an exact path to a parameter that would also match', () => {
    // Act
    const match = table.match('GET', '/pets/dog');

    // Assess
    expect(match?.routeKey).toBe('GET /pets/dog');
    expect(match?.pathParameters).toEqual({});
  });

  it('prefers a parameter path to a greedy one, and names the parameters', () => {
    // Act
    const one = table.match('GET', '/pets/42');
    const toys = table.match('GET', '/pets/42/toys');

    // Assess
    expect(one).toMatchObject({ routeKey: 'GET /pets/{id}', pathParameters: { id: '42' } });
    expect(toys).toMatchObject({ routeKey: 'GET /pets/{id}/toys', pathParameters: { id: '42' } });
  });

  it('prefers the route whose first differing segment is literal', () => {
    // Act
    const match = table.match('GET', '/forms/start/review');

    // Assess
    expect(match).toMatchObject({ routeKey: 'GET /forms/start/{step}', pathParameters: { step: 'review' } });
  });

  it('falls back to the greedy route with the longest literal start, naming the rest proxy', () => {
    // Act
    const deep = table.match('GET', '/pets/42/toys/ball');
    const other = table.match('GET', '/owners/7');

    // Assess
    expect(deep).toMatchObject({ routeKey: 'GET /pets/{proxy+}', pathParameters: { proxy: '42/toys/ball' } });
    expect(other).toMatchObject({ routeKey: 'GET /{proxy+}', pathParameters: { proxy: 'owners/7' } });
  });

  it('matches the method too, and answers HEAD with the GET route', () => {
    // Act
    const post = table.match('POST', '/pets');
    const head = table.match('HEAD', '/pets');
    const deleteOne = table.match('DELETE', '/pets/42');

    // Assess
    expect(post?.routeKey).toBe('POST /pets');
    expect(head?.routeKey).toBe('GET /pets');
    expect(deleteOne).toBeUndefined();
  });

  it('decodes parameters and refuses a path that is not valid percent-encoding', () => {
    // Act
    const encoded = table.match('GET', '/pets/caf%C3%A9%20noir');

    // Assess
    expect(encoded?.pathParameters).toEqual({ id: 'café noir' });
    expect(() => table.match('GET', '/pets/%E0%A4%A')).toThrow(MalformedPathError);
  });

  it('does not let an empty segment stand for a parameter or a greedy variable', () => {
    // Prepare
    const small = createRouteTable([route('GET', '/pets/{id}'), route('GET', '/files/{proxy+}')]);

    // Act, Assess
    expect(small.match('GET', '/pets/')).toBeUndefined();
    expect(small.match('GET', '/files/')).toBeUndefined();
    expect(small.match('GET', '/files')).toBeUndefined();
  });

  it('refuses two routes that differ only in parameter names', () => {
    // Act, Assess
    expect(() => createRouteTable([route('GET', '/pets/{id}'), route('GET', '/pets/{petId}')])).toThrow(
      /Two routes/,
    );
  });

  it('routes every catalog route to itself', () => {
    // Prepare
    const catalogRoutes = functions.flatMap((spec) =>
      (spec.routes ?? []).map((entry) => route(entry.method, entry.path)),
    );
    const catalog = createRouteTable(catalogRoutes);

    // Act, Assess
    for (const entry of catalogRoutes) {
      const concrete = entry.path.replace('{proxy+}', 'a/b').replace(/\{[^}]+\}/g, 'x1');
      expect(catalog.match(entry.method, concrete)?.routeKey).toBe(`${entry.method} ${entry.path}`);
    }
  });
});
