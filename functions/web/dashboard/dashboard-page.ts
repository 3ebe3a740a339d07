/** What every dashboard page shares: the signed-in person, the CSRF token, the navigation and the errors. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type {
  Actor,
  ConsultationService,
  ContractService,
  PeopleService,
  TransferChangesService,
  TransferService,
} from '../../services/contracts.ts';
import type { EvidencePackRequests } from '../../services/evidence-pack-requests.ts';
import type { InformationDutyService } from '../../services/information-duty-service.ts';
import type { LiabilityInformationService } from '../../services/liability-information-service.ts';
import type { RepresentativeService } from '../../services/representative-service.ts';
import type { CsrfTokens } from '../csrf.ts';
import { type FormErrorsView, noFormErrors } from '../form-errors.ts';
import { pageResponse, type WebResult } from '../page-response.ts';

/** What the pages use. Dates and objections, consultations and contracts are there once wired. */
export interface DashboardServices {
  transfers: TransferService;
  transferChanges?: TransferChangesService;
  people?: PeopleService;
  /** The employee liability information (TUPE reg 11): its page and a person's fields. */
  liabilityInformation?: LiabilityInformationService;
  consultations?: ConsultationService;
  contracts?: ContractService;
  representatives?: RepresentativeService;
  informationDuty?: InformationDutyService;
  /** The evidence pack built in S3 as a ZIP: its page starts one and shows its progress and link. */
  evidencePacks?: DashboardEvidencePacks;
}

/** What the evidence pack's page asks of the pack's service. */
export type DashboardEvidencePacks = Pick<EvidencePackRequests, 'request' | 'status'>;

/** What every dashboard page is given: the request, the signed-in person and the page's CSRF tokens. */
export interface PageRequest {
  event: APIGatewayProxyEventV2;
  actor: Actor;
  csrf: CsrfTokens;
}

export interface DashboardRequest extends PageRequest {
  transfers: TransferService;
  /** The transfer id of `/transfers/{id}/...` routes. */
  transferId: string;
  /** The employee number of `/transfers/{id}/staff/{employeeNumber}` routes. */
  employeeNumber?: string;
  /** Dates, cancels and objections: present wherever the full services are wired. */
  transferChanges?: TransferChangesService;
  /** What HR does for one person: present wherever the full services are wired. */
  people?: PeopleService;
  /** Representatives and their election: present wherever the full services are wired. */
  representatives?: RepresentativeService;
  /** The employee liability information: present wherever the full services are wired. */
  liabilityInformation?: LiabilityInformationService;
  /** The evidence pack built as a ZIP: present wherever the full services are wired. */
  evidencePacks?: DashboardEvidencePacks;
}

/** A dashboard form's two pages, on one path: GET shows it, POST submits it. */
export interface DashboardForm<Request = DashboardRequest> {
  show(request: Request): Promise<WebResult>;
  submit(request: Request): Promise<WebResult>;
}

/** The transfer changes service of a page that needs it; a dashboard built without it is our fault (a 500). */
export function transferChangesOf(request: DashboardRequest): TransferChangesService {
  if (!request.transferChanges)
    throw new Error('The dashboard was built without the transfer changes service');
  return request.transferChanges;
}

/** The evidence pack service of a page that needs it; a dashboard built without it is our fault (a 500). */
export function evidencePacksOf(request: DashboardRequest): DashboardEvidencePacks {
  if (!request.evidencePacks) throw new Error('The dashboard was built without the evidence pack service');
  return request.evidencePacks;
}

/** The liability information service of a page that needs it; a dashboard built without it is our fault (a 500). */
export function liabilityInformationOf(request: DashboardRequest): LiabilityInformationService {
  if (!request.liabilityInformation)
    throw new Error('The dashboard was built without the liability information service');
  return request.liabilityInformation;
}

/** A consultation page (HR): `/consultations/...`; the create form lists the transfers to link to. */
export interface ConsultationRequest extends PageRequest {
  consultations: ConsultationService;
  transfers: TransferService;
  /** The consultation id of `/consultations/{id}/...` routes. */
  consultationId: string;
}

/** A contracts page (a manager or HR): `/contracts/...`. */
export interface ContractRequest extends PageRequest {
  contracts: ContractService;
  /** The contract id of `/contracts/{id}` routes. */
  contractId: string;
}

export type DashboardSection = 'transfers' | 'consultations' | 'contracts';

export interface DashboardRenderOptions {
  /** The navigation item to mark as the current one (the transfers unless a page says otherwise). */
  section?: DashboardSection;
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

export function isHr(actor: Actor): boolean {
  return actor.roles.includes('hr');
}

/** HR sees every section; a manager has one page, their contracts. */
function navigationOf(actor: Actor, section: DashboardSection) {
  const items = isHr(actor)
    ? [
        { href: '/', text: 'Transfers', section: 'transfers' },
        { href: '/consultations', text: 'Consultations', section: 'consultations' },
        { href: '/contracts', text: 'Contracts', section: 'contracts' },
      ]
    : [{ href: '/contracts', text: 'Your contracts', section: 'contracts' }];
  return items.map((item) => ({ href: item.href, text: item.text, active: item.section === section }));
}

export function renderDashboardPage(
  request: PageRequest,
  template: string,
  context: object,
  options: DashboardRenderOptions = {},
): WebResult {
  const { csrf } = request;
  const errors = options.errors ?? noFormErrors;
  return pageResponse(
    template,
    {
      ...context,
      signedIn: { id: request.actor.id },
      homeUrl: isHr(request.actor) ? '/' : '/contracts',
      navigationItems: navigationOf(request.actor, options.section ?? 'transfers'),
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

export function consultationPath(id: string, rest = ''): string {
  return `/consultations/${encodeURIComponent(id)}${rest}`;
}

export function contractPath(id: string, rest = ''): string {
  return `/contracts/${encodeURIComponent(id)}${rest}`;
}
