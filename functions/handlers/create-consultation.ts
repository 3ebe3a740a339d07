/**
 * `POST /api/consultations`: creates a consultation (standalone, or linked to a transfer or a contract)
 * with its listed invitees and timers; the service checks every field and stores nothing if any is wrong.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { consultationRecordsOf } from '../composition/consultation-services.ts';
import type { ConsultationRecords } from '../services/consultation-service.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const newConsultationBody = jsonObjectBody('Send the consultation as a JSON object');

export function createHandler(
  getServices: () => { consultations: ConsultationRecords } = () => ({
    consultations: consultationRecordsOf(),
  }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const input = newConsultationBody.parse(event.body);
    const consultation = await getServices().consultations.create(input, actorOf(context));
    return jsonResponse(201, consultation, {
      location: `/api/consultations/${encodeURIComponent(consultation.id)}`,
    });
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
