/**
 * What the application services offer to handlers and pages. Handlers and pages depend on these
 * interfaces, built in `functions/composition.ts`, so tests can pass in fakes without module mocking.
 */
import type { Actor } from '../domain/actor.ts';
import type {
  Consultation,
  ConsultationStatus,
  ConsultationTexts,
  ConsultationWarning,
} from '../domain/consultation.ts';
import type {
  Contract,
  ContractDecision,
  ContractKind,
  ContractStatus,
  ContractWarning,
} from '../domain/contract.ts';
import type { DateMove, MovedMilestone } from '../domain/date-change.ts';
import type { ElectionProgress } from '../domain/election-progress.ts';
import type { NotificationRecord } from '../domain/notification.ts';
import type { TimerFailureSummary } from '../domain/timer.ts';
import type {
  BusinessDate,
  CaseEvent,
  CaseStatus,
  Election,
  HrContact,
  Instant,
  LegalBasis,
  MilestoneRecord,
  PensionOption,
  StaffCase,
  Transfer,
  TransferCompletion,
  TransferStatus,
} from '../domain/transfer.ts';

// Defined in domain, where adapters may use them too; still importable from here.
export type { Actor } from '../domain/actor.ts';
export { type NotificationRecord, wasSent } from '../domain/notification.ts';

export interface NewTransferInput {
  name: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  legalBasis?: LegalBasis;
  consultation?: { opensOn: BusinessDate; closesOn: BusinessDate };
  pension: { options: PensionOption[]; defaultOption: string; electionClosesOn: BusinessDate };
  hrContact?: HrContact;
  transfereeContact?: { name: string; email: string };
  retentionYears?: number;
  informationLeadDays?: number;
}

export interface TransferSummary {
  id: string;
  name: string;
  status: TransferStatus;
  transferDate: BusinessDate;
  counts: Record<CaseStatus, number>;
  /** Once transfer day has run: what it did. */
  completion?: TransferCompletion;
}

export interface TransferView extends Transfer {
  /** The scheduled milestones, with what each did once run (`sent`, `reason`) and how its retries stand. */
  milestones: MilestoneRecord[];
  /** The launch's own record once launched: running, done (with the invitations sent) or failed. */
  launch?: MilestoneRecord;
  /** Telling staff of the latest date change, once the dates have moved after the launch. */
  dateChange?: MilestoneRecord;
  /** Telling staff of the cancellation and deleting their data, once cancelled. */
  cancellation?: MilestoneRecord;
}

export interface StaffListItem {
  employeeNumber: string;
  name: string;
  status: CaseStatus;
  election?: Election;
}

export interface StaffPage {
  items: StaffListItem[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

export interface CaseView extends StaffCase {
  history: CaseEvent[];
  notifications: NotificationRecord[];
  /** Present while the person's link is locked after too many wrong employee numbers: when it opens. */
  lockedUntil?: Instant;
}

export interface ImportResult {
  added: number;
  total: number;
}

export interface TransferService {
  list(): Promise<TransferSummary[]>;
  /** Throws ValidationError (with a field error per problem) and stores nothing on bad input. */
  create(input: unknown, actor: Actor): Promise<Transfer>;
  get(id: string): Promise<TransferView>;
  /** Rows are unvalidated objects (from JSON or parsed CSV); all valid or none stored. */
  importStaff(id: string, rows: unknown[], actor: Actor): Promise<ImportResult>;
  /**
   * Idempotent: launching a launched transfer whose launch completed changes nothing and sends nothing
   * twice; one whose launch failed or did not finish starts it again, inviting whoever was not invited.
   */
  launch(id: string, actor: Actor): Promise<void>;
  /**
   * Runs a failed milestone (or the launch, kind `launch`) again. NotFoundError for an unknown transfer
   * or kind; ConflictError unless it is failed.
   */
  retryMilestone(id: string, kind: string, actor: Actor): Promise<void>;
  /**
   * A page of people, optionally one status, or those `q` finds (a part of their name or email address,
   * or their employee number: functions/domain/person-actions.ts); `delivery: 'bounced'` keeps the people
   * whose latest email bounced.
   */
  listStaff(
    id: string,
    query: { status?: CaseStatus; delivery?: 'bounced'; next?: string; limit?: number; q?: string },
  ): Promise<StaffPage>;
  getCase(id: string, employeeNumber: string): Promise<CaseView>;
  electionsCsv(id: string): Promise<string>;
  /** The fund's list for one option: people whose counting choice it is. NotFoundError for an unknown option. */
  schemeCsv(id: string, optionCode: string): Promise<string>;
  /** One row a person moving on transfer day (objectors and people taken off the roster left out). */
  payrollChangesCsv(id: string): Promise<string>;
  /** How many people's choice counts for each option, day by day from the launch to today. */
  electionProgress(id: string): Promise<ElectionProgress>;
}

/** What the pension form shows about the transfer behind a personal link (nothing personal). */
export interface ElectionFormContext {
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  options: PensionOption[];
  defaultOption: string;
  electionClosesOn: BusinessDate;
  open: boolean;
  hrContact?: HrContact;
  /** The choice that counts for the link's person, so a return visit says what they chose and when. */
  currentElection?: Election;
}

/** Who is typing on a personal link: only for the per-client limit on wrong numbers, never logged. */
export interface LinkClient {
  sourceIp: string;
}

export interface ElectionService {
  /** Reads a personal link; throws InvalidLinkError / ExpiredLinkError. */
  openLink(token: string): Promise<ElectionFormContext>;
  /**
   * Checks the employee number the person typed against the link; throws EmployeeNumberMismatchError,
   * LinkLockedError once too many wrong numbers were typed on the link (the right one too, until the
   * lock ends), TooManyAttemptsError when the client typed too many wrong numbers across links.
   */
  checkEmployeeNumber(
    token: string,
    employeeNumber: string,
    client: LinkClient,
  ): Promise<{ employeeNumber: string; currentElection?: Election }>;
  /**
   * Records the choice (the last one counts, all are kept in the history) and emails one confirmation for
   * it. Throws what checkEmployeeNumber throws, ElectionClosedError after the deadline, ValidationError
   * for an option that is not offered, ConflictError when other changes kept landing first.
   */
  confirm(token: string, employeeNumber: string, option: string, client: LinkClient): Promise<Election>;
}

/** What HR does when reality moves: dates change, a transfer is cancelled, someone objects. */
/** A date change as HR confirms it: the dates that move, the pending milestones that move, who is emailed. */
export interface DateChangePreview {
  transfer: TransferView;
  moves: DateMove[];
  milestones: MovedMilestone[];
  /** People emailed the new dates (none while a draft: its invitations will carry them). */
  emailed: number;
}

export interface TransferChangesService {
  /**
   * Moves the transfer date and/or the election deadline (`{transferDate?, electionClosesOn?}`): pending
   * milestones move, the change is recorded, and a workflow tells each affected person once. Throws
   * ValidationError (422) for bad dates and unknown fields, ConflictError (409) when they can no longer move.
   */
  moveDates(id: string, input: unknown, actor: Actor): Promise<TransferView>;
  /** What moveDates would do with `input`, checked the same way, storing and sending nothing. */
  previewDates(id: string, input: unknown, actor: Actor): Promise<DateChangePreview>;
  /** Cancels pending milestones, then a workflow tells the staff and deletes the roster's personal data. */
  cancel(id: string, actor: Actor): Promise<TransferView>;
  /** Records a written objection (`{receivedOn, note?}`, TUPE reg 4(7)) and answers the case. */
  recordObjection(id: string, employeeNumber: string, input: unknown, actor: Actor): Promise<CaseView>;
}

/**
 * What HR does for one person (functions/services/people-service.ts). Each answers the case as
 * `getCase` does; ValidationError (422) and nothing stored on bad input, ConflictError (409) when the case
 * is not in a state that allows it, ForbiddenError for anyone but HR.
 */
export interface PeopleService {
  /** `{email}`: the corrected address, kept with the old one in the transfer's audit. */
  correctEmail(id: string, employeeNumber: string, input: unknown, actor: Actor): Promise<CaseView>;
  /** Emails a new personal link; the one sent before stops opening. */
  resendLink(id: string, employeeNumber: string, actor: Actor): Promise<CaseView>;
  /** `{option, receivedOn, how: "paper"|"phone"|"email", note?}`: a choice the person sent HR. */
  recordElection(id: string, employeeNumber: string, input: unknown, actor: Actor): Promise<CaseView>;
  /** `{receivedOn, note?}`: the person took back their objection before the transfer date. */
  withdrawObjection(id: string, employeeNumber: string, input: unknown, actor: Actor): Promise<CaseView>;
  /** Opens a link locked after wrong employee numbers. */
  clearLockout(id: string, employeeNumber: string, actor: Actor): Promise<CaseView>;
}

export interface Services {
  transfers: TransferService;
  people: PeopleService;
  elections: ElectionService;
  transferChanges: TransferChangesService;
  consultations: ConsultationService;
  contracts: ContractService;
}

// Consultations (DESIGN §2, §6)

/** One day of the consultation page's "responses over time": responses first made that day. */
export interface ResponsesOnDay {
  date: BusinessDate;
  invited: number;
  public: number;
}

export interface ConsultationView extends Consultation {
  /** The public form's absolute URL, when the consultation takes public responses. */
  publicUrl?: string;
  warnings: ConsultationWarning[];
  /** The transfer or contract it is linked to, by name, for the pages. */
  linkedTo?: { kind: 'transfer' | 'contract'; id: string; name: string };
  responsesByDay: ResponsesOnDay[];
  failures?: Array<{ workflow: string; timer?: string; error: string; at: Instant }>;
  timers: Array<{ kind: string; dueOn: BusinessDate; status: string; failure?: TimerFailureSummary }>;
}

export interface ConsultationSummary {
  id: string;
  title: string;
  status: ConsultationStatus;
  opensOn: BusinessDate;
  closesOn: BusinessDate;
  public: boolean;
  invited: number;
  responded: number;
  publicResponses: number;
  warnings: ConsultationWarning[];
}

/** What the response form shows behind a link (nothing of anyone else's). */
export interface ConsultationFormContext extends ConsultationTexts {
  consultationId: string;
  title: string;
  /** The transfer a transfer's consultation is about: who moves staff to whom, and when. */
  transfer?: { transferor: string; transferee: string; transferDate: BusinessDate };
  opensOn: BusinessDate;
  closesOn: BusinessDate;
  /** Open for responses now. */
  open: boolean;
  status: ConsultationStatus;
  /** The public link (name and organisation asked, optional) or an invitee's own link. */
  isPublic: boolean;
  /** An invitee's latest response, so the form can show it and let them change it until the close. */
  currentResponse?: { response: string; respondedAt: Instant };
}

export interface ConsultationResponseReceipt {
  respondedAt: Instant;
  /** True when an invitee replaced their earlier response. */
  changed: boolean;
}

/** One response as HR reads it on the consultation page: never the respondent's email or key. */
export interface ConsultationResponseListItem {
  respondent: 'invited' | 'public';
  respondedAt: Instant;
  name?: string;
  organisation?: string;
  response: string;
}

export interface ConsultationResponsePage {
  items: ConsultationResponseListItem[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

export interface ConsultationResponseQuery {
  /** Words to find in the response, or in the name or organisation given with it. */
  q?: string;
  group?: 'invited' | 'public';
  next?: string;
  limit?: number;
}

export interface ConsultationService {
  /**
   * `{title, description?, proposalSummary?, proposalDocumentUrl?, organisation?, privacyNoticeUrl?, opensOn, closesOn, transferId?, contractId?, invite?: [email], public,
   * shortPeriodJustification?}`: stores the consultation, its listed invitees and its timers (opens,
   * reminder, closes). ValidationError (422) and nothing stored on bad input.
   */
  create(input: unknown, actor: Actor): Promise<ConsultationView>;
  list(): Promise<ConsultationSummary[]>;
  get(id: string): Promise<ConsultationView>;
  /** Every response (invitees' latest, and public ones) as CSV, for HR and the close summary. */
  responsesCsv(id: string): Promise<string>;
  /**
   * One page of responses (invitees' latest, then public ones as received), read page by page from the
   * table, optionally only one group and only those matching `q`. MalformedRequestError for a cursor it did
   * not give.
   */
  responsesPage(id: string, query: ConsultationResponseQuery): Promise<ConsultationResponsePage>;
  /**
   * `{decision, summary}` once closed: stored, participants told by a workflow, and a contract renewal
   * awaiting this consultation settled. ConflictError (409) before the close or when already recorded.
   */
  recordOutcome(id: string, input: unknown, actor: Actor): Promise<ConsultationView>;
  /** Reads a consultation link; InvalidLinkError / ExpiredLinkError. */
  openLink(token: string): Promise<ConsultationFormContext>;
  /**
   * Records a response (`{response, name?, organisation?}`, name and organisation on the public form only).
   * ValidationError for bad or over-long input, ConsultationClosedError outside the open period,
   * TooManyResponsesError (429) when one client sends too many public responses.
   */
  respond(token: string, input: unknown, client: { sourceIp: string }): Promise<ConsultationResponseReceipt>;
}

// Contracts and renewals (DESIGN §2, §6)

export interface ContractTerm {
  id: string;
  startDate: BusinessDate;
  endDate: BusinessDate;
  status: ContractStatus;
}

export interface ContractReminderView {
  /** `renewal-reminder#30` or `renewal-escalation`. */
  key: string;
  kind: 'renewal-reminder' | 'renewal-escalation';
  offsetDays?: number;
  dueOn: BusinessDate;
  status: string;
  /** When its email went, if it did (a reminder superseded by a later one is not sent). */
  sentAt?: Instant;
  /** When it failed: how often it ran, why, and whether it is tried again. */
  failure?: TimerFailureSummary;
}

export interface ContractView extends Contract {
  /** Every term of the chain this contract belongs to, oldest first. */
  terms: ContractTerm[];
  /** Still undecided after its decide-by date. */
  overdue: boolean;
  /** Past four years of fixed-term service with no objective justification recorded yet (reg 8). */
  needsJustification: boolean;
  reminders: ContractReminderView[];
  /** The last day to decide: the end date less the notice period. */
  noticeDeadline: BusinessDate;
  /** Still waiting for someone to decide renew or end. */
  awaitingDecision: boolean;
  notifications: NotificationRecord[];
  failures?: Array<{ workflow: string; timer?: string; error: string; at: Instant }>;
}

export interface ContractListItem {
  id: string;
  kind: ContractKind;
  title: string;
  parties: string[];
  managerEmail?: string;
  employeeNumber?: string;
  employeeName?: string;
  endDate: BusinessDate;
  noticeDeadline: BusinessDate;
  status: ContractStatus;
  awaitingDecision: boolean;
  /** Still undecided after its decide-by date. */
  overdue: boolean;
}

/** `open`: awaiting a decision or its consultation (the default). `decided`: a decision was made. */
export const contractListFilters = ['open', 'decided'] as const;
export type ContractListFilter = (typeof contractListFilters)[number];

export interface DecisionResult {
  contract: ContractView;
  /** e.g. FIXED_TERM_FOUR_YEAR_RULE; empty when there is nothing to warn about. */
  warnings: ContractWarning[];
  /** The new term, when the renewal took effect. */
  renewedAs?: string;
  /** The consultation the decision opened, when the agreement requires one before renewal. */
  consultationId?: string;
}

/** What the renewal form shows behind a link. */
export interface RenewalFormContext {
  contractId: string;
  title: string;
  kind: ContractKind;
  parties: string[];
  employeeNumber?: string;
  employeeName?: string;
  /** Employment contracts: the start of continuous service, for the four-year rule on the check page. */
  continuousServiceStart?: BusinessDate;
  startDate: BusinessDate;
  endDate: BusinessDate;
  noticeDeadline: BusinessDate;
  /** Today is after the decide-by date. */
  noticeDeadlinePassed: boolean;
  requiresConsultation: boolean;
  /** A decision can still be made (active, no decision yet). */
  open: boolean;
  latestDecision?: ContractDecision;
}

export interface ContractService {
  /**
   * One contract or `{"contracts":[…]}` (at most 500): all valid or none stored (ValidationError lists each
   * bad contract and field). Reminder and escalation timers are stored with each.
   */
  create(input: unknown, actor: Actor): Promise<Contract[]>;
  /** The same from CSV text with a header row. */
  createFromCsv(csv: string, actor: Actor): Promise<Contract[]>;
  /**
   * Contracts that end within the window (HR: all; a manager: their own only): open ones (awaiting a decision
   * or its consultation) unless `filter` is `decided`.
   */
  list(
    query: { dueWithinDays?: number; filter?: ContractListFilter },
    actor: Actor,
  ): Promise<ContractListItem[]>;
  /** ForbiddenError for a manager who is not the contract's manager. */
  get(id: string, actor: Actor): Promise<ContractView>;
  /** `{decision: "renew"|"end", newEndDate?, note?}` by HR or the contract's manager (ForbiddenError otherwise). */
  decide(id: string, input: unknown, actor: Actor): Promise<DecisionResult>;
  /**
   * `{text}`: HR's objective justification for a term past four years of fixed-term service (reg 8), kept with
   * who gave it and when. ForbiddenError for a manager, ConflictError for a contract with no such warning.
   */
  recordJustification(id: string, input: unknown, actor: Actor): Promise<ContractView>;
  /** Reads a renewal link; InvalidLinkError / ExpiredLinkError. */
  openRenewalLink(token: string): Promise<RenewalFormContext>;
  /** The form's decision (`{decision, newEndDate?}`), made as the contract's manager. */
  decideByLink(token: string, input: unknown): Promise<DecisionResult>;
  /** A fresh link to the renewal form of a contract the actor may decide (the managers' page). */
  renewalLink(id: string, actor: Actor): Promise<string>;
  /**
   * Applies or drops a renewal that waited for a consultation, once its outcome is recorded: proceed (or
   * proceed with changes) renews, do-not-proceed ends the contract.
   */
  settleAfterConsultation(
    contractId: string,
    consultationId: string,
    proceed: boolean,
    actor: Actor,
  ): Promise<void>;
}
