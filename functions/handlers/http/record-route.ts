/**
 * recordRoute(): a JSON API route on one record (`/api/…/{id}…`) that answers 200 with what the service
 * returns. The handler only reads the id (and the body, when the route takes one) and makes the call.
 *
 *   recordRoute({ access: 'hr', body: jsonObjectBody() }, ({ id, body, actor }) =>
 *     getServices().transferChanges.moveDates(id, body, actor));
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Actor } from '../../services/contracts.ts';
import type * as z from '../../zod.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { type JsonApiAccess, jsonApi } from './json-api.ts';
import { recordPath } from './request-schemas.ts';
import { actorOf } from './require-role.ts';
import { jsonResponse } from './responses.ts';

export interface RecordRequest<Body> {
  /** The record's id, from the path. */
  id: string;
  /** The JSON body as `body` read it (undefined for a route that reads none). */
  body: Body;
  actor: Actor;
}

export interface RecordRouteOptions<Body> {
  access: JsonApiAccess;
  /** The JSON body's shape, for a route that reads one (its content type must be application/json). */
  body?: z.ZodMiniType<Body>;
}

export function recordRoute<Body = undefined>(
  options: RecordRouteOptions<Body>,
  call: (request: RecordRequest<Body>) => Promise<unknown>,
) {
  const { body } = options;
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = (body === undefined ? undefined : body.parse(event.body)) as Body;
    return jsonResponse(200, await call({ id, body: input, actor: actorOf(context) }));
  }).use(
    jsonApi(
      body === undefined
        ? { access: options.access }
        : { access: options.access, accept: ['application/json'] },
    ),
  );
}
