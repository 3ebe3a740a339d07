/**
 * `POST /api/contracts/{id}/decision` `{decision: "renew"|"end", newEndDate?, note?}`: HR or the contract's
 * manager decides. 200 `{contract, warnings, renewedAs?, consultationId?}`: `warnings` carries
 * FIXED_TERM_FOUR_YEAR_RULE when a renewal passes four years of fixed-term service. 403 for another
 * manager, 409 once decided, 422 for a bad decision. The note may be personal: stored, never logged.
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

const decisionBody = jsonObjectBody('Send the decision as a JSON object');

export function createHandler(getServices: () => Pick<Services, 'contracts'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = decisionBody.parse(event.body);
    const result = await getServices().contracts.decide(id, input, actorOf(context));
    return jsonResponse(200, result);
  }).use(jsonApi({ access: 'hr-or-manager', accept: ['application/json'] }));
}

export const handler = createHandler();
