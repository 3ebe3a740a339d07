/**
 * The clock every rule reads: the real time. Services get it through the composition root, so a host that
 * runs the handlers in its own process and keeps a time of its own can hand them that instead.
 */
// Defined with the business dates; still importable from here for the pages that read it here.
export { businessTimeZone } from '../domain/business-dates.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};
