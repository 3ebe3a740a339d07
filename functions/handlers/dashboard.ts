/** The HR dashboard: transfers, creating one, uploading its roster, launching it, following it (DESIGN §1). */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate, type VerifyToken, verifierFromEnvironmentVariables } from '../adapters/auth.ts';
import { type ExchangeCode, hostedSignInExchange } from '../adapters/sign-in-tokens.ts';
import { services } from '../composition.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import type { Actor, Services } from '../services/contracts.ts';
import { showCreateTransfer, submitCreateTransfer } from '../web/dashboard/create-transfer.ts';
import type { DashboardRequest } from '../web/dashboard/dashboard-page.ts';
import { showPerson, submitObjection } from '../web/dashboard/person-page.ts';
import { completeSignIn, showSignIn, signInRedirect, signOut } from '../web/dashboard/sign-in.ts';
import {
  downloadElections,
  downloadExport,
  launchTransfer,
  showTransfer,
} from '../web/dashboard/transfer-page.ts';
import { showTransfers } from '../web/dashboard/transfers-list.ts';
import { showUploadRoster, submitRoster } from '../web/dashboard/upload-roster.ts';
import { htmlErrorPages, pageNotFound, problemPageResponse } from '../web/error-pages.ts';
import { formBodyParser } from '../web/form-body.ts';
import type { WebResult } from '../web/page-response.ts';

type Page = (request: DashboardRequest) => Promise<WebResult>;

/** `METHOD /path` with `:id` for the transfer id → page. */
const pages: Record<string, Page> = {
  'GET /': showTransfers,
  'GET /transfers/new': showCreateTransfer,
  'POST /transfers': submitCreateTransfer,
  'GET /transfers/:id': showTransfer,
  'POST /transfers/:id/launch': launchTransfer,
  'GET /transfers/:id/staff': showUploadRoster,
  'POST /transfers/:id/staff': submitRoster,
  'GET /transfers/:id/elections.csv': downloadElections,
  'GET /transfers/:id/exports': downloadExport,
  'GET /transfers/:id/staff/:employeeNumber': showPerson,
  'POST /transfers/:id/staff/:employeeNumber/objection': submitObjection,
};

const rosterUpload = /^\/transfers\/[^/]+\/staff$/;

function routeOf(
  event: APIGatewayProxyEventV2,
): { key: string; transferId: string; employeeNumber?: string } | undefined {
  let segments: string[];
  try {
    segments = event.rawPath
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const method = event.requestContext.http.method;
  const [first, id, ...rest] = segments;
  if (first !== 'transfers' || id === undefined || id === 'new') {
    return { key: `${method} /${segments.join('/')}`, transferId: '' };
  }
  const [section, employeeNumber, ...after] = rest;
  if (section === 'staff' && employeeNumber !== undefined) {
    const tail = after.map((part) => `/${part}`).join('');
    return { key: `${method} /transfers/:id/staff/:employeeNumber${tail}`, transferId: id, employeeNumber };
  }
  return { key: `${method} /transfers/:id${rest.map((part) => `/${part}`).join('')}`, transferId: id };
}

/** The dashboard needs the transfers; the person page also records objections through the changes. */
type DashboardServices = Pick<Services, 'transfers'> & Partial<Pick<Services, 'transferChanges'>>;

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
    .use(formBodyParser({ acceptsMultipart: (event) => rosterUpload.test(event.rawPath) }))
    .handler(async (event) => {
      const route = routeOf(event);
      if (route?.key === 'GET /sign-in') return showSignIn(event);
      if (route?.key === 'GET /sign-in/callback')
        return completeSignIn(event, signIn.exchangeCode, signIn.verifyToken);
      if (route?.key === 'POST /sign-out') return signOut(event);
      const page = route === undefined ? undefined : pages[route.key];
      if (route === undefined || page === undefined) return problemPageResponse(pageNotFound);

      let actor: Actor;
      try {
        actor = await authenticateRequest(event);
      } catch (error) {
        if (error instanceof UnauthenticatedError) return signInRedirect(event);
        throw error;
      }
      if (!actor.roles.includes('hr')) throw new ForbiddenError('The dashboard is for HR');
      const { transfers, transferChanges } = await getServices();
      return page({
        event,
        actor,
        transfers,
        transferId: route.transferId,
        ...(transferChanges ? { transferChanges } : {}),
        ...(route.employeeNumber === undefined ? {} : { employeeNumber: route.employeeNumber }),
      });
    });
}

export const handler = createHandler();
