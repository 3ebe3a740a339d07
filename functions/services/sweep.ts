/**
 * The sweep: starts the workflow of each due milestone or timer under a deterministic execution name, so
 * a repeated sweep never runs one twice. A transfer's milestones that change its state run in date order:
 * one waits while an earlier one of the same transfer is unfinished (the defaults before transfer day).
 * Reminders neither wait nor hold anything back: a failed reminder must not stop the election closing or
 * transfer day. A consultation's or contract's timers run one after another, in date order (a consultation
 * opens before it is reminded of or closed).
 *
 * A failed milestone (or launch) is run again after a backoff (15 min, 1 h, 4 h from each failure, see
 * functions/domain/milestone-outcome.ts), each run under a new execution name; once its retries are used
 * up, HR is told once by email and the transfer page offers Retry. A consultation's or contract's failed
 * timer is retried and reported the same way.
 *
 * A run recorded `running` for longer than a few minutes (functions/domain/milestone-outcome.ts) is asked
 * about: when its execution has ended without recording its outcome (the stack was killed, it timed out or
 * was aborted, the engine no longer knows it), its record is marked failed and the retries above take it.
 *
 * SweepLag: of the due milestones and timers a sweep started (first runs, not reruns of failed ones), how many
 * seconds past its due instant the oldest one was when the sweep began. Recorded only when the sweep started
 * one, so an idle sweep says nothing; with a sweep every 15 minutes it stays under 900 unless sweeps fail or
 * fall behind.
 */

import type { Clock } from '../adapters/clock.ts';
import type { DescribeWorkflowRun } from '../adapters/describe-workflow-run.ts';
import type { StartWorkflow, WorkflowInput } from '../adapters/start-workflow.ts';
import type { TimerRef, TimerRepository } from '../adapters/timer-repository.ts';
import type { DueMilestone, FailedMilestone, TransferRepository } from '../adapters/transfer-repository.ts';
import { businessDateOf } from '../domain/business-dates.ts';
import {
  isSettled,
  runStoppedReason,
  runStoppedUnrecorded,
  staleRunCutoff,
} from '../domain/milestone-outcome.ts';
import type { Timer } from '../domain/timer.ts';
import { type Milestone, type MilestoneKind, milestoneKinds, type TrackedKind } from '../domain/transfer.ts';
import { executionNameOf, runNameOf } from '../domain/workflow-runs.ts';
import { milestoneWorkflows, timerWorkflows, type WorkflowName } from '../workflow-names.ts';
import type { RecordMetric } from './business-metrics.ts';
import { ownerLedgerKey } from './consultation-steps.ts';
import { hrLedgerKey, type Notify } from './notifier.ts';

/** The milestones that move the transfer from one status to the next; the others are reminders. */
const changesState: ReadonlySet<MilestoneKind> = new Set(['election-closes', 'transfer-day']);

export interface SweepDependencies {
  transfers: TransferRepository;
  timers: TimerRepository;
  startWorkflow: StartWorkflow;
  /** What became of a run recorded running (Step Functions DescribeExecution). */
  describeRun: DescribeWorkflowRun;
  clock: Clock;
  /** Tells HR of a milestone or timer that failed for good (through the email ledger, so once). */
  notify: Notify;
  /** The title and owner (the HR user who created it) of a timer's consultation or contract. */
  timerOwner: (timer: TimerRef) => Promise<{ title: string; createdBy: string }>;
  publicBaseUrl: () => string;
  recordMetric: RecordMetric;
}

/** The workflow that runs a milestone or a run HR started. */
export function workflowOfKind(kind: TrackedKind): WorkflowName {
  if (kind === 'launch') return 'launch-transfer';
  if (kind === 'date-change') return 'notify-date-change';
  if (kind === 'cancel') return 'cancel-transfer';
  return milestoneWorkflows[kind];
}

/** What a tracked run is started with: ids only, and for a date change the number of the change. */
export function runInputOf(
  transferId: string,
  record: { kind: TrackedKind; change?: number },
): WorkflowInput {
  return {
    transferId,
    milestone: record.kind,
    ...(record.kind === 'date-change' ? { change: record.change ?? 0 } : {}),
  };
}

/** Run `attempt` of a tracked run: a date change's runs are named by its number, the others by due date. */
export function runNameOfRecord(
  transferId: string,
  record: { kind: TrackedKind; dueOn: string; change?: number },
  attempt: number,
): string {
  const dueOn = record.kind === 'date-change' ? String(record.change ?? 0) : record.dueOn;
  return runNameOf(transferId, record.kind, dueOn, attempt);
}

export interface SweepResult {
  started: number;
  executionArns: string[];
  /** Due milestones and timers left for a later sweep because an earlier one of their owner is unfinished. */
  waiting: number;
  /** Failed milestones and timers whose retries are used up, of which HR was told now. */
  reported: number;
  /** Milestones and timers recorded running whose execution had ended: marked failed now, for a retry. */
  stopped: number;
}

/** The workflow input of a timer: its owner's id and its key, nothing else. */
function timerInput(timer: Timer) {
  if (timer.owner === 'transfer') return { transferId: timer.ownerId, timer: timer.key };
  return timer.owner === 'consultation'
    ? { consultationId: timer.ownerId, timer: timer.key }
    : { contractId: timer.ownerId, timer: timer.key };
}

/** The dashboard's pages of each owner of timers. */
const ownerPages = { consultation: 'consultations', contract: 'contracts', transfer: 'transfers' } as const;

/** A timer's workflow run name: as the first's, with `-a{n}` for later runs. */
function timerRunName(timer: Timer, attempt: number): string {
  return runNameOf(timer.ownerId, timer.key.replace('#', '-'), timer.dueOn, attempt);
}

export function sweeper({
  transfers,
  timers,
  startWorkflow,
  describeRun,
  clock,
  notify,
  timerOwner,
  publicBaseUrl,
  recordMetric,
}: SweepDependencies) {
  const blockedByEarlier = async (milestone: DueMilestone): Promise<boolean> => {
    if (!changesState.has(milestone.kind)) return false;
    const all = (await transfers.milestones(milestone.transferId)).filter((other) =>
      changesState.has(other.kind),
    );
    // Due at the same instant (an election closing the day before transfer day): the kinds' order decides.
    const comesFirst = (other: Milestone) =>
      other.dueAt < milestone.dueAt ||
      (other.dueAt === milestone.dueAt &&
        milestoneKinds.indexOf(other.kind) < milestoneKinds.indexOf(milestone.kind));
    return all.some((other) => comesFirst(other) && !isSettled(other.status));
  };

  /** Once per failure for good: the ledger key names the run that failed, so a later one is told again. */
  const tellHr = async (failed: FailedMilestone, now: Date) => {
    const transfer = await transfers.header(failed.transferId);
    await notify(
      {
        transferId: failed.transferId,
        employeeKey: hrLedgerKey,
        purpose: `milestone-failed#${failed.kind}#${failed.attempt}`,
      },
      transfer.createdBy,
      {
        kind: 'milestone-failed',
        transferName: transfer.name,
        milestone: failed.kind,
        attempts: failed.attempt,
        reason: failed.reason,
        failedAt: businessDateOf(new Date(failed.failedAt)),
        link: `${publicBaseUrl()}/transfers/${failed.transferId}`,
      },
    );
    await transfers.markHrTold(failed.transferId, failed.kind, failed.attempt, now.toISOString());
  };

  /** As a milestone's: once per failure for good, to the HR user who created the consultation or contract. */
  const tellHrOfTimer = async (failed: Timer, now: Date) => {
    const attempts = failed.attempt ?? 1;
    const purpose = `timer-failed#${failed.key}#${attempts}`;
    const owner = await timerOwner(failed);
    await notify(
      // In the owner's own ledger, so the contract page lists it with the contract's other emails.
      failed.owner === 'contract'
        ? { contractId: failed.ownerId, purpose }
        : { consultationId: failed.ownerId, participantKey: ownerLedgerKey, purpose },
      owner.createdBy,
      {
        kind: 'timer-failed',
        title: owner.title,
        owner: failed.owner,
        timer: failed.kind,
        attempts,
        reason: failed.reason ?? '',
        failedAt: businessDateOf(new Date(failed.failedAt ?? failed.finishedAt ?? now.toISOString())),
        link: `${publicBaseUrl()}/${ownerPages[failed.owner]}/${failed.ownerId}`,
      },
    );
    await timers.markHrTold(failed, attempts, now.toISOString());
  };

  return async function sweep(): Promise<SweepResult> {
    const now = clock.now();
    const result: SweepResult = { started: 0, executionArns: [], waiting: 0, reported: 0, stopped: 0 };
    // The earliest due instant among the due items started now, for SweepLag.
    let oldestStartedDueAt: string | undefined;
    const startedDue = (dueAt: string) => {
      if (oldestStartedDueAt === undefined || dueAt < oldestStartedDueAt) oldestStartedDueAt = dueAt;
    };

    /**
     * Claimed first, so an item moved since the query is left for the next sweep, never run early; given
     * back if its workflow cannot be started.
     */
    const startClaimed = async (
      claim: () => Promise<boolean>,
      start: () => ReturnType<StartWorkflow>,
      release: () => Promise<void>,
    ): Promise<boolean> => {
      if (!(await claim())) return false;
      try {
        const { executionArn } = await start();
        result.started++;
        result.executionArns.push(executionArn);
        return true;
      } catch (error) {
        await release();
        throw error;
      }
    };

    for (const milestone of await transfers.dueMilestones(now)) {
      if (await blockedByEarlier(milestone)) {
        result.waiting++;
        continue;
      }
      const name = executionNameOf(milestone.transferId, milestone.kind, milestone.dueOn);
      const started = await startClaimed(
        () => transfers.markMilestoneStarted(milestone, name, now.toISOString()),
        () =>
          startWorkflow(milestoneWorkflows[milestone.kind], name, {
            transferId: milestone.transferId,
            milestone: milestone.kind,
          }),
        () => transfers.markMilestonePending(milestone),
      );
      if (started) startedDue(milestone.dueAt);
    }
    for (const failed of await transfers.failedMilestones(now)) {
      if (failed.retryAt === undefined) {
        await tellHr(failed, now);
        result.reported++;
        continue;
      }
      const attempt = failed.attempt + 1;
      const name = runNameOfRecord(failed.transferId, failed, attempt);
      await startClaimed(
        () =>
          transfers.claimRerun(
            failed.transferId,
            failed.kind,
            { status: 'failed', attempt: failed.attempt },
            name,
            now.toISOString(),
          ),
        () => startWorkflow(workflowOfKind(failed.kind), name, runInputOf(failed.transferId, failed)),
        // Not started: this run counts as failed too, so the backoff goes on and HR is told in the end.
        () =>
          transfers.markMilestoneFailed(failed.transferId, failed.kind, {
            workflow: workflowOfKind(failed.kind),
            milestone: failed.kind,
            error: 'WorkflowNotStarted',
            at: now.toISOString(),
          }),
      );
    }
    for (const timer of await timers.due(now)) {
      if (await timers.hasUnfinishedEarlier(timer)) {
        result.waiting++;
        continue;
      }
      const name = executionNameOf(timer.ownerId, timer.key.replace('#', '-'), timer.dueOn);
      const started = await startClaimed(
        () => timers.markStarted(timer, name, now.toISOString()),
        () => startWorkflow(timerWorkflows[timer.kind], name, timerInput(timer)),
        () => timers.markPending(timer),
      );
      if (started) startedDue(timer.dueAt);
    }
    for (const failed of await timers.failed(now)) {
      const attempt = failed.attempt ?? 1;
      if (failed.retryAt === undefined) {
        await tellHrOfTimer(failed, now);
        result.reported++;
        continue;
      }
      const name = timerRunName(failed, attempt + 1);
      await startClaimed(
        () => timers.claimRerun(failed, attempt, name, now.toISOString()),
        () => startWorkflow(timerWorkflows[failed.kind], name, timerInput(failed)),
        // Not started: this run counts as failed too, so the backoff goes on and HR is told in the end.
        async () => {
          await timers.markFailed(failed, attempt + 1, {
            error: 'WorkflowNotStarted',
            at: now.toISOString(),
          });
        },
      );
    }
    // Runs that died unrecorded, last (asking Step Functions must not hold back due work): marked failed,
    // they are retried after the backoff like any failure.
    const failure = { error: runStoppedReason, at: now.toISOString() };
    for (const run of await transfers.runningMilestones(staleRunCutoff(now))) {
      const workflow = workflowOfKind(run.kind);
      if (!runStoppedUnrecorded(await describeRun(workflow, run.executionName))) continue;
      await transfers.markMilestoneFailed(
        run.transferId,
        run.kind,
        { workflow, milestone: run.kind, ...failure },
        { attempt: run.attempt },
      );
      result.stopped++;
    }
    for (const run of await timers.running(staleRunCutoff(now))) {
      const name = run.executionName ?? timerRunName(run, run.attempt ?? 1);
      if (!runStoppedUnrecorded(await describeRun(timerWorkflows[run.kind], name))) continue;
      if (await timers.markFailed(run, run.attempt ?? 1, failure)) result.stopped++;
    }

    if (oldestStartedDueAt !== undefined) {
      recordMetric('SweepLag', Math.max(0, (now.getTime() - Date.parse(oldestStartedDueAt)) / 1000));
    }
    return result;
  };
}
