/**
 * `POST /api/transfers/{id}/staff`: adds roster rows sent as JSON `{"staff":[row…]}` or as CSV with a
 * header row. Rows are counted before anything checks them (413 over the limit); the service then checks
 * every row and stores all of them or none.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { transferServiceOf } from '../composition/transfer-services.ts';
import { PayloadTooLargeError } from '../domain/errors.ts';
import { maxRowsPerRequest } from '../domain/roster.ts';
import { rosterRowsFromCsv } from '../domain/roster-csv.ts';
import type { Services } from '../services/contracts.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { mediaTypeOf } from './http/parse-body.ts';
import { recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const staffBody = z.strictObject({ staff: z.array(z.unknown()) });

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const rows =
      mediaTypeOf(event.headers) === 'text/csv' && typeof event.body === 'string'
        ? rosterRowsFromCsv(event.body)
        : staffBody.parse(event.body).staff;
    if (rows.length > maxRowsPerRequest) {
      throw new PayloadTooLargeError(
        `Send at most ${maxRowsPerRequest.toLocaleString('en-GB')} rows a request, then the rest in further requests`,
      );
    }
    const result = await getServices().transfers.importStaff(id, rows, actorOf(context));
    return jsonResponse(200, result);
  }).use(jsonApi({ access: 'hr', accept: ['application/json', 'text/csv'] }));
}

export const handler = createHandler();
