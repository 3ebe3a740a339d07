/**
 * The dashboard's pages by `METHOD /path` (with `:id` for the transfer, consultation or contract id), each
 * with the roles that may open it. Transfers and consultations are for HR; contracts for HR and managers,
 * whose pages then show a manager only their own.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isValidPathParameter } from '../../domain/path-parameters.ts';
import type {
  Actor,
  ConsultationService,
  ContractService,
  TransferChangesService,
  TransferService,
} from '../../services/contracts.ts';
import type { WebResult } from '../page-response.ts';
import { downloadResponses, showConsultation, submitOutcome } from './consultation-page.ts';
import { showConsultations } from './consultations-list.ts';
import { showContract } from './contract-page.ts';
import { showContracts } from './contracts-list.ts';
import { showCreateConsultation, submitCreateConsultation } from './create-consultation.ts';
import { showCreateTransfer, submitCreateTransfer } from './create-transfer.ts';
import type { ConsultationRequest, ContractRequest, DashboardRequest } from './dashboard-page.ts';
import { showPerson, submitObjection } from './person-page.ts';
import { downloadElections, downloadExport, launchTransfer, showTransfer } from './transfer-page.ts';
import { showTransfers } from './transfers-list.ts';
import { showUploadRoster, submitRoster } from './upload-roster.ts';

/** What the pages use. Dates and objections, consultations and contracts are there once wired. */
export interface DashboardServices {
  transfers: TransferService;
  transferChanges?: TransferChangesService;
  consultations?: ConsultationService;
  contracts?: ContractService;
}

export interface DashboardRoute {
  key: string;
  /** The transfer, consultation or contract id in the path ('' when there is none). */
  id: string;
  employeeNumber?: string;
}

export interface PageCall {
  event: APIGatewayProxyEventV2;
  actor: Actor;
  services: DashboardServices;
  route: DashboardRoute;
}

export interface DashboardPage {
  roles: ReadonlyArray<Actor['roles'][number]>;
  open: (call: PageCall) => Promise<WebResult>;
}

const sections = new Set(['transfers', 'consultations', 'contracts']);

export function routeOf(event: APIGatewayProxyEventV2): DashboardRoute | undefined {
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
  const [section = '', id, ...rest] = segments;
  if (!sections.has(section) || id === undefined || id === 'new') {
    return { key: `${method} /${segments.join('/')}`, id: '' };
  }
  if (!isValidPathParameter('id', id)) return undefined;
  const [part, employeeNumber, ...after] = rest;
  if (section === 'transfers' && part === 'staff' && employeeNumber !== undefined) {
    if (!isValidPathParameter('employeeNumber', employeeNumber)) return undefined;
  }
  if (section === 'transfers' && part === 'staff' && employeeNumber !== undefined) {
    const tail = after.map((segment) => `/${segment}`).join('');
    return { key: `${method} /transfers/:id/staff/:employeeNumber${tail}`, id, employeeNumber };
  }
  return { key: `${method} /${section}/:id${rest.map((segment) => `/${segment}`).join('')}`, id };
}

function wired<T>(service: T | undefined, name: string): T {
  // A deployment without the service is a fault of ours (a 500), not something the user did.
  if (service === undefined) throw new Error(`The dashboard has no ${name} service`);
  return service;
}

function transferPage(page: (request: DashboardRequest) => Promise<WebResult>): DashboardPage {
  return {
    roles: ['hr'],
    open: ({ event, actor, services, route }) =>
      page({
        event,
        actor,
        transfers: services.transfers,
        transferId: route.id,
        ...(services.transferChanges ? { transferChanges: services.transferChanges } : {}),
        ...(route.employeeNumber === undefined ? {} : { employeeNumber: route.employeeNumber }),
      }),
  };
}

function consultationPage(page: (request: ConsultationRequest) => Promise<WebResult>): DashboardPage {
  return {
    roles: ['hr'],
    open: ({ event, actor, services, route }) =>
      page({
        event,
        actor,
        transfers: services.transfers,
        consultations: wired(services.consultations, 'consultations'),
        consultationId: route.id,
      }),
  };
}

function contractPage(page: (request: ContractRequest) => Promise<WebResult>): DashboardPage {
  return {
    roles: ['hr', 'manager'],
    open: ({ event, actor, services, route }) =>
      page({ event, actor, contracts: wired(services.contracts, 'contracts'), contractId: route.id }),
  };
}

export const dashboardPages: Record<string, DashboardPage> = {
  'GET /': transferPage(showTransfers),
  'GET /transfers/new': transferPage(showCreateTransfer),
  'POST /transfers': transferPage(submitCreateTransfer),
  'GET /transfers/:id': transferPage(showTransfer),
  'POST /transfers/:id/launch': transferPage(launchTransfer),
  'GET /transfers/:id/staff': transferPage(showUploadRoster),
  'POST /transfers/:id/staff': transferPage(submitRoster),
  'GET /transfers/:id/elections.csv': transferPage(downloadElections),
  'GET /transfers/:id/exports': transferPage(downloadExport),
  'GET /transfers/:id/staff/:employeeNumber': transferPage(showPerson),
  'POST /transfers/:id/staff/:employeeNumber/objection': transferPage(submitObjection),
  'GET /consultations': consultationPage(showConsultations),
  'GET /consultations/new': consultationPage(showCreateConsultation),
  'POST /consultations': consultationPage(submitCreateConsultation),
  'GET /consultations/:id': consultationPage(showConsultation),
  'POST /consultations/:id/outcome': consultationPage(submitOutcome),
  'GET /consultations/:id/responses.csv': consultationPage(downloadResponses),
  'GET /contracts': contractPage(showContracts),
  'GET /contracts/:id': contractPage(showContract),
};
