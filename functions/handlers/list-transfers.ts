/** `GET /api/transfers`: every transfer with its status and counts per case status. */
import middy from '@middy/core';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (): Promise<ApiResult> => {
    const transfers = await getServices().transfers.list();
    const items = transfers.map(({ id, name, status, transferDate, counts }) => ({
      id,
      name,
      status,
      transferDate,
      counts,
    }));
    return jsonResponse(200, { items });
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
