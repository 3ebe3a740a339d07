/**
 * What a milestone's record says happened (DESIGN §3 "What the record says happened, happened"), and how
 * a failed one is retried: pure rules, dates in and decisions out.
 */
import { addCalendarDays, startOfBusinessDate } from './business-dates.ts';
import type { BusinessDate, Instant, MilestoneKind, MilestoneStatus, Transfer } from './transfer.ts';
import { electionClosesAt } from './transfer-rules.ts';

export type MilestoneOutcome =
  /** `sent` is absent where no run can know it (a cancellation's rerun finds the told already deleted). */
  | { status: 'done'; sent?: number; reason?: 'overdue' | 'given' }
  | { status: 'skipped'; sent: 0; reason: 'late' };

/**
 * A reminder that sent nothing because its moment had passed before it started (the sweep ran after the
 * election closed, say) is `skipped` as `late`, never `done`. The liability-information reminder is still
 * sent when late (HR can still act on it) and is then `done` but `overdue`.
 */
export function milestoneOutcome(input: {
  kind: MilestoneKind;
  transfer: Pick<Transfer, 'pension' | 'transferDate'>;
  /** When its workflow started (the sweep's claim); lateness is judged then, not when it finished. */
  startedAt: Date;
  sent: number;
  overdue?: boolean;
  /** TUPE reg 11: the liability information had been given when a liability milestone ran. */
  liabilityGiven?: boolean;
}): MilestoneOutcome {
  const { kind, transfer, startedAt, sent } = input;
  const liabilityKind = kind === 'liability-information-due' || kind === 'liability-information-reminder';
  // Given in time: the reminder and the escalation have nothing to say, and that is their work done.
  if (liabilityKind && sent === 0 && input.liabilityGiven)
    return { status: 'done', sent: 0, reason: 'given' };
  if (kind === 'election-reminder' && sent === 0) {
    if (startedAt >= electionClosesAt(transfer.pension.electionClosesOn)) {
      return { status: 'skipped', sent: 0, reason: 'late' };
    }
  }
  if (liabilityKind) {
    if (sent === 0) return { status: 'skipped', sent: 0, reason: 'late' };
    if (input.overdue) return { status: 'done', sent, reason: 'overdue' };
  }
  return { status: 'done', sent };
}

/** TUPE reg 11: the information is due 28 days before the transfer; a reminder after that day is overdue. */
export function isOverdue(dueOn: BusinessDate, now: Date): boolean {
  return now >= startOfBusinessDate(addCalendarDays(dueOn, 1));
}

/** The sweep retries a failed milestone after these waits, measured from each failure, then tells HR. */
export const retryBackoffMinutes = [15, 60, 240] as const;

/**
 * After the `attempt`-th run failed at `failedAt`: when to run it again, or `undefined` when the retries
 * are used up (HR is told). A first run and three retries: 15 min, 1 h, 4 h.
 */
export function retryAtAfter(attempt: number, failedAt: Date): Instant | undefined {
  const waitMinutes = retryBackoffMinutes[attempt - 1];
  if (waitMinutes === undefined) return undefined;
  return new Date(failedAt.getTime() + waitMinutes * 60_000).toISOString();
}

/** Items stored before `running` existed say `started`. */
export function milestoneStatusOf(stored: unknown): MilestoneStatus {
  return stored === 'started' ? 'running' : (stored as MilestoneStatus);
}

/** Finished: it no longer holds back a later milestone of its transfer. */
export function isSettled(status: MilestoneStatus): boolean {
  return status === 'done' || status === 'skipped' || status === 'cancelled';
}

/**
 * A run recorded `running` for longer than this is asked about: its execution may have ended without its
 * Catch recording the outcome (kill -9 of the stack, TIMED_OUT, ABORTED). A starter claims a record before it
 * starts the execution and stops within its Lambda timeout (the sweep's 60 s is the longest), so an
 * execution missing after five minutes will never be started by that claim. As the email ledger's claim
 * lifetime (functions/adapters/email-ledger.ts), five minutes is twice that and more, and below the
 * sweep's 15-minute schedule, so a dead run is found by the next sweep.
 */
export const staleRunAfterMs = 5 * 60 * 1000;

/** Runs that started before this instant are old enough to be asked about. */
export function staleRunCutoff(now: Date): Date {
  return new Date(now.getTime() - staleRunAfterMs);
}

/** What Step Functions says of a run's execution; `NOT_FOUND` when it does not know the name. */
export type RunState =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | 'NOT_FOUND';

/**
 * A record still says `running` but its execution is not running: the run ended without recording its
 * outcome, so it is failed and the retry flow takes it. Even SUCCEEDED: its last write was lost, and every
 * step is idempotent, so running it again is safe. (A failed execution is never redriven here.)
 */
export function runStoppedUnrecorded(state: RunState): boolean {
  return state !== 'RUNNING';
}

/** The reason a record gets when its run stopped without recording its outcome. */
export const runStoppedReason = 'RunStoppedUnrecorded';
