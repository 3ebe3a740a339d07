/**
 * `POST /api/transfers/{id}/launch`: stores the milestones and starts the invitations. 202 because the
 * invitations go out in a workflow; calling it again changes nothing and sends nothing twice.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { transferServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => Pick<Services, 'transfers'> = () => ({ transfers: transferServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    await getServices().transfers.launch(id, actorOf(context));
    return jsonResponse(
      202,
      { id, status: 'launched' },
      { location: `/api/transfers/${encodeURIComponent(id)}` },
    );
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
