/**
 * What every HTML handler shares (the dashboard and the three forms behind personal links): one middy
 * chain and one router. In the order it runs: header names lower-cased, the handler's own answer middlewares
 * (if any), security headers on every answer (errors included), errors as pages, path parameters checked, then `@middy/http-router` hands the request
 * to its page, whose own small chain parses the form body.
 *
 *   htmlPages([{ method: 'GET', path: '/forms/pension/{token}', handle }])
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { serviceUnavailableFrom } from '../../adapters/service-availability.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { observability } from '../../observability.ts';
import type { Actor } from '../../services/contracts.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from '../../web/error-pages.ts';
import { formBodyParser } from '../../web/form-body.ts';
import type { HtmlRouteDefinition as HtmlRoute } from '../../web/html-route.ts';
import type { WebResult } from '../../web/page-response.ts';
import { signInRedirect } from '../../web/pages/sign-in/controller.ts';
import { htmlSecurityHeaders } from '../../web/security-headers.ts';
import { validPathParameters } from './path-parameters.ts';

/**
 * A path parameter as the page reads it. API Gateway decodes the path it routes on (the local stack too);
 * a hand-made event may still carry `%XX`, decoded here once. Valid values hold no `%`, so this is safe.
 */
function decodedParameters(route: HtmlRoute) {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  return {
    before: (request: middy.Request<APIGatewayProxyEventV2>) => {
      const parameters = request.event.pathParameters ?? {};
      for (const name of names) {
        const value = parameters[name];
        if (value === undefined) continue;
        try {
          parameters[name] = decodeURIComponent(value);
        } catch {
          // Left as sent: the check that follows refuses it.
        }
      }
    },
  };
}

function routeHandler(route: HtmlRoute) {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(decodedParameters(route))
    .use(validPathParameters())
    .use(formBodyParser({ multipart: route.multipart === true }))
    .handler(route.handle);
}

/**
 * Runs `page` for the signed-in person; someone who is not signed in is sent to sign in, to come back to
 * the page they asked for.
 */
export async function whenSignedIn(
  event: APIGatewayProxyEventV2,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor>,
  page: (actor: Actor) => Promise<WebResult>,
): Promise<WebResult> {
  let actor: Actor;
  try {
    actor = await authenticateRequest(event);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return signInRedirect(event);
    throw error;
  }
  return page(actor);
}

/**
 * `answerMiddlewares` run inside the security headers, so their `after` sees the headers set: a handler
 * adjusts its answers there (the dashboard lets its forms end at the sign-in service).
 */
export function htmlPages(
  routes: readonly HtmlRoute[],
  answerMiddlewares: readonly middy.MiddlewareObj<APIGatewayProxyEventV2, WebResult>[] = [],
) {
  const router = httpRouterHandler<APIGatewayProxyEventV2, WebResult>({
    routes: routes.map((route) => ({ method: route.method, path: route.path, handler: routeHandler(route) })),
    notFoundResponse: () => problemPageResponse(pageNotFound),
  });
  return (
    middy<APIGatewayProxyEventV2, WebResult>()
      // Powertools logger, metrics and tracer first, so they see every page's outcome, errors too.
      .use(observability())
      .use(httpHeaderNormalizer())
      // Before the security headers, so their `after` runs once the headers are set (middy runs it in reverse).
      .use([...answerMiddlewares])
      .use(htmlSecurityHeaders())
      .use(htmlErrorPages(serviceUnavailableFrom))
      .use(validPathParameters())
      .handler(router)
  );
}
