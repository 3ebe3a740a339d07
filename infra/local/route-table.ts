/**
 * Matches a request to a route as API Gateway HTTP APIs do: the method must match (HEAD is answered by
 * GET), an exact path beats a path with parameters, a parameter beats nothing only segment by segment
 * (the route whose first differing segment is literal wins), and a greedy `{proxy+}` comes last, the one
 * with the longest literal start first.
 */
export interface RouteDefinition<Target> {
  method: string;
  /** `/api/transfers/{id}`, `/assets/{proxy+}`. */
  path: string;
  target: Target;
}

export interface RouteMatch<Target> {
  route: RouteDefinition<Target>;
  /** `GET /api/transfers/{id}`, as API Gateway writes it in events. */
  routeKey: string;
  /** Decoded values; a greedy `{proxy+}` is named `proxy`. */
  pathParameters: Record<string, string>;
}

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'parameter'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute<Target> {
  route: RouteDefinition<Target>;
  segments: Segment[];
  greedy: boolean;
}

function compile(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const greedy = part.match(/^\{([A-Za-z0-9_]+)\+\}$/);
      if (greedy?.[1]) return { kind: 'greedy', name: greedy[1] };
      const parameter = part.match(/^\{([A-Za-z0-9_]+)\}$/);
      if (parameter?.[1]) return { kind: 'parameter', name: parameter[1] };
      return { kind: 'literal', value: part };
    });
}

/** Undefined when a segment is not valid percent-encoding (the caller answers 400). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export class MalformedPathError extends Error {
  override name = 'MalformedPathError';
}

function matchSegments<Target>(
  compiled: CompiledRoute<Target>,
  parts: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of compiled.segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      // A greedy variable stands for at least one non-empty segment.
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.name] = rest.map((part) => decodeSegment(part) ?? part).join('/');
      return parameters;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decodeSegment(part) !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decodeSegment(part) ?? part;
    }
  }
  return parts.length === compiled.segments.length ? parameters : undefined;
}

/** Negative when `a` is the more specific route. */
function bySpecificity<Target>(a: CompiledRoute<Target>, b: CompiledRoute<Target>): number {
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const left = a.segments[index]?.kind === 'literal';
    const right = b.segments[index]?.kind === 'literal';
    if (left !== right) return left ? -1 : 1;
  }
  // Of two greedy routes, the longer literal start is the more specific.
  return b.segments.length - a.segments.length;
}

export function createRouteTable<Target>(routes: readonly RouteDefinition<Target>[]) {
  const compiled: CompiledRoute<Target>[] = routes.map((route) => {
    const segments = compile(route.path);
    const greedyAt = segments.findIndex((segment) => segment.kind === 'greedy');
    if (greedyAt >= 0 && greedyAt !== segments.length - 1) {
      throw new Error(`${route.method} ${route.path}: a greedy variable must be the last segment`);
    }
    return { route, segments, greedy: greedyAt >= 0 };
  });
  const keys = new Set<string>();
  for (const { route } of compiled) {
    const key = `${route.method} ${route.path.replace(/\{[^}]+\+\}/g, '{+}').replace(/\{[^}+]+\}/g, '{}')}`;
    if (keys.has(key)) throw new Error(`Two routes for ${route.method} ${route.path}`);
    keys.add(key);
  }

  return {
    /** The best route for a request, or undefined when none matches its method and path. */
    match(method: string, rawPath: string): RouteMatch<Target> | undefined {
      if (rawPath.split('/').some((part) => decodeSegment(part) === undefined)) {
        throw new MalformedPathError('The path is not valid percent-encoding');
      }
      const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
      const parts = rawPath.split('/').slice(1);
      const candidates = compiled
        .filter((entry) => wanted.includes(entry.route.method))
        .flatMap((entry) => {
          const pathParameters = matchSegments(entry, parts);
          return pathParameters ? [{ entry, pathParameters }] : [];
        })
        .sort(
          (a, b) =>
            bySpecificity(a.entry, b.entry) ||
            wanted.indexOf(a.entry.route.method) - wanted.indexOf(b.entry.route.method),
        );
      const best = candidates[0];
      if (!best) return undefined;
      return {
        route: best.entry.route,
        routeKey: `${best.entry.route.method} ${best.entry.route.path}`,
        pathParameters: best.pathParameters,
      };
    },
  };
}
