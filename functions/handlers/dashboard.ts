/**
 * The dashboard (DESIGN §1): HR's transfers and consultations, and the managers' page of contracts. Its
 * routes go through the one HTML router; each page's route signs the person in, checks the page's roles,
 * checks the CSRF token of every POST and hands the request to the page (functions/web/dashboard/).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate } from '../adapters/auth.ts';
import { hostedSignInFromEnvironment } from '../adapters/hosted-sign-in.ts';
import { formTokenKey } from '../composition/form-token-key.ts';
import { services } from '../composition.ts';
import type { HostedSignIn } from '../domain/sign-in.ts';
import type { Actor } from '../services/contracts.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { type DashboardPage, type DashboardServices, dashboardPages } from '../web/dashboard/routes.ts';
import type { HtmlRouteDefinition } from '../web/html-route.ts';
import type { WebResult } from '../web/page-response.ts';
import { completeSignIn, showSignIn, signOut } from '../web/pages/sign-in/controller.ts';
import { formsMayEndAt } from '../web/security-headers.ts';
import { csrfOf, dashboardRoute } from './http/dashboard-route.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () => DashboardServices | Promise<DashboardServices> = services,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  signIn: HostedSignIn = hostedSignInFromEnvironment(),
  formKey: FormTokenKey = formTokenKey,
) {
  const signedIn = (page: DashboardPage): HtmlRouteDefinition =>
    dashboardRoute(page, { getServices, authenticateRequest, formKey });

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
