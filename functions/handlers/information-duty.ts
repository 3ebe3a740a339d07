/**
 * The duty to inform and consult (TUPE reg 13), HR's JSON routes:
 * - `POST /api/transfers/{id}/measures-request` → 202: the transferee's contact is emailed a personal link
 *   to the measures form (409 without a contact); `GET …/measures` → the requests and answers.
 * - `GET …/information` → the information letters sent.
 * - `POST …/consultation-meetings` `{heldOn, attendees, notes}` → 201; `GET` lists them.
 * - `POST …/representations` `{receivedOn, from, text}` → 201; `GET` lists them with their replies.
 * - `POST …/representations/{rid}/reply` `{text, accepted, reasons?}` → 200 with `warnings`.
 * Notes, representations and replies are personal: stored, never logged.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type AllServices, services } from '../composition.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody, recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

type DutyServices = Pick<AllServices, 'informationDuty'>;
type Route = (event: ApiEvent, context: Context) => Promise<ApiResult>;

const body = jsonObjectBody('Send a JSON object');
const replyPath = recordPath.extend({ rid: recordPath.shape.id });

export function createHandler(getServices: () => DutyServices = services) {
  const duty = () => getServices().informationDuty;

  /** A POST that records something new: 201 with it and where it is listed. */
  const created = (
    record: (id: string, input: unknown, actor: ReturnType<typeof actorOf>) => Promise<{ id: string }>,
    listing: string,
  ): Route =>
    middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
      const { id } = recordPath.parse(event.pathParameters);
      const recorded = await record(id, body.parse(event.body), actorOf(context));
      return jsonResponse(201, recorded, {
        location: `/api/transfers/${encodeURIComponent(id)}/${listing}/${encodeURIComponent(recorded.id)}`,
      });
    }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));

  const routes: Record<string, Route> = {
    'POST /api/transfers/{id}/measures-request': middy(
      async (event: ApiEvent, context: Context): Promise<ApiResult> => {
        const { id } = recordPath.parse(event.pathParameters);
        const request = await duty().requestMeasures(id, actorOf(context));
        return jsonResponse(202, { request: request.number, requestedAt: request.requestedAt });
      },
    ).use(jsonApi({ access: 'hr' })),
    'GET /api/transfers/{id}/measures': recordRoute({ access: 'hr' }, ({ id }) => duty().measures(id)),
    'GET /api/transfers/{id}/information': recordRoute({ access: 'hr' }, async ({ id }) => ({
      items: await duty().informationLetters(id),
    })),
    'POST /api/transfers/{id}/consultation-meetings': created(
      (id, input, actor) => duty().recordMeeting(id, input, actor),
      'consultation-meetings',
    ),
    'GET /api/transfers/{id}/consultation-meetings': recordRoute({ access: 'hr' }, async ({ id }) => ({
      items: await duty().meetings(id),
    })),
    'POST /api/transfers/{id}/representations': created(
      (id, input, actor) => duty().recordRepresentation(id, input, actor),
      'representations',
    ),
    'GET /api/transfers/{id}/representations': recordRoute({ access: 'hr' }, async ({ id }) => ({
      items: await duty().representations(id),
    })),
    'POST /api/transfers/{id}/representations/{rid}/reply': middy(
      async (event: ApiEvent, context: Context): Promise<ApiResult> => {
        const { id, rid } = replyPath.parse(event.pathParameters);
        const replied = await duty().replyToRepresentation(id, rid, body.parse(event.body), actorOf(context));
        return jsonResponse(200, { ...replied.representation, warnings: replied.warnings });
      },
    ).use(jsonApi({ access: 'hr', accept: ['application/json'] })),
  };

  return async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const route = routes[event.routeKey];
    // The catalog gives this function only the routes above.
    if (route === undefined) throw new Error('The information-duty function has no such route');
    return route(event, context);
  };
}

export const handler = createHandler();
