import { describe, expect, it } from 'vitest';
import type { ConsultationRepository } from '../../../functions/adapters/consultation-repository.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';
import { timerSteps } from '../../../functions/services/timer-steps.ts';
import { inMemoryTimerRepository, recordingMetrics } from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock } from '../../fixtures/domain/transfers.ts';

const consultationId = '5a4f0c52-7a43-4d8e-9a43-0c1e8d2d7b11';
/** The consultation closes at the end of 30 October 2026 (London, GMT by then): midnight UTC; its reminder is due on the 23rd. */
const closesOn = '2026-10-30';

function stepsWithFakes(now: string) {
  const timers = inMemoryTimerRepository();
  const consultations = {
    get: async () => ({ closesOn }),
  } as unknown as Pick<ConsultationRepository, 'get'>;
  const clock = fixedClock(now);
  const metrics = recordingMetrics();
  return {
    timers,
    metrics,
    steps: timerSteps({ timers, clock, consultations, recordMetric: metrics.recordMetric }),
  };
}

async function startedReminder(timers: ReturnType<typeof inMemoryTimerRepository>, startedAt: string) {
  const timer = pendingTimer('consultation', consultationId, 'consultation-reminder', '2026-10-23');
  await timers.putOnce(timer);
  await timers.markStarted(timer, 'execution', startedAt);
}

describe('Function: timerSteps.finish', () => {
  it('records a consultation reminder that ran before the close as done', async () => {
    // Prepare
    const { timers, steps } = stepsWithFakes('2026-10-23T09:00:00.000Z');
    await startedReminder(timers, '2026-10-23T09:00:00.000Z');

    // Act
    const answer = await steps.finish('consultation', consultationId, 'consultation-reminder');

    // Assess
    expect(answer).toEqual({ status: 'done' });
  });

  it('records a consultation reminder that started after the close as skipped (late), not done', async () => {
    // Prepare: the sweep ran after the consultation closed (the clock moved 40 days)
    const { timers, steps } = stepsWithFakes('2026-11-02T09:00:00.000Z');
    await startedReminder(timers, '2026-10-31T00:00:00.000Z');

    // Act
    const answer = await steps.finish('consultation', consultationId, 'consultation-reminder');
    const again = await steps.finish('consultation', consultationId, 'consultation-reminder');

    // Assess
    expect([answer, again]).toEqual([{ status: 'skipped' }, { status: 'skipped' }]);
    expect((await timers.forOwner('consultation', consultationId))[0]).toMatchObject({
      status: 'skipped',
      reason: 'late',
    });
  });
});

describe('Function: timerSteps.recordFailure', () => {
  const failure = {
    workflow: 'remind-consultation',
    timer: 'consultation-reminder',
    error: 'States.Timeout',
  };

  it('marks the running timer failed and counts one WorkflowFailures', async () => {
    // Prepare
    const { timers, steps, metrics } = stepsWithFakes('2026-10-23T09:05:00.000Z');
    await startedReminder(timers, '2026-10-23T09:00:00.000Z');

    // Act
    const answer = await steps.recordFailure('consultation', consultationId, failure);

    // Assess
    expect(answer).toEqual({ recorded: true });
    expect((await timers.forOwner('consultation', consultationId))[0]).toMatchObject({
      status: 'failed',
      reason: 'States.Timeout',
    });
    expect(metrics.recorded).toEqual([{ metric: 'WorkflowFailures', value: 1 }]);
  });

  it('counts no second WorkflowFailures when a repeated step finds the timer failed already', async () => {
    // Prepare
    const { timers, steps, metrics } = stepsWithFakes('2026-10-23T09:05:00.000Z');
    await startedReminder(timers, '2026-10-23T09:00:00.000Z');
    await steps.recordFailure('consultation', consultationId, failure);

    // Act
    const again = await steps.recordFailure('consultation', consultationId, failure);

    // Assess
    expect(again).toEqual({ recorded: true });
    expect(metrics.valuesOf('WorkflowFailures')).toEqual([1]);
  });
});
