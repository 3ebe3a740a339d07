/**
 * A person's pension link, for HR: `POST /api/transfers/{id}/staff/{employeeNumber}/resend` emails a new
 * link and the one sent before stops opening; `DELETE …/lockout` opens a link locked after wrong employee
 * numbers. Each 200 with the case.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { peopleServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { staffCasePath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

export function createHandler(
  getServices: () => Pick<Services, 'people'> = () => ({ people: peopleServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
    const { people } = getServices();
    const staffCase = event.routeKey.endsWith('/lockout')
      ? await people.clearLockout(id, employeeNumber, actorOf(context))
      : await people.resendLink(id, employeeNumber, actorOf(context));
    return jsonResponse(200, staffCase);
  }).use(jsonApi({ access: 'hr' }));
}

export const handler = createHandler();
