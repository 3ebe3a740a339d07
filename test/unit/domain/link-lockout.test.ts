import { describe, expect, it } from 'vitest';
import {
  afterWrongAttempt,
  attemptWindowMs,
  lockedUntil,
  lockMs,
  wrongAttemptsBeforeLock,
} from '../../../functions/domain/link-lockout.ts';
import type { LinkLockout } from '../../../functions/domain/transfer.ts';

const start = new Date('2026-07-01T13:00:00.000Z');
const later = (ms: number) => new Date(start.getTime() + ms);
const minutes = (count: number) => count * 60 * 1000;

/** Wrong numbers typed one a minute from `start`, each stored before the next. */
function wrongAttempts(count: number, first = start): { lockout: LinkLockout | undefined; events: string[] } {
  let lockout: LinkLockout | undefined;
  const events: string[] = [];
  for (let attempt = 0; attempt < count; attempt++) {
    const next = afterWrongAttempt(lockout, new Date(first.getTime() + minutes(attempt)));
    lockout = next.lockout;
    events.push(...next.events.map((event) => event.action));
  }
  return { lockout, events };
}

describe('Function: afterWrongAttempt', () => {
  it('counts wrong numbers without locking until the fifth', () => {
    // Act
    const { lockout, events } = wrongAttempts(4);

    // Assess
    expect(lockout).toEqual({ wrongAttempts: 4, since: start.toISOString() });
    expect(events).toEqual(Array(4).fill('wrong-employee-number'));
    expect(lockedUntil(lockout, later(minutes(4)))).toBeUndefined();
  });

  it('locks the link for fifteen minutes on the fifth wrong number and records the lock', () => {
    // Prepare
    const { lockout: four } = wrongAttempts(4);
    const fifthAt = later(minutes(4));

    // Act
    const { lockout, events } = afterWrongAttempt(four, fifthAt);

    // Assess
    expect(wrongAttemptsBeforeLock).toBe(5);
    expect(lockMs).toBe(minutes(15));
    const until = new Date(fifthAt.getTime() + lockMs).toISOString();
    expect(lockout).toEqual({ wrongAttempts: 5, since: start.toISOString(), lockedUntil: until });
    expect(events).toEqual([
      { at: fifthAt.toISOString(), by: 'staff', action: 'wrong-employee-number' },
      { at: fifthAt.toISOString(), by: 'system', action: 'link-locked', until },
    ]);
  });

  it('forgets wrong numbers older than the window', () => {
    // Prepare
    const { lockout: four } = wrongAttempts(4);
    const afterWindow = later(attemptWindowMs + minutes(1));

    // Act
    const { lockout } = afterWrongAttempt(four, afterWindow);

    // Assess
    expect(lockout).toEqual({ wrongAttempts: 1, since: afterWindow.toISOString() });
  });

  it('starts counting again once a lock has passed', () => {
    // Prepare
    const { lockout: locked } = wrongAttempts(5);
    const afterLock = new Date(new Date(locked?.lockedUntil ?? '').getTime() + 1);

    // Act
    const { lockout } = afterWrongAttempt(locked, afterLock);

    // Assess
    expect(lockout).toEqual({ wrongAttempts: 1, since: afterLock.toISOString() });
  });

  it('leaves a lock as it is when a wrong number that raced with it comes in', () => {
    // Prepare
    const { lockout: locked } = wrongAttempts(5);

    // Act
    const { lockout, events } = afterWrongAttempt(locked, later(minutes(6)));

    // Assess
    expect(lockout).toEqual(locked);
    expect(events.map((event) => event.action)).toEqual(['wrong-employee-number']);
  });

  it('puts nothing typed into the events', () => {
    // Act
    const { events } = afterWrongAttempt(undefined, start);

    // Assess
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(['action', 'at', 'by']);
  });
});

describe('Function: lockedUntil', () => {
  const locked: LinkLockout = {
    wrongAttempts: 5,
    since: start.toISOString(),
    lockedUntil: later(minutes(15)).toISOString(),
  };

  it('answers when the link opens while it is locked', () => {
    // Act & Assess
    expect(lockedUntil(locked, later(minutes(14)))).toBe(locked.lockedUntil);
  });

  it('answers nothing once the lock has passed, or with no lock', () => {
    // Act & Assess
    expect(lockedUntil(locked, later(minutes(15)))).toBeUndefined();
    expect(lockedUntil({ wrongAttempts: 3, since: start.toISOString() }, start)).toBeUndefined();
    expect(lockedUntil(undefined, start)).toBeUndefined();
  });
});
