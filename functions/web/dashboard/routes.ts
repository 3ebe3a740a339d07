/**
 * The dashboard's pages, each with its method, its path for the router and the roles that may open it.
 * Transfers and consultations are for HR; contracts for HR and managers, whose pages then show a manager
 * only their own.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type {
  Actor,
  ConsultationService,
  ContractService,
  TransferChangesService,
  TransferService,
} from '../../services/contracts.ts';
import type { CsrfTokens } from '../csrf.ts';
import type { WebResult } from '../page-response.ts';
import { downloadResponses, showConsultation, submitOutcome } from '../pages/consultation/controller.ts';
import { showConsultations } from '../pages/consultations/controller.ts';
import { showContract } from '../pages/contract/controller.ts';
import { showContracts } from '../pages/contracts/controller.ts';
import { showCreateConsultation, submitCreateConsultation } from '../pages/create-consultation/controller.ts';
import { showCreateTransfer, submitCreateTransfer } from '../pages/create-transfer/controller.ts';
import { showPerson, submitObjection } from '../pages/person/controller.ts';
import {
  downloadElections,
  downloadExport,
  launchTransfer,
  retryMilestone,
  showTransfer,
} from '../pages/transfer/controller.ts';
import { showTransfers } from '../pages/transfers/controller.ts';
import { showUploadRoster, submitRoster } from '../pages/upload-roster/controller.ts';
import type { ConsultationRequest, ContractRequest, DashboardRequest } from './dashboard-page.ts';

/** What the pages use. Dates and objections, consultations and contracts are there once wired. */
export interface DashboardServices {
  transfers: TransferService;
  transferChanges?: TransferChangesService;
  consultations?: ConsultationService;
  contracts?: ContractService;
}

/** What a page is given: the request, the signed-in person, the services, its CSRF tokens, its path's ids. */
export interface PageCall {
  event: APIGatewayProxyEventV2;
  actor: Actor;
  services: DashboardServices;
  csrf: CsrfTokens;
}

export interface DashboardPage {
  method: 'GET' | 'POST';
  /** The router's path: `{id}` the transfer, consultation or contract id, `{employeeNumber}` a person. */
  path: string;
  roles: ReadonlyArray<Actor['roles'][number]>;
  open: (call: PageCall) => Promise<WebResult>;
  /** The page takes a file (the roster upload). */
  multipart?: boolean;
}

/** A path parameter the router matched (present: the route's path names it). */
function parameter(event: APIGatewayProxyEventV2, name: string): string {
  return event.pathParameters?.[name] ?? '';
}

function wired<T>(service: T | undefined, name: string): T {
  // A deployment without the service is a fault of ours (a 500), not something the user did.
  if (service === undefined) throw new Error(`The dashboard has no ${name} service`);
  return service;
}

type Method = DashboardPage['method'];

/** An HR page about transfers (`{id}` the transfer, `{employeeNumber}` a person on it). */
function transferPage(
  method: Method,
  path: string,
  page: (request: DashboardRequest) => Promise<WebResult>,
  options: { multipart?: boolean } = {},
): DashboardPage {
  return {
    method,
    path,
    roles: ['hr'],
    ...options,
    open: ({ event, actor, services, csrf }) =>
      page({
        event,
        actor,
        csrf,
        transfers: services.transfers,
        transferId: parameter(event, 'id'),
        ...(services.transferChanges ? { transferChanges: services.transferChanges } : {}),
        ...(event.pathParameters?.employeeNumber === undefined
          ? {}
          : { employeeNumber: event.pathParameters.employeeNumber }),
      }),
  };
}

/** An HR page about consultations (`{id}` the consultation). */
function consultationPage(
  method: Method,
  path: string,
  page: (request: ConsultationRequest) => Promise<WebResult>,
): DashboardPage {
  return {
    method,
    path,
    roles: ['hr'],
    open: ({ event, actor, services, csrf }) =>
      page({
        event,
        actor,
        csrf,
        transfers: services.transfers,
        consultations: wired(services.consultations, 'consultations'),
        consultationId: parameter(event, 'id'),
      }),
  };
}

/** A contracts page, for HR and managers (`{id}` the contract; the service shows a manager only theirs). */
function contractPage(
  method: Method,
  path: string,
  page: (request: ContractRequest) => Promise<WebResult>,
): DashboardPage {
  return {
    method,
    path,
    roles: ['hr', 'manager'],
    open: ({ event, actor, services, csrf }) =>
      page({
        event,
        actor,
        csrf,
        contracts: wired(services.contracts, 'contracts'),
        contractId: parameter(event, 'id'),
      }),
  };
}

export const dashboardPages: readonly DashboardPage[] = [
  transferPage('GET', '/', showTransfers),
  transferPage('GET', '/transfers/new', showCreateTransfer),
  transferPage('POST', '/transfers', submitCreateTransfer),
  transferPage('GET', '/transfers/{id}', showTransfer),
  transferPage('POST', '/transfers/{id}/launch', launchTransfer),
  transferPage('POST', '/transfers/{id}/retry', retryMilestone),
  transferPage('GET', '/transfers/{id}/staff', showUploadRoster),
  transferPage('POST', '/transfers/{id}/staff', submitRoster, { multipart: true }),
  transferPage('GET', '/transfers/{id}/elections.csv', downloadElections),
  transferPage('GET', '/transfers/{id}/exports', downloadExport),
  transferPage('GET', '/transfers/{id}/staff/{employeeNumber}', showPerson),
  transferPage('POST', '/transfers/{id}/staff/{employeeNumber}/objection', submitObjection),
  consultationPage('GET', '/consultations', showConsultations),
  consultationPage('GET', '/consultations/new', showCreateConsultation),
  consultationPage('POST', '/consultations', submitCreateConsultation),
  consultationPage('GET', '/consultations/{id}', showConsultation),
  consultationPage('POST', '/consultations/{id}/outcome', submitOutcome),
  consultationPage('GET', '/consultations/{id}/responses.csv', downloadResponses),
  contractPage('GET', '/contracts', showContracts),
  contractPage('GET', '/contracts/{id}', showContract),
];
