/**
 * `POST /api/consultations/{id}/outcome` `{decision, summary}`: records a closed consultation's outcome
 * once; a workflow tells the participants, and a contract renewal waiting for it is settled. 200 with the
 * consultation; 409 before the close or when already recorded.
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

const outcomeBody = jsonObjectBody('Send the outcome as a JSON object');

export function createHandler(getServices: () => Pick<Services, 'consultations'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = outcomeBody.parse(event.body);
    const consultation = await getServices().consultations.recordOutcome(id, input, actorOf(context));
    return jsonResponse(200, consultation);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
