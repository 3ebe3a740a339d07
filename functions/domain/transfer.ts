/** The types of a transfer and the people on its roster. */

export const legalBases = ['TUPE', 'COSOP', 'statutory'] as const;
export type LegalBasis = (typeof legalBases)[number];

export const transferStatuses = ['draft', 'launched', 'election-closed', 'completed', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/** `imported` (on the roster, not yet invited) is added to DESIGN §6's statuses for the draft stage. */
export const caseStatuses = [
  'imported',
  'invited',
  'elected',
  'defaulted',
  'objected',
  'transferred',
  'employment-ended',
  'excluded',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export type ContractType = 'permanent' | 'fixed-term';

/** `YYYY-MM-DD`, a Europe/London business date. */
export type BusinessDate = string;
/** ISO 8601 UTC instant. */
export type Instant = string;

export interface PensionOption {
  code: string;
  /** What staff choose, read as an action: "Join the NHS Pension Scheme". */
  label: string;
  /** A sentence or two on what the option means for the person. */
  description?: string;
  /** An https link to the scheme's own guidance. */
  guidanceUrl?: string;
}

/** Whom staff contact in HR about the transfer: shown in their emails and on the pension form. */
export interface HrContact {
  name: string;
  email: string;
  phone?: string;
}

/** The transferee's HR contact (DESIGN §6 "Representatives, measures, liability information"). */
export interface TransfereeContact {
  name: string;
  email: string;
}

/** What transfer day did, counted once when it ran: the case statuses no longer say who chose. */
export interface TransferCompletion {
  transferred: number;
  /** Objected, so their employment with the transferor ended on the transfer date (TUPE reg 4(7)). */
  employmentEnded: number;
  /** Of those transferred: who chose an option themselves, and who was given the default. */
  chose: number;
  defaulted: number;
  /** Per option code, of those transferred. */
  byOption: Record<string, { chose: number; defaulted: number }>;
  /** Managers who were sent their digest. */
  managers: number;
}

export interface PensionElectionSettings {
  options: PensionOption[];
  defaultOption: string;
  electionClosesOn: BusinessDate;
}

/** A transfer's own consultation period, as given when it is created. */
export interface ConsultationDates {
  opensOn: BusinessDate;
  closesOn: BusinessDate;
}

export interface WorkflowFailure {
  workflow: string;
  milestone?: string;
  error: string;
  at: Instant;
}

/**
 * A transfer as its header item stores it: dates, options, status. Without the roster's counts, which are
 * summed from every shard's tally: what the form and the workflow steps read.
 */
export interface TransferHeader {
  id: string;
  name: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  legalBasis: LegalBasis;
  consultation?: ConsultationDates;
  pension: PensionElectionSettings;
  hrContact?: HrContact;
  /** The transferee's HR contact: asked for its measures and given the liability information. */
  transfereeContact?: TransfereeContact;
  /** Years a finished transfer's personal data is kept (absent on transfers stored before: 6). */
  retentionYears?: number;
  /** Days before the transfer the reg 13(2) information should go out (absent on transfers stored before: 30). */
  informationLeadDays?: number;
  status: TransferStatus;
  /** Roster indexes handed out so far: shards are `floor(index / shardSize)`, so shards = ceil(this / size). */
  nextRosterIndex: number;
  createdAt: Instant;
  createdBy: string;
  launchedAt?: Instant;
  failures?: WorkflowFailure[];
  /** How many times HR has moved the dates: the number of the latest change (absent: never moved). */
  dateChanges?: number;
  cancelledAt?: Instant;
  /** Set by transfer day's digest step. */
  completion?: TransferCompletion;
  /** Retention: the last day its personal data was kept, and when it was removed (functions/domain/retention.ts). */
  retainedUntil?: BusinessDate;
  personalDataRemovedAt?: Instant;
}

/** A transfer with its counts, summed from the shard tallies: what HR sees and what decides on counts. */
export interface Transfer extends TransferHeader {
  /** People on the roster (derived from the shard tallies). */
  total: number;
  /** People per case status (derived from the shard tallies). */
  counts: Record<CaseStatus, number>;
  /** Elections that count, per option code (derived from the shard tallies). */
  elections: Record<string, number>;
}

export interface RosterRow {
  employeeNumber: string;
  name: string;
  email: string;
  jobTitle: string;
  team?: string;
  managerEmail?: string;
  currentPensionScheme: string;
  contractType: ContractType;
  contractEndDate?: BusinessDate;
  continuousServiceStart: BusinessDate;
}

export interface Election {
  option: string;
  how: 'staff' | 'default';
  at: Instant;
}

export interface CaseEvent {
  at: Instant;
  /** Who did it: `staff`, `system`, or the signed-in user's email. */
  by: string;
  action: string;
  from?: string;
  to?: string;
  option?: string;
  /** For an objection: the day HR received it in writing. */
  receivedOn?: BusinessDate;
  /** For a locked personal link: when it opens again. */
  until?: Instant;
  /** For a choice or withdrawal HR recorded: how it reached them. */
  via?: ReceivedVia;
  /** HR's note on what they recorded; kept on the case, never logged. */
  note?: string;
}

/** How a choice HR records on someone's behalf reached them. */
export const receivedVia = ['paper', 'phone', 'email'] as const;
export type ReceivedVia = (typeof receivedVia)[number];

/** A written objection to transferring (TUPE reg 4(7)), as HR recorded it. */
export interface Objection {
  receivedOn: BusinessDate;
  /** HR's own note; kept on the case, never logged. */
  note?: string;
  recordedAt: Instant;
  recordedBy: string;
  /** The choice that counted when they objected, which stands again if they take the objection back. */
  electionBefore?: Election;
  /** The person took the objection back before the transfer date, as HR recorded it. */
  withdrawal?: { receivedOn: BusinessDate; note?: string; recordedAt: Instant; recordedBy: string };
}

export interface StaffCase extends RosterRow {
  transferId: string;
  shard: number;
  status: CaseStatus;
  employer: 'transferor' | 'transferee';
  election?: Election;
  objection?: Objection;
  history: CaseEvent[];
  /**
   * Goes up by one with every recorded change, which is written only if the case is still at the version
   * it was read at. Absent on cases stored before versions were kept: read as 0.
   */
  version?: number;
  /** Wrong employee numbers typed on the person's link (absent: none since the last right one). */
  lockout?: LinkLockout;
  /** Goes up when HR sends a new personal link: links made for an older one no longer open (absent: 0). */
  linkVersion?: number;
  /**
   * The version of a new link being sent: it opens alongside `linkVersion` and becomes it once SES has
   * accepted the email, so a send that fails leaves the person with a working link.
   */
  pendingLinkVersion?: number;
}

/** Wrong employee numbers typed on a personal link, and the lock they led to. */
export interface LinkLockout {
  /** Wrong numbers since `since`. */
  wrongAttempts: number;
  /** When the first of them was typed. */
  since: Instant;
  /** Until when the link refuses every number, the right one too. */
  lockedUntil?: Instant;
}

/** In the order they fall due; the same order breaks ties between milestones due at one instant. */
export const milestoneKinds = [
  'election-reminder',
  'liability-information-reminder',
  'liability-information-due',
  'election-closes',
  'representations-reminder',
  'transfer-day',
] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

/** What a workflow run is for: a milestone falling due, or something HR started. */
export const workflowRuns = ['launch', 'date-change', 'cancel', ...milestoneKinds] as const;
export type WorkflowRun = (typeof workflowRuns)[number];

export function isMilestoneKind(run: string): run is MilestoneKind {
  return (milestoneKinds as readonly string[]).includes(run);
}
/** DESIGN §6. Items stored before `running` existed say `started`; they are read as `running`. */
export const milestoneStatuses = ['pending', 'running', 'done', 'skipped', 'failed', 'cancelled'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

/** Why a milestone is skipped, done with a remark, or failed (a failure's reason is the error's name). */
export type MilestoneReason = 'late' | 'overdue' | (string & {});

export interface Milestone {
  kind: MilestoneKind;
  dueOn: BusinessDate;
  /** The instant the sweep may start it. */
  dueAt: Instant;
  status: MilestoneStatus;
  /** Once run: how many emails its work sent (a repeated run counts those sent before it too). */
  sent?: number;
  /** `late` (skipped: its moment passed unseen), `overdue` (done late), or why it failed. */
  reason?: MilestoneReason;
}

/**
 * The runs HR starts (the launch, telling staff of moved dates, the cancellation) are tracked like
 * milestones, each with its own record, so a failed one is retried and reported.
 */
export const hrStartedRuns = ['launch', 'date-change', 'cancel'] as const;
export type HrStartedRun = (typeof hrStartedRuns)[number];

export function isHrStartedRun(run: string): run is HrStartedRun {
  return (hrStartedRuns as readonly string[]).includes(run);
}

export const trackedKinds = [...hrStartedRuns, ...milestoneKinds] as const;
export type TrackedKind = (typeof trackedKinds)[number];

export function isTrackedKind(run: string): run is TrackedKind {
  return (trackedKinds as readonly string[]).includes(run);
}

/** A milestone or the launch as stored: what ran, when, and how its retries stand. */
export interface MilestoneRecord extends Omit<Milestone, 'kind'> {
  kind: TrackedKind;
  startedAt?: Instant;
  doneAt?: Instant;
  failedAt?: Instant;
  /** How many times its workflow has been started (absent on items from before retries: one). */
  attempt?: number;
  /** When the sweep starts it again after a failure; absent once the retries are used up. */
  retryAt?: Instant;
  /** When HR was told it failed for good. */
  hrToldAt?: Instant;
  /** For `date-change`: the number of the latest change, the one its runs tell staff of. */
  change?: number;
}

/** People a shard; a shard's writes stay far below a partition's 1,000 writes a second. */
export const shardSize = 100;
