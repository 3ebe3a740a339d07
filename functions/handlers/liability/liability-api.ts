/**
 * The employee liability information (TUPE reg 11), for HR: `GET /api/transfers/{id}/eli` its status;
 * `POST …/eli` (202) builds it and gives it to the transferee's contact; `PUT …/collective-agreements`
 * `{text}`; `PUT …/staff/{employeeNumber}/liability-information` a person's fields (partial or whole).
 * Bodies hold personal data: stored and audited by field name, never logged.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { pdfRenderer, type RenderPdf } from '../../adapters/render-pdf.ts';
import { liabilityInformationServiceOf } from '../../composition/transfer-services.ts';
import type { AllServices } from '../../composition.ts';
import type { RenderLiabilityPdf } from '../../services/liability-information-service.ts';
import { liabilityDocumentView } from '../../web/liability/liability-document.ts';
import { renderHtml } from '../../web/view-renderer.ts';
import type { ApiEvent, ApiResult } from '../http/api-event.ts';
import { jsonApi } from '../http/json-api.ts';
import { jsonObjectBody, recordPath, staffCasePath } from '../http/request-schemas.ts';
import { actorOf } from '../http/require-role.ts';
import { jsonResponse } from '../http/responses.ts';

const body = jsonObjectBody();

let defaultRenderer: RenderPdf | undefined;
/** One Chromium a container, launched on the first ELI. */
const renderWithChromium: RenderPdf = (html, options) => {
  defaultRenderer ??= pdfRenderer();
  return defaultRenderer(html, options);
};

/** The ELI's PDF: its page rendered to HTML, then printed by `renderPdf`. */
export function liabilityPdfRenderer(renderPdf: RenderPdf = renderWithChromium): RenderLiabilityPdf {
  return (document) => {
    const view = liabilityDocumentView(document);
    return renderPdf(renderHtml('liability/information.njk', view), { title: view.title });
  };
}

export function createHandler(
  getServices: () => Pick<AllServices, 'liabilityInformation'> = () => ({
    liabilityInformation: liabilityInformationServiceOf(),
  }),
  renderPdf: RenderLiabilityPdf = liabilityPdfRenderer(),
) {
  // A GET carries no body, so it takes no media type.
  const read = middy(
    async (event: ApiEvent, context: Context): Promise<ApiResult> =>
      jsonResponse(
        200,
        await getServices().liabilityInformation.status(
          recordPath.parse(event.pathParameters).id,
          actorOf(context),
        ),
      ),
  ).use(jsonApi({ access: 'hr' }));
  const change = middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const service = getServices().liabilityInformation;
    const actor = actorOf(context);
    switch (event.routeKey) {
      case 'POST /api/transfers/{id}/eli':
        return jsonResponse(
          202,
          await service.give(recordPath.parse(event.pathParameters).id, actor, renderPdf),
        );
      case 'PUT /api/transfers/{id}/collective-agreements': {
        const { id } = recordPath.parse(event.pathParameters);
        return jsonResponse(200, await service.setCollectiveAgreements(id, body.parse(event.body), actor));
      }
      case 'PUT /api/transfers/{id}/staff/{employeeNumber}/liability-information': {
        const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
        const input = body.parse(event.body);
        return jsonResponse(200, await service.correctPerson(id, employeeNumber, input, actor));
      }
      default:
        throw new Error(`liability-information does not serve ${event.routeKey}`);
    }
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
  return (event: ApiEvent, context: Context) =>
    event.routeKey === 'GET /api/transfers/{id}/eli' ? read(event, context) : change(event, context);
}
