/**
 * The sweep: starts the workflow of each due milestone or timer under a deterministic execution name, so
 * a repeated sweep never runs one twice. A transfer's milestones that change its state run in date order:
 * one waits while an earlier one of the same transfer is unfinished (the defaults before transfer day).
 * Reminders neither wait nor hold anything back: a failed reminder must not stop the election closing or
 * transfer day. A consultation's or contract's timers run one after another, in date order (a consultation
 * opens before it is reminded of or closed).
 */

import type { Clock } from '../adapters/clock.ts';
import { executionNameOf, type StartWorkflow } from '../adapters/start-workflow.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import type { DueMilestone, TransferRepository } from '../adapters/transfer-repository.ts';
import { milestoneWorkflows, timerWorkflows } from '../catalog.ts';
import type { Timer } from '../domain/timer.ts';
import { type Milestone, type MilestoneKind, milestoneKinds } from '../domain/transfer.ts';

/** The milestones that move the transfer from one status to the next; the others are reminders. */
const changesState: ReadonlySet<MilestoneKind> = new Set(['election-closes', 'transfer-day']);

export interface SweepDependencies {
  transfers: TransferRepository;
  timers: TimerRepository;
  startWorkflow: StartWorkflow;
  clock: Clock;
}

export interface SweepResult {
  started: number;
  executionArns: string[];
  /** Due milestones and timers left for a later sweep because an earlier one of their owner is unfinished. */
  waiting: number;
}

/** The workflow input of a timer: its owner's id and its key, nothing else. */
function timerInput(timer: Timer) {
  return timer.owner === 'consultation'
    ? { consultationId: timer.ownerId, timer: timer.key }
    : { contractId: timer.ownerId, timer: timer.key };
}

export function sweeper({ transfers, timers, startWorkflow, clock }: SweepDependencies) {
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
    return all.some((other) => comesFirst(other) && other.status !== 'done' && other.status !== 'cancelled');
  };

  return async function sweep(): Promise<SweepResult> {
    const now = clock.now();
    const result: SweepResult = { started: 0, executionArns: [], waiting: 0 };

    /**
     * Claimed first, so an item moved since the query is left for the next sweep, never run early; given
     * back if its workflow cannot be started.
     */
    const startClaimed = async (
      claim: () => Promise<boolean>,
      start: () => ReturnType<StartWorkflow>,
      release: () => Promise<void>,
    ) => {
      if (!(await claim())) return;
      try {
        const { executionArn } = await start();
        result.started++;
        result.executionArns.push(executionArn);
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
      await startClaimed(
        () => transfers.markMilestoneStarted(milestone, name, now.toISOString()),
        () =>
          startWorkflow(milestoneWorkflows[milestone.kind], name, {
            transferId: milestone.transferId,
            milestone: milestone.kind,
          }),
        () => transfers.markMilestonePending(milestone),
      );
    }
    for (const timer of await timers.due(now)) {
      if (await timers.hasUnfinishedEarlier(timer)) {
        result.waiting++;
        continue;
      }
      const name = executionNameOf(timer.ownerId, timer.key.replace('#', '-'), timer.dueOn);
      await startClaimed(
        () => timers.markStarted(timer, name, now.toISOString()),
        () => startWorkflow(timerWorkflows[timer.kind], name, timerInput(timer)),
        () => timers.markPending(timer),
      );
    }
    return result;
  };
}
