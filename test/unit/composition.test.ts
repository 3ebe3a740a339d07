import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/adapters/clock.ts';
import { dataAccess, supplyClock } from '../../functions/composition.ts';

describe('Function: supplyClock', () => {
  let restore: (() => void) | undefined;

  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('gives the services built afterwards the clock a host supplies, until it is taken back', () => {
    // Prepare
    const hostClock = { now: () => new Date('2030-01-02T09:00:00.000Z') };

    // Act
    restore = supplyClock(hostClock);
    const supplied = dataAccess().clock;
    restore();
    const afterwards = dataAccess().clock;

    // Assess
    expect(supplied.now().toISOString()).toBe('2030-01-02T09:00:00.000Z');
    expect(afterwards).toBe(systemClock);
  });

  it('reads the real time when no host supplied a clock', () => {
    // Act
    const clock = dataAccess().clock;
    const before = Date.now();
    const now = clock.now().getTime();

    // Assess
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
