/**
 * The wiring every form behind a personal link shares (pension election, consultation response, renewal
 * decision): headers normalised, errors as pages, form bodies parsed, and `METHOD step` routed to a page.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { validPathParameters } from '../handlers/http/path-parameters.ts';
import type { Services } from '../services/contracts.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from './error-pages.ts';
import { formBodyParser } from './form-body.ts';
import type { WebResult } from './page-response.ts';

export interface LinkFormRequest {
  event: APIGatewayProxyEventV2;
  token: string;
}

/**
 * `pages` maps `METHOD step` to a page (the start page has no step: `GET `); `requestOf` adds the service
 * the form uses to the request.
 */
export function linkFormHandler<Request extends LinkFormRequest>(
  pages: Readonly<Record<string, (request: Request) => Promise<WebResult>>>,
  requestOf: (request: LinkFormRequest, services: Services) => Request,
  getServices: () => Services | Promise<Services>,
) {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(httpHeaderNormalizer())
    .use(htmlErrorPages())
    .use(validPathParameters())
    .use(formBodyParser())
    .handler(async (event) => {
      const token = event.pathParameters?.token;
      const page = pages[`${event.requestContext.http.method} ${event.pathParameters?.step ?? ''}`];
      if (token === undefined || token === '' || page === undefined) return problemPageResponse(pageNotFound);
      return page(requestOf({ event, token }, await getServices()));
    });
}
