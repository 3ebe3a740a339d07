/** `GET /api/transfers/{id}/staff/{employeeNumber}`: one person's case with its history and the emails sent. */
import middy from '@middy/core';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { staffCasePath } from './http/request-schemas.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
    const staffCase = await getServices().transfers.getCase(id, employeeNumber);
    return jsonResponse(200, staffCase);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
