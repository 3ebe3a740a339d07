/** The workflow steps shared by every consultation and contract workflow: finish a timer, record a failure. */
import type { Clock } from '../adapters/clock.ts';
import type { ConsultationRepository } from '../adapters/consultation-repository.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import { consultationClosesAt } from '../domain/consultation-rules.ts';
import type { Timer, TimerOwner } from '../domain/timer.ts';
import type { RecordMetric } from './business-metrics.ts';

export interface TimerStepDependencies {
  timers: TimerRepository;
  clock: Clock;
  consultations: Pick<ConsultationRepository, 'get'>;
  recordMetric: RecordMetric;
}

export function timerSteps({ timers, clock, consultations, recordMetric }: TimerStepDependencies) {
  /**
   * A consultation reminder that started after the consultation closed had nobody to remind (its step
   * sends nothing then): its record says skipped (late), never done.
   */
  const outcomeOf = async (timer: Timer | undefined) => {
    if (timer?.owner !== 'consultation' || timer.kind !== 'consultation-reminder')
      return { status: 'done' } as const;
    const consultation = await consultations.get(timer.ownerId);
    const startedAt = new Date(timer.startedAt ?? clock.now().toISOString());
    return startedAt >= consultationClosesAt(consultation.closesOn)
      ? ({ status: 'skipped', reason: 'late' } as const)
      : ({ status: 'done' } as const);
  };

  return {
    /** Marks the timer done (or skipped as late); a timer already finished (a repeated step) stays as it is. */
    async finish(owner: TimerOwner, ownerId: string, key: string): Promise<{ status: Timer['status'] }> {
      const timer = (await timers.forOwner(owner, ownerId)).find((candidate) => candidate.key === key);
      const outcome = await outcomeOf(timer);
      return { status: await timers.finish(owner, ownerId, key, clock.now().toISOString(), outcome) };
    },

    /**
     * Marks the timer (if any) failed and shows the failure on its consultation or contract. A timer recorded
     * failed already (a repeated step) is left as it is, and not counted again.
     */
    async recordFailure(
      owner: TimerOwner,
      ownerId: string,
      failure: { workflow: string; timer?: string; error: string },
    ): Promise<{ recorded: true }> {
      if (await timers.recordFailure(owner, ownerId, { ...failure, at: clock.now().toISOString() })) {
        recordMetric('WorkflowFailures', 1);
      }
      return { recorded: true };
    },
  };
}

export type TimerSteps = ReturnType<typeof timerSteps>;
