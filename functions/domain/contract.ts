/**
 * The types of a contract: a fixed-term employment contract or an agreement between organisations
 * (a section 75 partnership agreement, say), with its end date, notice period and reminder offsets.
 */
import type { BusinessDate, Instant } from './transfer.ts';

export const contractKinds = ['employment', 'agreement'] as const;
export type ContractKind = (typeof contractKinds)[number];

/**
 * `active`: running, a decision is awaited as the end nears. `awaiting-consultation`: a renewal was
 * decided but takes effect only when the consultation it opened has its outcome. `renewed`: a new term
 * follows (see `nextContractId`). `ended`: it ends on its end date, nothing more is asked.
 */
export const contractStatuses = ['active', 'awaiting-consultation', 'renewed', 'ended'] as const;
export type ContractStatus = (typeof contractStatuses)[number];

/** Days before the end date on which the manager is reminded (DESIGN §2). */
export const defaultReminderDays: readonly number[] = [90, 60, 30, 14, 7];
/** Days before the end date by which the decision must be made, unless the contract says otherwise. */
export const defaultNoticeDays = 30;

export const contractWarningCodes = ['FIXED_TERM_FOUR_YEAR_RULE'] as const;
export type ContractWarningCode = (typeof contractWarningCodes)[number];

export interface ContractWarning {
  code: ContractWarningCode;
  message: string;
  at: Instant;
}

export const renewalDecisions = ['renew', 'end'] as const;
export type RenewalDecision = (typeof renewalDecisions)[number];

export interface ContractDecision {
  decision: RenewalDecision;
  newEndDate?: BusinessDate;
  note?: string;
  /** The signed-in user's email, or `manager` for a decision made through the emailed form link. */
  by: string;
  at: Instant;
  via: 'api' | 'form' | 'dashboard' | 'consultation';
  /** `applied`, or waiting for (then settled by) the consultation it opened. */
  status: 'applied' | 'awaiting-consultation' | 'not-proceeded';
  consultationId?: string;
}

/** HR's objective justification for keeping a fixed term past four years (FTE Regulations 2002, reg 8). */
export interface ContractJustification {
  text: string;
  by: string;
  at: Instant;
}

export interface Contract {
  id: string;
  kind: ContractKind;
  title: string;
  parties: string[];
  /** Lower case. Absent only on a transferred contract whose roster row named no manager: HR is reminded. */
  managerEmail?: string;
  startDate: BusinessDate;
  endDate: BusinessDate;
  noticeDays: number;
  /** Distinct, descending, each 1–730. */
  reminderDays: number[];
  /** Employment contracts: the person, and the start of their continuous fixed-term service. */
  employeeNumber?: string;
  /** Employment contracts: the person's name, as the lists show them. */
  employeeName?: string;
  continuousServiceStart?: BusinessDate;
  /** An agreement whose renewal must be consulted on first. */
  requiresConsultation: boolean;
  /** Set when the contract came with staff on a transfer's transfer day. */
  transferId?: string;
  status: ContractStatus;
  /** The term this one renews, and the term that renewed it. */
  previousContractId?: string;
  nextContractId?: string;
  decisions: ContractDecision[];
  warnings: ContractWarning[];
  /** Objective justifications HR recorded for a fixed term past four years (reg 8), oldest first. */
  justifications?: ContractJustification[];
  /** When HR was told that the notice deadline passed with no decision. */
  escalatedAt?: Instant;
  createdAt: Instant;
  /** The HR user who created it (or the transfer's creator): escalations and warnings go to them. */
  createdBy: string;
}

/** What an employment contract says of its employee (an agreement says none of it): a renewal keeps it. */
export const employeeFields = [
  'employeeNumber',
  'employeeName',
  'continuousServiceStart',
] as const satisfies ReadonlyArray<keyof Contract>;
