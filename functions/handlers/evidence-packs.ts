/**
 * `POST /api/transfers/{id}/evidence-packs` starts the transfer's evidence pack, built in S3 as a ZIP by a
 * workflow: 202 with the pack's progress and its Location. `GET …/evidence-packs/{packId}` reports the
 * progress and, once ready, its size, SHA-256 and a pre-signed link that opens for 15 minutes (ask again
 * for a fresh one). Packs are kept 7 days.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { evidencePackRequestsOf } from '../composition/record-services.ts';
import type { EvidencePackRequests } from '../services/evidence-pack-requests.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const packPath = z.extend(recordPath, { packId: z.string().check(z.minLength(1)) });

const packLocation = (transferId: string, packId: string) =>
  `/api/transfers/${encodeURIComponent(transferId)}/evidence-packs/${encodeURIComponent(packId)}`;

export function createHandler(
  getService: () => Pick<EvidencePackRequests, 'request' | 'status'> = evidencePackRequestsOf,
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const evidencePacks = getService();
    if (event.requestContext.http.method === 'POST') {
      const { id } = recordPath.parse(event.pathParameters);
      const pack = await evidencePacks.request(id, actorOf(context));
      return jsonResponse(202, pack, { location: packLocation(id, pack.packId) });
    }
    const { id, packId } = packPath.parse(event.pathParameters);
    const pack = await evidencePacks.status(id, packId);
    // While it is being built, a client polling may wait this long before asking again.
    return jsonResponse(200, pack, pack.status === 'building' ? { 'retry-after': '5' } : {});
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
