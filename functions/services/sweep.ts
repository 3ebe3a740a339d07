/**
 * The sweep: starts the workflow of each due milestone under a deterministic execution name, so a
 * repeated sweep never runs a milestone twice. A transfer's milestones that change its state run in date
 * order: one waits while an earlier one of the same transfer is unfinished (the defaults before transfer
 * day). Reminders neither wait nor hold anything back: a failed reminder must not stop the election
 * closing or transfer day.
 */

import type { Clock } from '../adapters/clock.ts';
import { executionNameOf, type StartWorkflow } from '../adapters/start-workflow.ts';
import type { DueMilestone, TransferRepository } from '../adapters/transfer-repository.ts';
import { milestoneWorkflows } from '../catalog.ts';
import { type Milestone, type MilestoneKind, milestoneKinds } from '../domain/transfer.ts';

/** The milestones that move the transfer from one status to the next; the others are reminders. */
const changesState: ReadonlySet<MilestoneKind> = new Set(['election-closes', 'transfer-day']);

export interface SweepDependencies {
  transfers: TransferRepository;
  startWorkflow: StartWorkflow;
  clock: Clock;
}

export interface SweepResult {
  started: number;
  executionArns: string[];
  /** Due milestones left for a later sweep because an earlier one of their transfer is unfinished. */
  waiting: number;
}

export function sweeper({ transfers, startWorkflow, clock }: SweepDependencies) {
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
    const due = await transfers.dueMilestones(now);
    const result: SweepResult = { started: 0, executionArns: [], waiting: 0 };
    for (const milestone of due) {
      if (await blockedByEarlier(milestone)) {
        result.waiting++;
        continue;
      }
      const workflow = milestoneWorkflows[milestone.kind];
      const name = executionNameOf(milestone.transferId, milestone.kind, milestone.dueOn);
      // Claimed first: a milestone moved since the query is left for the next sweep, never run early.
      if (!(await transfers.markMilestoneStarted(milestone, name, now.toISOString()))) continue;
      try {
        const { executionArn } = await startWorkflow(workflow, name, {
          transferId: milestone.transferId,
          milestone: milestone.kind,
        });
        result.started++;
        result.executionArns.push(executionArn);
      } catch (error) {
        await transfers.markMilestonePending(milestone);
        throw error;
      }
    }
    return result;
  };
}
