/**
 * The duty to inform and consult (TUPE reg 13), one function for its routes (it carries Chromium for the
 * information letter's PDF):
 * - `POST /api/transfers/{id}/measures-request` → 202: the transferee's contact is emailed a personal link
 *   to the measures form (409 without a contact); `GET …/measures` → the requests and answers.
 * - `POST …/information` `{reasons, implications, transferorMeasures, agencyWorkers}` → 200 `{sentOn,
 *   recipients, warnings}`: composed, rendered as a PDF, emailed to every representative (409: nobody to
 *   send to); `GET` lists the letters sent. `POST /transfers/{id}/information/send` is the dashboard's form.
 * - `POST …/consultation-meetings` `{heldOn, attendees, notes}` → 201; `GET` lists them.
 * - `POST …/representations` `{receivedOn, from, text}` → 201; `GET` lists them with their replies.
 * - `POST …/representations/{rid}/reply` `{text, accepted, reasons?}` → 200 with `warnings`.
 * - `/forms/measures/{token}`: the transferee's link form.
 * Notes, representations and replies are personal: stored, never logged.
 */

import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { authenticate, credentialFrom } from '../adapters/auth.ts';
import { pdfRenderer, type RenderPdf } from '../adapters/render-pdf.ts';
import { formTokenKey } from '../composition/form-token-key.ts';
import { informationDutyServiceOf } from '../composition/representative-services.ts';
import type { AllServices } from '../composition.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { Actor } from '../services/contracts.ts';
import { csrfFieldName, csrfTokens, type FormTokenKey } from '../web/csrf.ts';
import { formFieldsOf } from '../web/form-body.ts';
import type { WebResult } from '../web/page-response.ts';
import { submitInformation } from '../web/pages/information-duty/controller.ts';
import { measuresForm } from '../web/pages/measures-form/controller.ts';
import * as z from '../zod.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { htmlPages, whenSignedIn } from './http/html-pages.ts';
import { jsonApi } from './http/json-api.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody, recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

type DutyServices = Pick<AllServices, 'informationDuty'>;
type Route = (event: ApiEvent, context: Context) => Promise<ApiResult>;

const body = jsonObjectBody('Send a JSON object');
const replyPath = z.extend(recordPath, { rid: recordPath.shape.id });

let defaultRenderer: RenderPdf | undefined;
/** One Chromium a container, launched on the first letter. */
const renderWithChromium: RenderPdf = (html, options) => {
  defaultRenderer ??= pdfRenderer();
  return defaultRenderer(html, options);
};

/** HR's JSON routes, by route key. */
function jsonRoutes(getServices: () => DutyServices, renderPdf: RenderPdf): Record<string, Route> {
  const duty = () => getServices().informationDuty;

  /** A POST that records something new: 201 with it and where it is listed. */
  const created = (
    record: (id: string, input: unknown, actor: Actor) => Promise<{ id: string }>,
    listing: string,
  ): Route =>
    middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
      const { id } = recordPath.parse(event.pathParameters);
      const recorded = await record(id, body.parse(event.body), actorOf(context));
      return jsonResponse(201, recorded, {
        location: `/api/transfers/${encodeURIComponent(id)}/${listing}/${encodeURIComponent(recorded.id)}`,
      });
    }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));

  return {
    'POST /api/transfers/{id}/measures-request': middy(
      async (event: ApiEvent, context: Context): Promise<ApiResult> => {
        const { id } = recordPath.parse(event.pathParameters);
        const request = await duty().requestMeasures(id, actorOf(context));
        return jsonResponse(202, { request: request.number, requestedAt: request.requestedAt });
      },
    ).use(jsonApi({ access: 'hr' })),
    'GET /api/transfers/{id}/measures': recordRoute({ access: 'hr' }, ({ id }) => duty().measures(id)),
    'POST /api/transfers/{id}/information': recordRoute(
      { access: 'hr', body },
      ({ id, body: input, actor }) => duty().sendInformation(id, input, actor, renderPdf),
    ),
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
}

export function createHandler(
  getServices: () => DutyServices = () => ({ informationDuty: informationDutyServiceOf() }),
  renderPdf: RenderPdf = renderWithChromium,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  formKey: FormTokenKey = formTokenKey,
) {
  const routes = jsonRoutes(getServices, renderPdf);
  const pages = htmlPages([
    ...measuresForm.routes(getServices, formKey),
    {
      method: 'POST',
      path: '/transfers/{id}/information/send',
      handle: (event: APIGatewayProxyEventV2): Promise<WebResult> =>
        whenSignedIn(event, authenticateRequest, async (actor) => {
          if (!actor.roles.includes('hr')) throw new ForbiddenError('This page is for HR');
          // The dashboard's form token, bound to the session it was shown in.
          const csrf = await csrfTokens(event, formKey, `session:${credentialFrom(event) ?? ''}`);
          csrf.verify(formFieldsOf(event)[csrfFieldName]);
          return submitInformation(
            {
              event,
              actor,
              csrf,
              informationDuty: getServices().informationDuty,
              transferId: event.pathParameters?.id ?? '',
            },
            renderPdf,
          );
        }),
    },
  ]);

  return async (event: APIGatewayProxyEventV2, context: Context): Promise<ApiResult> => {
    const route = routes[event.routeKey];
    if (route !== undefined) return route(event as ApiEvent, context);
    return (await pages(event, context)) as ApiResult;
  };
}

export const handler = createHandler();
