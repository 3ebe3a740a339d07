/** `GET /api/transfers/{id}/staff/{employeeNumber}`: one person's case with its history and the emails sent. */
import middy from '@middy/core';
import { z } from 'zod';
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonResponse } from './http/responses.ts';

const pathParameters = z.object({ id: z.string().min(1), employeeNumber: z.string().min(1) });

export function createHandler(getServices: () => Pick<Services, 'transfers'> = services) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id, employeeNumber } = pathParameters.parse(event.pathParameters);
    const staffCase = await getServices().transfers.getCase(id, employeeNumber);
    return jsonResponse(200, staffCase);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
