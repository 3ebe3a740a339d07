/**
 * The dashboard (DESIGN §1): HR's transfers and consultations, and the managers' page of contracts. It signs
 * people in, checks each page's roles, and hands the request to the page (functions/web/dashboard/).
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate, type VerifyToken, verifierFromEnvironmentVariables } from '../adapters/auth.ts';
import { type ExchangeCode, hostedSignInExchange } from '../adapters/sign-in-tokens.ts';
import { services } from '../composition.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import type { Actor } from '../services/contracts.ts';
import { type DashboardServices, dashboardPages, routeOf } from '../web/dashboard/routes.ts';
import { completeSignIn, showSignIn, signInRedirect, signOut } from '../web/dashboard/sign-in.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from '../web/error-pages.ts';
import { formBodyParser } from '../web/form-body.ts';
import { redirectResponse, type WebResult } from '../web/page-response.ts';
import { validPathParameters } from './http/path-parameters.ts';

const rosterUpload = /^\/transfers\/[^/]+\/staff$/;

export function createHandler(
  getServices: () => DashboardServices | Promise<DashboardServices> = services,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  signIn: { exchangeCode: ExchangeCode; verifyToken: VerifyToken } = {
    exchangeCode: hostedSignInExchange(),
    verifyToken: (token) => verifierFromEnvironmentVariables()(token),
  },
) {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(httpHeaderNormalizer())
    .use(htmlErrorPages())
    .use(validPathParameters())
    .use(formBodyParser({ acceptsMultipart: (event) => rosterUpload.test(event.rawPath) }))
    .handler(async (event) => {
      const route = routeOf(event);
      if (route?.key === 'GET /sign-in') return showSignIn(event);
      if (route?.key === 'GET /sign-in/callback')
        return completeSignIn(event, signIn.exchangeCode, signIn.verifyToken);
      if (route?.key === 'POST /sign-out') return signOut(event);
      const page = route === undefined ? undefined : dashboardPages[route.key];
      if (route === undefined || page === undefined) return problemPageResponse(pageNotFound);

      let actor: Actor;
      try {
        actor = await authenticateRequest(event);
      } catch (error) {
        if (error instanceof UnauthenticatedError) return signInRedirect(event);
        throw error;
      }
      if (!page.roles.some((role) => actor.roles.includes(role))) {
        // A manager signing in lands on the dashboard's home: their page is their contracts.
        if (route.key === 'GET /' && actor.roles.includes('manager')) return redirectResponse('/contracts');
        throw new ForbiddenError('This page is for HR');
      }
      return page.open({ event, actor, services: await getServices(), route });
    });
}

export const handler = createHandler();
