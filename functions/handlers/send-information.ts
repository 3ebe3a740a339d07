/**
 * The reg 13(2) information (TUPE reg 13): composed from the transfer's data, HR's input and the
 * transferee's measures, rendered as a PDF and emailed to every representative (or, with none and fewer
 * than 10 staff, to the staff directly). Its own function because it carries Chromium for the PDF.
 * - `POST /api/transfers/{id}/information` `{reasons, implications, transferorMeasures, agencyWorkers}` →
 *   200 `{sentOn, recipients, warnings}`; 409 when there is nobody to send it to.
 * - `POST /transfers/{id}/information/send`: the dashboard's form, back to the page with a banner.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { authenticate, credentialFrom } from '../adapters/auth.ts';
import { pdfRenderer, type RenderPdf } from '../adapters/render-pdf.ts';
import { type AllServices, formTokenKey, services } from '../composition.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { Actor } from '../services/contracts.ts';
import { csrfFieldName, csrfTokens, type FormTokenKey } from '../web/csrf.ts';
import { formFieldsOf } from '../web/form-body.ts';
import type { WebResult } from '../web/page-response.ts';
import { submitInformation } from '../web/pages/information-duty/controller.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { htmlPages, whenSignedIn } from './http/html-pages.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonObjectBody, recordPath } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

let defaultRenderer: RenderPdf | undefined;
/** One Chromium a container, launched on the first letter. */
const renderWithChromium: RenderPdf = (html, options) => {
  defaultRenderer ??= pdfRenderer();
  return defaultRenderer(html, options);
};

const informationBody = jsonObjectBody('Send the information as a JSON object');

export function createHandler(
  getServices: () => Pick<AllServices, 'informationDuty'> = services,
  renderPdf: RenderPdf = renderWithChromium,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  formKey: FormTokenKey = formTokenKey,
) {
  const api = middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = recordPath.parse(event.pathParameters);
    const input = informationBody.parse(event.body);
    const sent = await getServices().informationDuty.sendInformation(id, input, actorOf(context), renderPdf);
    return jsonResponse(200, sent);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));

  const page = htmlPages([
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

  return async (event: APIGatewayProxyEventV2, context: Context): Promise<ApiResult> =>
    event.routeKey.startsWith('POST /api/')
      ? api(event as ApiEvent, context)
      : ((await page(event, context)) as ApiResult);
}

export const handler = createHandler();
