/**
 * `GET /api/transfers/{id}/evidence/verify`: recomputes the transfer's audit hash chain and answers whether
 * it is intact, how many events it holds, its head and, when broken, the first event that does not match;
 * with the evidence packs made, each with its SHA-256, so a downloaded file can be checked.
 */
import middy from '@middy/core';
import { evidenceServiceOf } from '../composition/record-services.ts';
import type { EvidenceService } from '../services/evidence-service.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordPath } from './http/request-schemas.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => { evidence: Pick<EvidenceService, 'verify'> } = () => ({
    evidence: evidenceServiceOf(),
  }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    return jsonResponse(200, await getServices().evidence.verify(id));
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
