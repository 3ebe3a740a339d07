/** `GET /api/transfers/{id}`: one transfer with its counts, election tallies and milestones. */
import middy from '@middy/core';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const transfer = await getServices().transfers.get(id);
    return jsonResponse(200, transfer);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
