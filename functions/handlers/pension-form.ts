/** The pension election form reached from the personal link in the invitation email (DESIGN §2, §6). */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from '../web/error-pages.ts';
import { formBodyParser } from '../web/form-body.ts';
import type { WebResult } from '../web/page-response.ts';
import {
  confirmChoice,
  type PensionFormRequest,
  showCheckAnswers,
  showConfirmation,
  showConfirmRedirect,
  showOption,
  showStart,
  submitEmployeeNumber,
  submitOption,
} from '../web/pension-form/pages.ts';

type Page = (request: PensionFormRequest) => Promise<WebResult>;

/** `METHOD step` → page; the start page has no step. */
const pages: Record<string, Page> = {
  'GET ': showStart,
  'POST ': submitEmployeeNumber,
  'GET option': showOption,
  'POST option': submitOption,
  'GET check': showCheckAnswers,
  'GET confirm': showConfirmRedirect,
  'POST confirm': confirmChoice,
  'GET confirmation': showConfirmation,
};

export function createHandler(getServices: () => Services | Promise<Services> = services) {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(httpHeaderNormalizer())
    .use(htmlErrorPages())
    .use(formBodyParser())
    .handler(async (event) => {
      const token = event.pathParameters?.token;
      const page = pages[`${event.requestContext.http.method} ${event.pathParameters?.step ?? ''}`];
      if (token === undefined || token === '' || page === undefined) return problemPageResponse(pageNotFound);
      const { elections } = await getServices();
      return page({ event, token, elections });
    });
}

export const handler = createHandler();
