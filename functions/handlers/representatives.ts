/**
 * A transfer's representatives (TUPE reg 13(3)) and its election of employee representatives (reg 14):
 * `GET|POST /api/transfers/{id}/representatives` lists (with whether reg 13A lets HR consult the staff
 * directly) and adds one (201); `GET|POST /api/transfers/{id}/representative-election` shows the election
 * (candidates, turnout, result) and starts it (201; a second is 409). Bodies hold names and emails: stored
 * and audited by id, never logged.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { representativeServiceOf } from '../composition/representative-services.ts';
import type { AllServices } from '../composition.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody, recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const representativeBody = jsonObjectBody('Send the representative as a JSON object');
const electionBody = jsonObjectBody('Send the election as a JSON object');

type RepresentativeServices = () => Pick<AllServices, 'representatives'>;

const isRepresentativesRoute = (event: ApiEvent) => event.routeKey.endsWith('/representatives');

export function createHandler(
  getServices: RepresentativeServices = () => ({ representatives: representativeServiceOf() }),
) {
  const read = middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const representatives = getServices().representatives;
    return jsonResponse(
      200,
      isRepresentativesRoute(event) ? await representatives.list(id) : await representatives.viewElection(id),
    );
  }).use(jsonApi({ access: 'hr' }));

  const create = middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const representatives = getServices().representatives;
    const location = `/api/transfers/${encodeURIComponent(id)}`;
    if (isRepresentativesRoute(event)) {
      const added = await representatives.add(id, representativeBody.parse(event.body), actorOf(context));
      return jsonResponse(201, added, { location: `${location}/representatives` });
    }
    const election = await representatives.startElection(
      id,
      electionBody.parse(event.body),
      actorOf(context),
    );
    return jsonResponse(201, election, { location: `${location}/representative-election` });
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));

  return (event: ApiEvent, context: Context): Promise<ApiResult> =>
    event.requestContext.http.method === 'GET' ? read(event, context) : create(event, context);
}

export const handler = createHandler();
