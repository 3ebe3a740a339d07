/**
 * HR's changes to one person that carry a body (DESIGN §6 "People … acted on by HR"), each 200 with the
 * case: `PATCH /api/transfers/{id}/staff/{employeeNumber}` `{email}` corrects the address;
 * `POST …/election` `{option, receivedOn, how, note?}` records a choice sent on paper, by phone or email;
 * `POST …/objection/withdraw` `{receivedOn, note?}` records a withdrawn objection. Bodies hold personal
 * data: stored and audited, never logged.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { peopleServiceOf } from '../composition/transfer-services.ts';
import type { PeopleService, Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody, staffCasePath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const personBody = jsonObjectBody();

/** The service call of each route, by the last part of its path. */
const actions: Record<
  string,
  keyof Pick<PeopleService, 'correctEmail' | 'recordElection' | 'withdrawObjection'>
> = {
  '{employeeNumber}': 'correctEmail',
  election: 'recordElection',
  withdraw: 'withdrawObjection',
};

export function createHandler(
  getServices: () => Pick<Services, 'people'> = () => ({ people: peopleServiceOf() }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
    const action = actions[event.routeKey.split('/').at(-1) ?? ''];
    if (action === undefined) throw new Error(`act-on-person does not serve ${event.routeKey}`);
    const input = personBody.parse(event.body);
    const staffCase = await getServices().people[action](id, employeeNumber, input, actorOf(context));
    return jsonResponse(200, staffCase);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
}

export const handler = createHandler();
