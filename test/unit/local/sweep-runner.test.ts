import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSweepRunner, type SweepOutcome } from '../../../infra/local/sweep-runner.ts';

describe('Function: createSweepRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never runs two sweeps at once and waits for the workflows a requested sweep started', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    let sweeps = 0;
    const waited: string[][] = [];
    const runner = createSweepRunner({
      intervalMs: 0,
      async sweep(): Promise<SweepOutcome> {
        running += 1;
        most = Math.max(most, running);
        sweeps += 1;
        const number = sweeps;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        // The first three sweeps each start one workflow; after that nothing more is due.
        return number <= 3
          ? { started: 1, executionArns: [`arn:execution:${number}`] }
          : { started: 0, executionArns: [] };
      },
      async waitForExecutions(arns) {
        waited.push([...arns]);
      },
      runningExecutions: () => ['arn:execution:other'],
    });

    // Act
    const answers = await Promise.all([runner.sweepAndWait(), runner.sweepAndWait(), runner.sweepAndWait()]);

    // Assess
    expect(most).toBe(1);
    // Each request sweeps until a sweep starts nothing: three that started one, three that found none.
    expect(sweeps).toBe(6);
    expect(answers.reduce((sum, answer) => sum + answer.started, 0)).toBe(3);
    expect(waited[0]).toEqual(['arn:execution:1', 'arn:execution:other']);
  });

  it('sweeps again once its workflows finish while the last sweep started something, then stops', async () => {
    // Prepare: transfer day waits for the election to close, so it starts only on the second sweep
    const outcomes: SweepOutcome[] = [
      { started: 1, executionArns: ['arn:close-election'] },
      { started: 1, executionArns: ['arn:complete-transfer'] },
      { started: 0, executionArns: [] },
    ];
    let sweeps = 0;
    const waited: string[][] = [];
    const runner = createSweepRunner({
      intervalMs: 0,
      async sweep() {
        return outcomes[sweeps++] ?? { started: 0, executionArns: [] };
      },
      async waitForExecutions(arns) {
        waited.push([...arns]);
      },
      runningExecutions: () => [],
    });

    // Act
    const answer = await runner.sweepAndWait();

    // Assess
    expect(answer).toEqual({ started: 2 });
    expect(sweeps).toBe(3);
    expect(waited.slice(0, 2)).toEqual([['arn:close-election'], ['arn:complete-transfer']]);
  });

  it('counts, and waits for, a sweep of the loop that was under way when the request came', async () => {
    // Prepare
    vi.useFakeTimers();
    const loopSweep = Promise.withResolvers<void>();
    let calls = 0;
    const waited: string[][] = [];
    const runner = createSweepRunner({
      intervalMs: 5_000,
      async sweep() {
        calls += 1;
        if (calls === 1) {
          await loopSweep.promise;
          return { started: 2, executionArns: ['arn:loop:1', 'arn:loop:2'] };
        }
        return { started: 0, executionArns: [] };
      },
      async waitForExecutions(arns) {
        waited.push([...arns]);
      },
      runningExecutions: () => [],
    });
    runner.start();
    await vi.advanceTimersByTimeAsync(5_000);

    // Act
    const requested = runner.sweepAndWait();
    loopSweep.resolve();
    const answer = await requested;
    await runner.stop();

    // Assess
    expect(calls).toBe(2);
    expect(answer).toEqual({ started: 2 });
    expect(waited[0]).toEqual(['arn:loop:1', 'arn:loop:2']);
  });

  it('sweeps every interval, carries on after a failed sweep, and stops on stop()', async () => {
    // Prepare
    vi.useFakeTimers();
    let calls = 0;
    const errors: unknown[] = [];
    const runner = createSweepRunner({
      intervalMs: 5_000,
      async sweep() {
        calls += 1;
        if (calls === 1) throw new Error('DynamoDB not ready');
        return { started: 0, executionArns: [] };
      },
      waitForExecutions: async () => undefined,
      runningExecutions: () => [],
      onLoopError: (error) => errors.push(error),
    });

    // Act
    runner.start();
    await vi.advanceTimersByTimeAsync(4_999);
    const beforeFirst = calls;
    await vi.advanceTimersByTimeAsync(10_001);
    const afterThree = calls;
    await runner.stop();
    await vi.advanceTimersByTimeAsync(60_000);

    // Assess
    expect(beforeFirst).toBe(0);
    expect(afterThree).toBe(3);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(3);
  });
});
