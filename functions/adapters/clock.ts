/**
 * The clock every rule reads. In AWS it is the real time. The local stack moves time forward for demos
 * and tests by setting CLOCK_OFFSET_MS in its own process, read on every call (it changes at run time).
 */
export { businessDateOf } from '../domain/business-dates.ts';

export const businessTimeZone = 'Europe/London';
export const clockOffsetVariable = 'CLOCK_OFFSET_MS';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now() {
    const offset = Number(process.env[clockOffsetVariable] ?? 0);
    return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
  },
};
