/**
 * Limits per client and hour (public consultation responses, wrong employee numbers across personal
 * links): a client is known only by a hash of its address, never the address itself.
 */
import { createHash } from 'node:crypto';

/** What one client may do in one hour, and the counter item that keeps count. */
export interface ClientRate {
  clientKey: string;
  /** The hour counted in (`2026-11-23T13`). */
  window: string;
  limit: number;
  /** TTL of the counter, in epoch seconds: a while after its hour ends. */
  expiresAt: number;
}

const hourInSeconds = 3600;

/** The hour an action is counted in for the rate limit (`2026-11-23T13`). */
export function rateWindowOf(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/** A client's key for a limit on `scope` (a consultation id, or every personal link). */
export function clientKeyOf(scope: string, sourceIp: string): string {
  return createHash('sha256').update(`${scope}|${sourceIp}`).digest('hex').slice(0, 32);
}

/** The counter for `sourceIp` on `scope` in the hour of `now`. */
export function clientRateOf(scope: string, sourceIp: string, limit: number, now: Date): ClientRate {
  return {
    clientKey: clientKeyOf(scope, sourceIp),
    window: rateWindowOf(now),
    limit,
    expiresAt: Math.floor(now.getTime() / 1000) + 2 * hourInSeconds,
  };
}
