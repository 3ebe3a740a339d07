/**
 * `GET /api/contracts?dueWithinDays=N` (1–730, 90 unless given): contracts awaiting a decision that end
 * from today to today + N, soonest first; with `&filter=decided`, those decided instead. HR sees all of them,
 * a manager only their own.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { contractRecordsOf } from '../composition/consultation-services.ts';
import type { ContractRecords } from '../services/contract-service.ts';
import { contractListFilters } from '../services/contracts.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const query = z.object({
  dueWithinDays: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/, 'Give the window as a whole number of days from 1 to 730')),
      z.transform(Number),
    ),
  ),
  filter: z.optional(z.enum(contractListFilters, { error: 'Give the filter as open or decided' })),
});

export function createHandler(
  getServices: () => { contracts: ContractRecords } = () => ({ contracts: contractRecordsOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { dueWithinDays, filter } = query.parse(event.queryStringParameters ?? {});
    const items = await getServices().contracts.list(
      {
        ...(dueWithinDays === undefined ? {} : { dueWithinDays }),
        ...(filter === undefined ? {} : { filter }),
      },
      actorOf(context),
    );
    return jsonResponse(200, { items });
  }).use(jsonApi({ access: 'hr-or-manager' }));
}

export const handler = createHandler();
