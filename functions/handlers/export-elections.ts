/**
 * `GET /api/transfers/{id}/elections.csv`: one row a person with the option that counts, for payroll and
 * the funds; `GET /api/transfers/{id}/exports/{name}`: a fund's list (`scheme-LGPS.csv`) or the payroll
 * change list for transfer day (`payroll-changes.csv`).
 */
import middy from '@middy/core';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import { exportByName } from '../services/transfer-exports.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { csvAttachment } from './http/responses.ts';

const pathParameters = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.string().check(z.minLength(1))),
});

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id, name } = pathParameters.parse(event.pathParameters);
    const { transfers } = getServices();
    if (name !== undefined) {
      const { fileName, csv } = await exportByName(transfers, id, name);
      return csvAttachment(`${fileName.replace(/\.csv$/, '')}-${id}.csv`, csv);
    }
    const csv = await transfers.electionsCsv(id);
    return csvAttachment(`elections-${id}.csv`, csv);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
