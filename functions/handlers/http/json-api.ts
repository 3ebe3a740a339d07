/**
 * The middleware stack of every JSON API handler, in the order it runs: logs, metrics and traces
 * (functions/observability.ts), header names lower-cased, then
 * sign-in and role (before the body is even read), then the path parameters (404 for one that names nothing),
 * then the body, then the Idempotency-Key of a signed-in
 * POST (every API POST creates or records, DESIGN §6); errors from any of them, or from the handler, become
 * problem+json.
 *
 *   middy(handle).use(jsonApi({ access: 'hr', accept: ['application/json'] }))
 */
import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Role } from '../../adapters/auth.ts';
import type { RouteAccess } from '../../catalog.ts';
import { observability } from '../../observability.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { type BodyMediaType, parseBody } from './parse-body.ts';
import { validPathParameters } from './path-parameters.ts';
import { problemDetails } from './problem-details.ts';
import { requireRole } from './require-role.ts';

export type JsonApiAccess = Extract<RouteAccess, 'public' | 'hr' | 'hr-or-manager'>;

const rolesFor: Record<Exclude<JsonApiAccess, 'public'>, readonly Role[]> = {
  hr: ['hr'],
  // Managers pass here; the service limits them to what is theirs.
  'hr-or-manager': ['hr', 'manager'],
};

export interface JsonApiOptions {
  access: JsonApiAccess;
  /** Content types the route reads a body in; leave out for routes that ignore the body. */
  accept?: readonly BodyMediaType[];
}

export function jsonApi(options: JsonApiOptions): MiddlewareObj<ApiEvent, ApiResult>[] {
  const stack: MiddlewareObj<ApiEvent, ApiResult>[] = [
    ...observability<ApiEvent, ApiResult>(),
    httpHeaderNormalizer(),
    problemDetails(),
  ];
  if (options.access !== 'public') {
    stack.push(requireRole(rolesFor[options.access]));
  }
  stack.push(validPathParameters());
  if (options.accept !== undefined) {
    stack.push(parseBody({ accept: options.accept }));
  }
  if (options.access !== 'public') {
    stack.push(idempotencyKey());
  }
  return stack;
}
