/**
 * `GET /api/contracts/{id}`: one contract with every term of its chain, its reminders (and when each was
 * sent), decisions, warnings and emails. HR, or the contract's own manager (403 for another manager).
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

export function createHandler(getServices: () => Pick<Services, 'contracts'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const contract = await getServices().contracts.get(id, actorOf(context));
    return jsonResponse(200, contract);
  }).use(jsonApi({ access: 'hr-or-manager' }));
}

export const handler = createHandler();
