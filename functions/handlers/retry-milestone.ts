/**
 * `POST /api/transfers/{id}/milestones/{kind}/retry`: runs a failed milestone (or the launch, kind
 * `launch`) again. 202 because it runs in a workflow; 409 unless it is failed; 404 for an unknown
 * transfer or kind.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const pathParameters = z.object({
  id: z.string().check(z.minLength(1)),
  kind: z.string().check(z.minLength(1)),
});

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id, kind } = pathParameters.parse(event.pathParameters);
    await getServices().transfers.retryMilestone(id, kind, actorOf(context));
    return jsonResponse(
      202,
      { id, milestone: kind, status: 'running' },
      { location: `/api/transfers/${encodeURIComponent(id)}` },
    );
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
