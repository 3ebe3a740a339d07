/**
 * `POST /api/contracts/{id}/justification` `{text}`: HR records the objective justification for a fixed term
 * past four years of continuous service (FTE Regulations 2002, reg 8), kept with who gave it and when.
 * 200 with the contract; 403 for a manager, 409 for a term with no four-year warning, 422 for bad text. The
 * text may be personal: stored, never logged.
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

const justificationBody = jsonObjectBody('Send the justification as a JSON object');

export function createHandler(getServices: () => Pick<Services, 'contracts'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = justificationBody.parse(event.body);
    const contract = await getServices().contracts.recordJustification(id, input, actorOf(context));
    return jsonResponse(200, contract);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
