/**
 * The dashboard (DESIGN §1): HR's transfers and consultations, and the managers' page of contracts. Its
 * routes go through the one HTML router; each page's route signs the person in, checks the page's roles,
 * checks the CSRF token of every POST and hands the request to the page (functions/web/dashboard/).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate, credentialFrom } from '../adapters/auth.ts';
import { hostedSignInFromEnvironment } from '../adapters/hosted-sign-in.ts';
import { formTokenKey, services } from '../composition.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { HostedSignIn } from '../domain/sign-in.ts';
import type { Actor } from '../services/contracts.ts';
import { csrfFieldName, csrfTokens, type FormTokenKey } from '../web/csrf.ts';
import { type DashboardPage, type DashboardServices, dashboardPages } from '../web/dashboard/routes.ts';
import { formFieldsOf } from '../web/form-body.ts';
import type { HtmlRouteDefinition } from '../web/html-route.ts';
import { redirectResponse, type WebResult } from '../web/page-response.ts';
import { completeSignIn, showSignIn, signOut } from '../web/pages/sign-in/controller.ts';
import { formsMayEndAt } from '../web/security-headers.ts';
import { htmlPages, whenSignedIn } from './http/html-pages.ts';

/** A dashboard form's token is bound to the session it was shown in: another session's does not fit. */
async function csrfOf(event: APIGatewayProxyEventV2, formKey: FormTokenKey) {
  const csrf = await csrfTokens(event, formKey, `session:${credentialFrom(event) ?? ''}`);
  if (event.requestContext.http.method === 'POST') csrf.verify(formFieldsOf(event)[csrfFieldName]);
  return csrf;
}

export function createHandler(
  getServices: () => DashboardServices | Promise<DashboardServices> = services,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  signIn: HostedSignIn = hostedSignInFromEnvironment(),
  formKey: FormTokenKey = formTokenKey,
) {
  const signedIn = (page: DashboardPage): HtmlRouteDefinition => ({
    method: page.method,
    path: page.path,
    ...(page.multipart ? { multipart: true } : {}),
    handle: (event) =>
      whenSignedIn(event, authenticateRequest, async (actor) => {
        if (!page.roles.some((role) => actor.roles.includes(role))) {
          // A manager signing in lands on the dashboard's home: their page is their contracts.
          if (page.path === '/' && actor.roles.includes('manager')) return redirectResponse('/contracts');
          throw new ForbiddenError('This page is for HR');
        }
        const csrf = await csrfOf(event, formKey);
        return page.open({ event, actor, services: await getServices(), csrf });
      }),
  });

  const signInPage = (
    method: 'GET' | 'POST',
    path: string,
    page: (event: APIGatewayProxyEventV2, signIn: HostedSignIn) => Promise<WebResult>,
  ): HtmlRouteDefinition => ({
    method,
    path,
    handle: async (event) => {
      if (method === 'POST') await csrfOf(event, formKey);
      return page(event, signIn);
    },
  });

  return htmlPages(
    [
      signInPage('GET', '/sign-in', showSignIn),
      signInPage('GET', '/sign-in/callback', completeSignIn),
      signInPage('POST', '/sign-out', signOut),
      ...dashboardPages.map(signedIn),
    ],
    // The Sign out form is answered with a redirect to the sign-in service's `/logout`.
    [formsMayEndAt(() => new URL(signIn.signOutUrl()).origin)],
  );
}

export const handler = createHandler();
