/**
 * `PATCH /api/transfers/{id}` `{transferDate?, electionClosesOn?}`: moves the dates; pending milestones
 * move, the change is recorded, and the affected staff are told by a workflow. 200 with the transfer.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody, recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const dateChangeBody = jsonObjectBody();

export function createHandler(getServices: () => Pick<Services, 'transferChanges'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = dateChangeBody.parse(event.body);
    const transfer = await getServices().transferChanges.moveDates(id, input, actorOf(context));
    return jsonResponse(200, transfer);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
