/**
 * Timers of consultations, contracts and a transfer's representative election: like a transfer's milestones, each is an item in the table with
 * the day it falls due, and the sweep starts its workflow once it is due (DESIGN §3: timing lives in data).
 */
import { startOfBusinessDate } from './business-dates.ts';
import { type BusinessDate, type Instant, milestoneStatuses } from './transfer.ts';

export const timerKinds = [
  'consultation-opens',
  'consultation-reminder',
  'consultation-closes',
  'renewal-reminder',
  'renewal-escalation',
  // TUPE reg 14: the end of the nominations day, and of the ballot day, of an election of representatives.
  'representative-nominations-close',
  'representative-ballot-closes',
] as const;
export type TimerKind = (typeof timerKinds)[number];

/** A transfer owns the timers of its representative election (its milestones are stored apart). */
export type TimerOwner = 'consultation' | 'contract' | 'transfer';

/** As a milestone's (DESIGN §6); items stored before `running` existed say `started`. */
export const timerStatuses = [...milestoneStatuses, 'started'] as const;
export type TimerStatus = (typeof timerStatuses)[number];

export interface Timer {
  owner: TimerOwner;
  ownerId: string;
  kind: TimerKind;
  /**
   * Unique within its owner: the kind, and for a contract's reminders the offset (`renewal-reminder#30`).
   * It is what a workflow's input names as `timer`.
   */
  key: string;
  dueOn: BusinessDate;
  /** 00:00 London on `dueOn`, or a later instant when it was created already due. */
  dueAt: Instant;
  status: TimerStatus;
  /** For a contract reminder: how many days before the end date it is. */
  offsetDays?: number;
  startedAt?: Instant;
  finishedAt?: Instant;
  executionName?: string;
  /** Which run this is (1 for the first); a failed timer is run again, as a milestone is (DESIGN §3). */
  attempt?: number;
  failedAt?: Instant;
  /** When the sweep runs a failed timer again; absent once its retries are used up. */
  retryAt?: Instant;
  /** When HR was told its retries were used up. */
  hrToldAt?: Instant;
  /**
   * `late` when it was skipped because its moment had passed before it started (DESIGN §3); the error's
   * name when it failed.
   */
  reason?: string;
}

/** A pending timer due at the start of `dueOn` (London). */
export function pendingTimer(
  owner: TimerOwner,
  ownerId: string,
  kind: TimerKind,
  dueOn: BusinessDate,
  offsetDays?: number,
): Timer {
  return {
    owner,
    ownerId,
    kind,
    key: offsetDays === undefined ? kind : `${kind}#${offsetDays}`,
    dueOn,
    dueAt: startOfBusinessDate(dueOn).toISOString(),
    status: 'pending',
    ...(offsetDays === undefined ? {} : { offsetDays }),
  };
}

/** Finished timers no longer hold back later ones of the same owner. */
export function isFinished(timer: Pick<Timer, 'status'>): boolean {
  return (
    timer.status === 'done' ||
    timer.status === 'skipped' ||
    timer.status === 'cancelled' ||
    timer.status === 'failed'
  );
}

/** What a failed timer's page says: how often it ran, why the last run failed, and what happens next. */
export interface TimerFailureSummary {
  attempts: number;
  reason?: string;
  /** When the sweep runs it again; absent once its retries are used up. */
  retryAt?: Instant;
  /** When its owner was emailed that its retries are used up. */
  hrToldAt?: Instant;
}

export function failureOfTimer(timer: Timer): TimerFailureSummary | undefined {
  if (timer.status !== 'failed') return undefined;
  return {
    attempts: timer.attempt ?? 1,
    ...(timer.reason === undefined ? {} : { reason: timer.reason }),
    ...(timer.retryAt === undefined ? {} : { retryAt: timer.retryAt }),
    ...(timer.hrToldAt === undefined ? {} : { hrToldAt: timer.hrToldAt }),
  };
}
