/** Timing, concurrency and progress for the bench: every figure is a count over a measured wall time. */
import { performance } from 'node:perf_hooks';

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

export function rateOf(count: number, startedAt: number, endedAt = performance.now()): Rate {
  const seconds = (endedAt - startedAt) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

/** One rate from several timed parts: all the work over all the time. */
export function combinedRate(parts: readonly Rate[]): Rate {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  return { count, seconds, perSecond: count / seconds };
}

/** Runs `work` over items with at most `limit` at once; the first failure stops the rest. */
export async function runConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Prints `label: done/total` at most every `everyMs`, and once at the end. */
export function progress(label: string, total: number, everyMs = 2_000) {
  let done = 0;
  let printedAt = performance.now();
  const print = () => {
    printedAt = performance.now();
    console.log(`  ${label}: ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`);
  };
  return {
    add(count: number) {
      done += count;
      if (done >= total || performance.now() - printedAt >= everyMs) print();
    },
  };
}

/** Polls until `check` answers a value, failing after the deadline with what it saw last. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { deadlineMs, everyMs }: { deadlineMs: number; everyMs: number },
): Promise<T> {
  const until = performance.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > until)
      throw new Error(`Gave up waiting for ${what} after ${deadlineMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
