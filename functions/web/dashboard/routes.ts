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
import { showEvidencePack, submitEvidencePack } from '../pages/evidence-pack/controller.ts';
import {
  type InformationDutyRequest,
  showInformationDuty,
  showReply,
  submitContact,
  submitMeasuresRequest,
  submitMeeting,
  submitReply,
  submitRepresentation,
} from '../pages/information-duty/controller.ts';
import { launchTransferPage } from '../pages/launch-transfer/controller.ts';
import {
  showLiabilityInformation,
  submitCollectiveAgreements,
} from '../pages/liability-information/controller.ts';
import {
  confirmMoveDates,
  showDatesCheck,
  showMoveDates,
  submitMoveDates,
} from '../pages/move-dates/controller.ts';
import {
  showPerson,
  submitLiabilityFields,
  submitObjection,
  submitUnlock,
} from '../pages/person/controller.ts';
import { personElectionPage } from '../pages/person-election/controller.ts';
import { personEmailPage } from '../pages/person-email/controller.ts';
import {
  showRepresentatives,
  submitElection,
  submitRepresentative,
} from '../pages/representatives/controller.ts';
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

/** A section's pages by `'METHOD /path'`; a form that takes a file (multipart) says so. */
type PageTable<Request> = Record<
  `${Method} /${string}`,
  Page<Request> | { open: Page<Request>; multipart: true }
>;

/** The pages of a section: for `roles`, each given the request `requestOf` makes from the call. */
function pagesFor<Request>(roles: DashboardPage['roles'], requestOf: (call: PageCall) => Request) {
  return (table: PageTable<Request>): DashboardPage[] =>
    Object.entries(table).map(([route, entry]) => {
      const [method, path] = route.split(' ') as [Method, string];
      const { open, ...options } = typeof entry === 'function' ? { open: entry } : entry;
      return { method, path, roles, ...options, open: (call: PageCall) => open(requestOf(call)) };
    });
}

/**
 * HR's pages about transfers (`{id}` the transfer, `{employeeNumber}` a person on it). Exported for the
 * one such page another function serves (giving the ELI, in transfer-evidence).
 */
export const transferPages = pagesFor(['hr'], ({ event, actor, services, csrf }): DashboardRequest => {
  const employeeNumber = event.pathParameters?.employeeNumber;
  return {
    event,
    actor,
    csrf,
    transfers: services.transfers,
    transferId: parameter(event, 'id'),
    ...(services.transferChanges ? { transferChanges: services.transferChanges } : {}),
    ...(services.people ? { people: services.people } : {}),
    ...(services.representatives ? { representatives: services.representatives } : {}),
    ...(services.liabilityInformation ? { liabilityInformation: services.liabilityInformation } : {}),
    ...(services.evidencePacks ? { evidencePacks: services.evidencePacks } : {}),
    ...(employeeNumber === undefined ? {} : { employeeNumber }),
  };
});

/** HR's pages for informing and consulting the representatives (`{id}` the transfer, `{rid}` a representation). */
const informationDutyPages = pagesFor(
  ['hr'],
  (call): InformationDutyRequest => ({
    event: call.event,
    actor: call.actor,
    csrf: call.csrf,
    informationDuty: wired(call.services.informationDuty, 'information duty'),
    transferId: parameter(call.event, 'id'),
  }),
);

/** HR's pages about consultations (`{id}` the consultation). */
const consultationPages = pagesFor(
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
const contractPages = pagesFor(['hr', 'manager'], contractRequestOf);
/** What only HR does with contracts: add them, decide on the dashboard, justify a fixed term. */
const hrContractPages = pagesFor(['hr'], contractRequestOf);

export const dashboardPages: readonly DashboardPage[] = [
  ...transferPages({
    'GET /': showTransfers,
    'GET /transfers/new': showCreateTransfer,
    'POST /transfers': submitCreateTransfer,
    'GET /transfers/{id}': showTransfer,
    'GET /transfers/{id}/launch': launchTransferPage.show,
    'POST /transfers/{id}/launch': launchTransferPage.submit,
    'GET /transfers/{id}/dates': showMoveDates,
    'POST /transfers/{id}/dates': submitMoveDates,
    'GET /transfers/{id}/dates/check': showDatesCheck,
    'POST /transfers/{id}/dates/confirm': confirmMoveDates,
    'GET /transfers/{id}/cancel': cancelTransferPage.show,
    'POST /transfers/{id}/cancel': cancelTransferPage.submit,
    'POST /transfers/{id}/retry': retryMilestone,
    'GET /transfers/{id}/representatives': showRepresentatives,
    'POST /transfers/{id}/representatives': submitRepresentative,
    'POST /transfers/{id}/representative-election': submitElection,
    'GET /transfers/{id}/staff': showUploadRoster,
    'POST /transfers/{id}/staff': { open: submitRoster, multipart: true },
    'GET /transfers/{id}/elections.csv': downloadElections,
    'GET /transfers/{id}/exports': downloadExport,
    // GET /transfers/{id}/evidence (the inline pack, or 303 here for a large transfer) is transfer-evidence's.
    'POST /transfers/{id}/evidence-packs': submitEvidencePack,
    'GET /transfers/{id}/evidence-packs/{packId}': showEvidencePack,
    // POST /transfers/{id}/eli (Build and give) is served by transfer-evidence, which has Chromium.
    'GET /transfers/{id}/eli': showLiabilityInformation,
    'POST /transfers/{id}/eli/collective-agreements': submitCollectiveAgreements,
    'GET /transfers/{id}/staff/{employeeNumber}': showPerson,
    'POST /transfers/{id}/staff/{employeeNumber}/objection': submitObjection,
    'GET /transfers/{id}/staff/{employeeNumber}/email': personEmailPage.show,
    'POST /transfers/{id}/staff/{employeeNumber}/email': personEmailPage.submit,
    'GET /transfers/{id}/staff/{employeeNumber}/election': personElectionPage.show,
    'POST /transfers/{id}/staff/{employeeNumber}/election': personElectionPage.submit,
    'GET /transfers/{id}/staff/{employeeNumber}/objection/withdraw': withdrawObjectionPage.show,
    'POST /transfers/{id}/staff/{employeeNumber}/objection/withdraw': withdrawObjectionPage.submit,
    'GET /transfers/{id}/staff/{employeeNumber}/resend': resendLinkPage.show,
    'POST /transfers/{id}/staff/{employeeNumber}/resend': resendLinkPage.submit,
    'POST /transfers/{id}/staff/{employeeNumber}/unlock': submitUnlock,
    'POST /transfers/{id}/staff/{employeeNumber}/liability-information': submitLiabilityFields,
  }),
  ...informationDutyPages({
    'GET /transfers/{id}/information': showInformationDuty,
    'POST /transfers/{id}/information/contact': submitContact,
    'POST /transfers/{id}/information/measures-request': submitMeasuresRequest,
    'POST /transfers/{id}/information/meetings': submitMeeting,
    'POST /transfers/{id}/information/representations': submitRepresentation,
    'GET /transfers/{id}/information/representations/{rid}/reply': showReply,
    'POST /transfers/{id}/information/representations/{rid}/reply': submitReply,
  }),
  ...consultationPages({
    'GET /consultations': showConsultations,
    'GET /consultations/new': showCreateConsultation,
    'POST /consultations': submitCreateConsultation,
    'GET /consultations/{id}': showConsultation,
    'POST /consultations/{id}/outcome': submitOutcome,
    'GET /consultations/{id}/responses.csv': downloadResponses,
  }),
  ...contractPages({ 'GET /contracts': showContracts }),
  ...hrContractPages({
    'GET /contracts/new': showCreateContract,
    'POST /contracts': submitCreateContract,
    'GET /contracts/upload': showUploadContracts,
    'POST /contracts/upload': { open: submitContracts, multipart: true },
  }),
  // After /contracts/new and /contracts/upload, as before, so no router reads `new` or `upload` as an id.
  ...contractPages({ 'GET /contracts/{id}': showContract }),
  ...hrContractPages({
    'POST /contracts/{id}/decision': submitDecision,
    'POST /contracts/{id}/justification': submitJustification,
  }),
];
