/**
 * The dashboard (DESIGN §1): HR's transfers and consultations, and the managers' page of contracts. It signs
 * people in, checks each page's roles, and hands the request to the page (functions/web/dashboard/).
 */
import middy, { type MiddlewareObj, type Request } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate } from '../adapters/auth.ts';
import { hostedSignInFromEnvironment } from '../adapters/hosted-sign-in.ts';
import { services } from '../composition.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import type { HostedSignIn } from '../domain/sign-in.ts';
import type { Actor } from '../services/contracts.ts';
import { type DashboardServices, dashboardPages, routeOf } from '../web/dashboard/routes.ts';
import { completeSignIn, showSignIn, signInRedirect, signOut } from '../web/dashboard/sign-in.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from '../web/error-pages.ts';
import { formBodyParser } from '../web/form-body.ts';
import { redirectResponse, type WebResult } from '../web/page-response.ts';
import { validPathParameters } from './http/path-parameters.ts';

const rosterUpload = /^\/transfers\/[^/]+\/staff$/;

/**
 * The Sign out form posts here and is answered with a redirect to the sign-in service's `/logout`. Browsers
 * hold the redirects after a form submission to the page's CSP `form-action` too, so its pages allow that
 * one origin besides their own.
 */
function formsMayEndAt(origin: () => string): MiddlewareObj<APIGatewayProxyEventV2, WebResult> {
  const formsMayEndAtAfter = (request: Request<APIGatewayProxyEventV2, WebResult>) => {
    const policy = request.response?.headers['content-security-policy'];
    if (request.response == null || policy === undefined) return;
    request.response.headers['content-security-policy'] = policy.replace(
      "form-action 'self'",
      `form-action 'self' ${origin()}`,
    );
  };
  return { after: formsMayEndAtAfter };
}

export function createHandler(
  getServices: () => DashboardServices | Promise<DashboardServices> = services,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  signIn: HostedSignIn = hostedSignInFromEnvironment(),
) {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(httpHeaderNormalizer())
    .use(htmlErrorPages())
    .use(formsMayEndAt(() => new URL(signIn.signOutUrl()).origin))
    .use(validPathParameters())
    .use(formBodyParser({ acceptsMultipart: (event) => rosterUpload.test(event.rawPath) }))
    .handler(async (event) => {
      const route = routeOf(event);
      if (route?.key === 'GET /sign-in') return showSignIn(event, signIn);
      if (route?.key === 'GET /sign-in/callback') return completeSignIn(event, signIn);
      if (route?.key === 'POST /sign-out') return signOut(event, signIn.signOutUrl());
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
