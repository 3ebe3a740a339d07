/**
 * A dashboard page as an HTML route: signs the person in (or sends them to sign in), checks the page's
 * roles, checks the CSRF token of every POST and hands the request to the page. The dashboard serves its
 * pages with it; the transfer-evidence function one page too (giving the ELI, which needs its Chromium).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { credentialFrom } from '../../adapters/auth.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import type { Actor } from '../../services/contracts.ts';
import { csrfFieldName, csrfTokens, type FormTokenKey } from '../../web/csrf.ts';
import type { DashboardPage, DashboardServices } from '../../web/dashboard/routes.ts';
import { formFieldsOf } from '../../web/form-body.ts';
import type { HtmlRouteDefinition } from '../../web/html-route.ts';
import { redirectResponse } from '../../web/page-response.ts';
import { whenSignedIn } from './html-pages.ts';

/** A dashboard form's token is bound to the session it was shown in: another session's does not fit. */
export async function csrfOf(event: APIGatewayProxyEventV2, formKey: FormTokenKey) {
  const csrf = await csrfTokens(event, formKey, `session:${credentialFrom(event) ?? ''}`);
  if (event.requestContext.http.method === 'POST') csrf.verify(formFieldsOf(event)[csrfFieldName]);
  return csrf;
}

export interface DashboardRouteDependencies {
  getServices: () => DashboardServices | Promise<DashboardServices>;
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor>;
  formKey: FormTokenKey;
}

export function dashboardRoute(
  page: DashboardPage,
  dependencies: DashboardRouteDependencies,
): HtmlRouteDefinition {
  const { getServices, authenticateRequest, formKey } = dependencies;
  return {
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
  };
}
