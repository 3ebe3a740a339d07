/** What every HR page shares: the signed-in person, the CSRF token, the navigation and the errors. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Actor, TransferChangesService, TransferService } from '../../services/contracts.ts';
import { csrfTokenFor } from '../csrf.ts';
import { type FormErrorsView, noFormErrors } from '../form-errors.ts';
import { pageResponse, type WebResult } from '../page-response.ts';

export interface DashboardRequest {
  event: APIGatewayProxyEventV2;
  actor: Actor;
  transfers: TransferService;
  /** The transfer id of `/transfers/{id}/...` routes. */
  transferId: string;
  /** The employee number of `/transfers/{id}/staff/{employeeNumber}` routes. */
  employeeNumber?: string;
  /** Dates, cancels and objections: present wherever the full services are wired. */
  transferChanges?: TransferChangesService;
}

export interface DashboardRenderOptions {
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

export function renderDashboardPage(
  request: Pick<DashboardRequest, 'event' | 'actor'>,
  template: string,
  context: object,
  options: DashboardRenderOptions = {},
): WebResult {
  const csrf = csrfTokenFor(request.event);
  const errors = options.errors ?? noFormErrors;
  return pageResponse(
    `dashboard/${template}`,
    {
      ...context,
      signedIn: { id: request.actor.id },
      navigationActive: 'transfers',
      csrfToken: csrf.token,
      errorList: errors.errorList,
      fieldErrors: errors.fieldErrors,
    },
    { status: options.status ?? 200, cookies: [csrf.setCookie, ...(options.cookies ?? [])] },
  );
}

export function transferPath(id: string, rest = ''): string {
  return `/transfers/${encodeURIComponent(id)}${rest}`;
}
