/**
 * The clock every rule reads: the real time. Services get it through the composition root, so a host that
 * runs the handlers in its own process and keeps a time of its own can hand them that instead.
 */
export { businessDateOf } from '../domain/business-dates.ts';

export const businessTimeZone = 'Europe/London';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};
