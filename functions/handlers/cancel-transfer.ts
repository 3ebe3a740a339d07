/**
 * `POST /api/transfers/{id}/cancel`: cancels the pending milestones; a workflow tells the staff and
 * deletes the roster's personal data. 200 with the transfer, which keeps its counts. Idempotent.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(getServices: () => Pick<Services, 'transferChanges'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const transfer = await getServices().transferChanges.cancel(id, actorOf(context));
    return jsonResponse(200, transfer);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
