/** The workflow steps shared by every consultation and contract workflow: finish a timer, record a failure. */
import type { Clock } from '../adapters/clock.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import type { Timer, TimerOwner } from '../domain/timer.ts';

export interface TimerStepDependencies {
  timers: TimerRepository;
  clock: Clock;
}

export function timerSteps({ timers, clock }: TimerStepDependencies) {
  return {
    /** Marks the timer done; a timer already finished (a repeated step) stays as it is. */
    async finish(owner: TimerOwner, ownerId: string, key: string): Promise<{ status: Timer['status'] }> {
      return { status: await timers.finish(owner, ownerId, key, clock.now().toISOString()) };
    },

    /** Marks the timer (if any) failed and shows the failure on its consultation or contract. */
    async recordFailure(
      owner: TimerOwner,
      ownerId: string,
      failure: { workflow: string; timer?: string; error: string },
    ): Promise<{ recorded: true }> {
      await timers.recordFailure(owner, ownerId, { ...failure, at: clock.now().toISOString() });
      return { recorded: true };
    },
  };
}

export type TimerSteps = ReturnType<typeof timerSteps>;
