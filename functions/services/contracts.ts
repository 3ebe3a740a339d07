/**
 * What the application services offer to handlers and pages. Handlers and pages depend on these
 * interfaces, built in `functions/composition.ts`, so tests can pass in fakes without module mocking.
 */
import type { ElectionProgress } from '../domain/election-progress.ts';
import type {
  BusinessDate,
  CaseEvent,
  CaseStatus,
  Election,
  Instant,
  LegalBasis,
  Milestone,
  PensionOption,
  StaffCase,
  Transfer,
  TransferStatus,
} from '../domain/transfer.ts';

export interface Actor {
  /** The signed-in user's email, or `staff` / `system`. */
  id: string;
  roles: Array<'hr' | 'manager'>;
}

export interface NewTransferInput {
  name: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  legalBasis?: LegalBasis;
  consultation?: { opensOn: BusinessDate; closesOn: BusinessDate };
  pension: { options: PensionOption[]; defaultOption: string; electionClosesOn: BusinessDate };
}

export interface TransferSummary {
  id: string;
  name: string;
  status: TransferStatus;
  transferDate: BusinessDate;
  counts: Record<CaseStatus, number>;
}

export interface TransferView extends Transfer {
  milestones: Milestone[];
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

export interface NotificationRecord {
  purpose: string;
  to: string;
  subject: string;
  status: 'claimed' | 'sent';
  sentAt?: Instant;
}

export interface CaseView extends StaffCase {
  history: CaseEvent[];
  notifications: NotificationRecord[];
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
  /** Idempotent: launching a launched transfer changes nothing and sends nothing twice. */
  launch(id: string, actor: Actor): Promise<void>;
  listStaff(id: string, query: { status?: CaseStatus; next?: string; limit?: number }): Promise<StaffPage>;
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
}

export interface ElectionService {
  /** Reads a personal link; throws InvalidLinkError / ExpiredLinkError. */
  openLink(token: string): Promise<ElectionFormContext>;
  /** Checks the employee number the person typed against the link; throws EmployeeNumberMismatchError. */
  checkEmployeeNumber(token: string, employeeNumber: string): Promise<{ currentElection?: Election }>;
  /**
   * Records the choice (the last one counts, all are kept in the history) and emails a confirmation.
   * Throws ElectionClosedError after the deadline, EmployeeNumberMismatchError, ValidationError for an
   * option that is not offered.
   */
  confirm(token: string, employeeNumber: string, option: string): Promise<Election>;
}

/** What HR does when reality moves: dates change, a transfer is cancelled, someone objects. */
export interface TransferChangesService {
  /**
   * Moves the transfer date and/or the election deadline (`{transferDate?, electionClosesOn?}`): pending
   * milestones move, the change is recorded, and a workflow tells each affected person once. Throws
   * ValidationError (422) for bad dates and unknown fields, ConflictError (409) when they can no longer move.
   */
  moveDates(id: string, input: unknown, actor: Actor): Promise<TransferView>;
  /** Cancels pending milestones, then a workflow tells the staff and deletes the roster's personal data. */
  cancel(id: string, actor: Actor): Promise<TransferView>;
  /** Records a written objection (`{receivedOn, note?}`, TUPE reg 4(7)) and answers the case. */
  recordObjection(id: string, employeeNumber: string, input: unknown, actor: Actor): Promise<CaseView>;
}

export interface Services {
  transfers: TransferService;
  elections: ElectionService;
  transferChanges: TransferChangesService;
}
