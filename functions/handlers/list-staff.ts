/**
 * `GET /api/transfers/{id}/staff?status=&delivery=&q=&next=`: the people of a transfer, a page at a time;
 * `delivery=bounced` keeps those who could not be emailed (their latest email bounced); with `q`, the
 * people whose name or email address holds it, or whose employee number it is.
 */
import middy from '@middy/core';
import { transferServiceOf } from '../composition/transfer-services.ts';
import { searchQuery } from '../domain/person-actions.ts';
import { caseStatuses } from '../domain/transfer.ts';
import type { Services } from '../services/contracts.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { jsonResponse } from './http/responses.ts';

const query = z.object({
  status: z.optional(z.enum(caseStatuses)),
  delivery: z.optional(z.enum(['bounced'])),
  /** The opaque cursor of the previous page, passed back as it was given. */
  next: z.optional(z.string().check(z.minLength(1))),
  q: z.optional(searchQuery),
});

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const { status, delivery, next, q } = query.parse(event.queryStringParameters ?? {});
    const page = await getServices().transfers.listStaff(id, {
      ...(status === undefined ? {} : { status }),
      ...(delivery === undefined ? {} : { delivery }),
      ...(q === undefined ? {} : { q }),
      ...(next === undefined ? {} : { next }),
    });
    return jsonResponse(200, page);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
