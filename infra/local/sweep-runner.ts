/**
 * Runs the scheduled sweep locally: every few seconds, right after the clock moves, and on request —
 * never two at once. A requested sweep answers only when the workflows it started (and any still running
 * from an earlier sweep) have finished, so a caller sees the outcome, not a race.
 */
export interface SweepOutcome {
  started: number;
  executionArns: string[];
}

export interface SweepRunnerOptions {
  /** Runs the catalog's scheduled function(s) once. */
  sweep: () => Promise<SweepOutcome>;
  /** Waits until these executions have finished, failing after the deadline. */
  waitForExecutions: (executionArns: readonly string[], timeoutMs: number) => Promise<unknown>;
  /** Executions running now, whoever started them. */
  runningExecutions: () => string[];
  /** 0 turns the loop off. */
  intervalMs: number;
  /** How long a requested sweep waits for its workflows. */
  workflowTimeoutMs?: number;
  /** Told when a sweep of the loop fails (the loop carries on). */
  onLoopError?: (error: unknown) => void;
}

export interface SweepRunner {
  /** Sweeps now (after any sweep under way) and waits for the workflows; answers how many it started. */
  sweepAndWait(): Promise<{ started: number }>;
  start(): void;
  stop(): Promise<void>;
}

/** Enough for every milestone of a transfer to fall due in one jump of the clock. */
const maxRoundsPerRequest = 10;

export function createSweepRunner(options: SweepRunnerOptions): SweepRunner {
  const workflowTimeoutMs = options.workflowTimeoutMs ?? 10 * 60_000;
  let underWay: { outcome: Promise<SweepOutcome>; fromLoop: boolean } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** One sweep at a time: a new one starts only after the one under way has finished. */
  const runExclusive = (fromLoop: boolean): Promise<SweepOutcome> => {
    const previous = underWay?.outcome.catch(() => undefined) ?? Promise.resolve();
    const outcome = previous.then(() => options.sweep());
    const entry = { outcome, fromLoop };
    underWay = entry;
    outcome
      .finally(() => {
        if (underWay === entry) underWay = undefined;
      })
      .catch(() => undefined);
    return outcome;
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    // The loop skips a beat rather than queue behind a sweep already running.
    const sweep = underWay ? Promise.resolve() : runExclusive(true).then(() => undefined);
    sweep
      .catch((error: unknown) => options.onLoopError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };

  return {
    async sweepAndWait() {
      // A sweep of the loop already under way may have just started what the caller expects: count it too.
      const joined = underWay?.fromLoop ? await underWay.outcome.catch(() => undefined) : undefined;
      let started = joined?.started ?? 0;
      let pending = joined?.executionArns ?? [];
      // A transfer's milestones run one after another (the defaults before transfer day), so after time
      // jumps past several, sweep again once what was started has finished, until nothing more starts.
      for (let round = 1; round <= maxRoundsPerRequest; round++) {
        const outcome = await runExclusive(false);
        started += outcome.started;
        const arns = new Set([...pending, ...outcome.executionArns, ...options.runningExecutions()]);
        await options.waitForExecutions([...arns], workflowTimeoutMs);
        pending = [];
        if (outcome.started === 0) break;
      }
      return { started };
    },
    start() {
      if (options.intervalMs > 0 && timer === undefined && !stopped)
        timer = setTimeout(tick, options.intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await underWay?.outcome.catch(() => undefined);
    },
  };
}
