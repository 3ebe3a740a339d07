/**
 * The dashboard's pages, each with its method, its path for the router and the roles that may open it.
 * Transfers and consultations are for HR; contracts for HR and managers, whose pages then show a manager
 * only their own.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Actor } from '../../services/contracts.ts';
import type { CsrfTokens } from '../csrf.ts';
import type { WebResult } from '../page-response.ts';
import { cancelTransferPage } from '../pages/cancel-transfer/controller.ts';
import { downloadResponses, showConsultation, submitOutcome } from '../pages/consultation/controller.ts';
import { showConsultations } from '../pages/consultations/controller.ts';
import { showContract, submitDecision, submitJustification } from '../pages/contract/controller.ts';
import { showContracts } from '../pages/contracts/controller.ts';
import { showCreateConsultation, submitCreateConsultation } from '../pages/create-consultation/controller.ts';
import { showCreateContract, submitCreateContract } from '../pages/create-contract/controller.ts';
import { showCreateTransfer, submitCreateTransfer } from '../pages/create-transfer/controller.ts';
import { launchTransferPage } from '../pages/launch-transfer/controller.ts';
import {
  confirmMoveDates,
  showDatesCheck,
  showMoveDates,
  submitMoveDates,
} from '../pages/move-dates/controller.ts';
import { showPerson, submitObjection, submitUnlock } from '../pages/person/controller.ts';
import { personElectionPage } from '../pages/person-election/controller.ts';
import { personEmailPage } from '../pages/person-email/controller.ts';
import { resendLinkPage } from '../pages/resend-link/controller.ts';
import {
  downloadElections,
  downloadExport,
  retryMilestone,
  showTransfer,
} from '../pages/transfer/controller.ts';
import { showTransfers } from '../pages/transfers/controller.ts';
import { showUploadContracts, submitContracts } from '../pages/upload-contracts/controller.ts';
import { showUploadRoster, submitRoster } from '../pages/upload-roster/controller.ts';
import { withdrawObjectionPage } from '../pages/withdraw-objection/controller.ts';
import type {
  ConsultationRequest,
  ContractRequest,
  DashboardForm,
  DashboardRequest,
  DashboardServices,
} from './dashboard-page.ts';

export type { DashboardServices } from './dashboard-page.ts';

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
type Page<Request> = (request: Request) => Promise<WebResult>;

/**
 * Pages for `roles`, each given the request `requestOf` makes from the call: `page(method, path, open)`,
 * and `page.form(path, form)` for a form's GET and POST on one path.
 */
function pagesFor<Request>(roles: DashboardPage['roles'], requestOf: (call: PageCall) => Request) {
  const page = (method: Method, path: string, open: Page<Request>, options: { multipart?: boolean } = {}) =>
    ({ method, path, roles, ...options, open: (call) => open(requestOf(call)) }) satisfies DashboardPage;
  const form = (
    path: string,
    { show, submit }: DashboardForm<Request>,
    options: { multipart?: boolean } = {},
  ) => [page('GET', path, show), page('POST', path, submit, options)];
  return Object.assign(page, { form });
}

/** HR's pages about transfers (`{id}` the transfer, `{employeeNumber}` a person on it). */
const transferPage = pagesFor(['hr'], ({ event, actor, services, csrf }): DashboardRequest => {
  const employeeNumber = event.pathParameters?.employeeNumber;
  return {
    event,
    actor,
    csrf,
    transfers: services.transfers,
    transferId: parameter(event, 'id'),
    ...(services.transferChanges ? { transferChanges: services.transferChanges } : {}),
    ...(services.people ? { people: services.people } : {}),
    ...(employeeNumber === undefined ? {} : { employeeNumber }),
  };
});

/** HR's pages about consultations (`{id}` the consultation). */
const consultationPage = pagesFor(
  ['hr'],
  (call): ConsultationRequest => ({
    ...call,
    transfers: call.services.transfers,
    consultations: wired(call.services.consultations, 'consultations'),
    consultationId: parameter(call.event, 'id'),
  }),
);

const contractRequestOf = (call: PageCall): ContractRequest => ({
  ...call,
  contracts: wired(call.services.contracts, 'contracts'),
  contractId: parameter(call.event, 'id'),
});

/** Contracts pages, for HR and managers (`{id}` the contract; the service shows a manager only theirs). */
const contractPage = pagesFor(['hr', 'manager'], contractRequestOf);
/** What only HR does with contracts: add them, decide on the dashboard, justify a fixed term. */
const hrContractPage = pagesFor(['hr'], contractRequestOf);

export const dashboardPages: readonly DashboardPage[] = [
  transferPage('GET', '/', showTransfers),
  transferPage('GET', '/transfers/new', showCreateTransfer),
  transferPage('POST', '/transfers', submitCreateTransfer),
  transferPage('GET', '/transfers/{id}', showTransfer),
  ...transferPage.form('/transfers/{id}/launch', launchTransferPage),
  ...transferPage.form('/transfers/{id}/dates', { show: showMoveDates, submit: submitMoveDates }),
  transferPage('GET', '/transfers/{id}/dates/check', showDatesCheck),
  transferPage('POST', '/transfers/{id}/dates/confirm', confirmMoveDates),
  ...transferPage.form('/transfers/{id}/cancel', cancelTransferPage),
  transferPage('POST', '/transfers/{id}/retry', retryMilestone),
  ...transferPage.form(
    '/transfers/{id}/staff',
    { show: showUploadRoster, submit: submitRoster },
    { multipart: true },
  ),
  transferPage('GET', '/transfers/{id}/elections.csv', downloadElections),
  transferPage('GET', '/transfers/{id}/exports', downloadExport),
  transferPage('GET', '/transfers/{id}/staff/{employeeNumber}', showPerson),
  transferPage('POST', '/transfers/{id}/staff/{employeeNumber}/objection', submitObjection),
  ...transferPage.form('/transfers/{id}/staff/{employeeNumber}/email', personEmailPage),
  ...transferPage.form('/transfers/{id}/staff/{employeeNumber}/election', personElectionPage),
  ...transferPage.form('/transfers/{id}/staff/{employeeNumber}/objection/withdraw', withdrawObjectionPage),
  ...transferPage.form('/transfers/{id}/staff/{employeeNumber}/resend', resendLinkPage),
  transferPage('POST', '/transfers/{id}/staff/{employeeNumber}/unlock', submitUnlock),
  consultationPage('GET', '/consultations', showConsultations),
  consultationPage('GET', '/consultations/new', showCreateConsultation),
  consultationPage('POST', '/consultations', submitCreateConsultation),
  consultationPage('GET', '/consultations/{id}', showConsultation),
  consultationPage('POST', '/consultations/{id}/outcome', submitOutcome),
  consultationPage('GET', '/consultations/{id}/responses.csv', downloadResponses),
  contractPage('GET', '/contracts', showContracts),
  hrContractPage('GET', '/contracts/new', showCreateContract),
  hrContractPage('POST', '/contracts', submitCreateContract),
  ...hrContractPage.form(
    '/contracts/upload',
    { show: showUploadContracts, submit: submitContracts },
    { multipart: true },
  ),
  contractPage('GET', '/contracts/{id}', showContract),
  hrContractPage('POST', '/contracts/{id}/decision', submitDecision),
  hrContractPage('POST', '/contracts/{id}/justification', submitJustification),
];
