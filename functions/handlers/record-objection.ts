/**
 * `POST /api/transfers/{id}/staff/{employeeNumber}/objection` `{receivedOn, note?}`: records a written
 * objection (TUPE reg 4(7)); HR is emailed when the liability information already went out. 200 with
 * the case. The note is personal: it is stored, never logged.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { transferChangesServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody, staffCasePath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const objectionBody = jsonObjectBody();

export function createHandler(
  getServices: () => Pick<Services, 'transferChanges'> = () => ({
    transferChanges: transferChangesServiceOf(),
  }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
    const input = objectionBody.parse(event.body);
    const staffCase = await getServices().transferChanges.recordObjection(
      id,
      employeeNumber,
      input,
      actorOf(context),
    );
    return jsonResponse(200, staffCase);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
