/** `POST /api/transfers`: creates a draft transfer; the service checks every field and stores nothing if any is wrong. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const newTransferBody = jsonObjectBody();

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const input = newTransferBody.parse(event.body);
    const transfer = await getServices().transfers.create(input, actorOf(context));
    return jsonResponse(201, transfer, { location: `/api/transfers/${encodeURIComponent(transfer.id)}` });
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
