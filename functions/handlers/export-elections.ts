/** `GET /api/transfers/{id}/elections.csv`: one row a person with the option that counts, for payroll and the funds. */
import middy from '@middy/core';
import { z } from 'zod';
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { csvAttachment } from './http/responses.ts';

const pathParameters = z.object({ id: z.string().min(1) });

export function createHandler(getServices: () => Pick<Services, 'transfers'> = services) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = pathParameters.parse(event.pathParameters);
    const csv = await getServices().transfers.electionsCsv(id);
    return csvAttachment(`elections-${id}.csv`, csv);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
