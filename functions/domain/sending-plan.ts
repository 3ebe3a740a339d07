/**
 * How fast email goes out, from the SES account's sending rate: SES counts emails (recipients) a second
 * and answers a send over it with a throttling error, which the SDK tries again after a pause.
 */

/** SES's sending rate for a new production account in most regions (emails a second). */
export const sesDefaultMaxSendRate = 14;

/** Emails one send in flight carries a second: a SendEmail call answers in about 100 ms. */
const sendsPerSecondInFlight = 10;

/** Sends one shard step keeps in flight at most. */
export const maxSendsPerShard = 8;

/** A Map state in inline mode runs at most 40 iterations at once. */
export const maxShardsAtOnce = 40;

export interface SendingPlan {
  /** Sends one shard step keeps in flight. */
  sendsAtOnce: number;
  /** Shards a Map state that sends email runs at once (each listing step answers it as shardsAtOnce). */
  shardsAtOnce: number;
}

/**
 * Sends in flight enough to reach `maxSendRate` a second and not much more: at 14 a second, two at once in
 * one shard; at 500, eight in each of seven shards.
 */
export function sendingPlan(maxSendRate: number): SendingPlan {
  if (!Number.isFinite(maxSendRate) || maxSendRate <= 0) {
    throw new RangeError('The SES sending rate must be a positive number of emails a second');
  }
  const inFlight = Math.ceil(maxSendRate / sendsPerSecondInFlight);
  const sendsAtOnce = Math.min(maxSendsPerShard, inFlight);
  return {
    sendsAtOnce,
    shardsAtOnce: Math.min(maxShardsAtOnce, Math.ceil(inFlight / sendsAtOnce)),
  };
}
