import { afterEach, describe, expect, it, vi } from 'vitest';
import { jitteredPause } from '../../functions/jittered-pause.ts';

/** How long jitteredPause waits, with Math.random answering `random`. */
async function pauseWith(random: number, ...args: Parameters<typeof jitteredPause>): Promise<number> {
  vi.spyOn(Math, 'random').mockReturnValue(random);
  const timeout = vi.spyOn(globalThis, 'setTimeout');
  await jitteredPause(...args);
  return timeout.mock.calls.at(-1)?.[1] as number;
}

describe('jitteredPause', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('waits a random share of base × 2^attempt', async () => {
    // Act
    const waits = [await pauseWith(0.5, 1, 20), await pauseWith(0.5, 3, 20), await pauseWith(0, 3, 20)];

    // Assess
    expect(waits).toEqual([20, 80, 0]);
  });

  it('never waits longer than the cap, however many attempts', async () => {
    // Act
    const waits = [await pauseWith(0.999, 30, 5, 250), await pauseWith(0.5, 30, 5, 250)];

    // Assess
    expect(waits).toEqual([249.75, 125]);
  });
});
