/**
 * `GET /api/consultations`: every consultation, newest first; `GET /api/consultations/{id}`: one with its
 * counts, warnings, responses over time and timers; `GET /api/consultations/{id}/responses.csv`: every
 * response (invitees' latest, each public one).
 */
import middy from '@middy/core';
import { consultationRecordsOf } from '../composition/consultation-services.ts';
import type { ConsultationRecords } from '../services/consultation-service.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { csvAttachment, jsonResponse } from './http/responses.ts';

const pathParameters = z.optional(z.object({ id: z.optional(z.string().check(z.minLength(1))) }));

export function createHandler(
  getServices: () => { consultations: ConsultationRecords } = () => ({
    consultations: consultationRecordsOf(),
  }),
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = pathParameters.parse(event.pathParameters) ?? {};
    const { consultations } = getServices();
    if (id === undefined) return jsonResponse(200, { items: await consultations.list() });
    if (event.rawPath.endsWith('/responses.csv')) {
      return csvAttachment(`consultation-responses-${id}.csv`, await consultations.responsesCsv(id));
    }
    return jsonResponse(200, await consultations.get(id));
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
