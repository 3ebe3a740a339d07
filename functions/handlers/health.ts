/** `GET /health`: a liveness answer for load balancers and the quick start; public, touches nothing. */
import middy from '@middy/core';
import type { ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler() {
  return middy(async (): Promise<ApiResult> => jsonResponse(200, { status: 'ok' })).use(
    jsonApi({ access: 'public' }),
  );
}

export const handler = createHandler();
