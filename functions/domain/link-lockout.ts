/**
 * Wrong employee numbers on a personal link: after five within a quarter of an hour the link is locked for
 * fifteen minutes, so an employee number cannot be found by counting up from a known one.
 */
import type { CaseEvent, LinkLockout } from './transfer.ts';

export const wrongAttemptsBeforeLock = 5;
/** Wrong numbers older than this are forgotten. */
export const attemptWindowMs = 15 * 60 * 1000;
export const lockMs = 15 * 60 * 1000;

/** When the link opens again, or undefined when it is not locked at `now`. */
export function lockedUntil(lockout: LinkLockout | undefined, now: Date): string | undefined {
  if (lockout?.lockedUntil === undefined) return undefined;
  return new Date(lockout.lockedUntil).getTime() > now.getTime() ? lockout.lockedUntil : undefined;
}

/** Whether `lockout` still counts at `now`: a finished lock or a window that passed starts again. */
function stillCounting(lockout: LinkLockout | undefined, now: Date): lockout is LinkLockout {
  if (lockout === undefined) return false;
  if (lockout.lockedUntil !== undefined) return lockedUntil(lockout, now) !== undefined;
  return now.getTime() - new Date(lockout.since).getTime() < attemptWindowMs;
}

/**
 * One more wrong number typed at `now`: the lockout to store, and the history events that record it (the
 * attempt, and the lock when this attempt locks the link). Nothing typed goes into the events.
 */
export function afterWrongAttempt(
  lockout: LinkLockout | undefined,
  now: Date,
): { lockout: LinkLockout; events: CaseEvent[] } {
  const at = now.toISOString();
  const attempt: CaseEvent = { at, by: 'staff', action: 'wrong-employee-number' };
  // Typed while another attempt locked the link: it stays locked as it is.
  if (lockout !== undefined && lockedUntil(lockout, now) !== undefined) return { lockout, events: [attempt] };
  const counting = stillCounting(lockout, now) ? lockout : undefined;
  const wrongAttempts = (counting?.wrongAttempts ?? 0) + 1;
  const since = counting?.since ?? at;
  if (wrongAttempts < wrongAttemptsBeforeLock) {
    return { lockout: { wrongAttempts, since }, events: [attempt] };
  }
  const until = new Date(now.getTime() + lockMs).toISOString();
  return {
    lockout: { wrongAttempts, since, lockedUntil: until },
    events: [attempt, { at, by: 'system', action: 'link-locked', until }],
  };
}
