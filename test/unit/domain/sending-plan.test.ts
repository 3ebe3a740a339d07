import { describe, expect, it } from 'vitest';
import {
  maxSendsPerShard,
  maxShardsAtOnce,
  sendingPlan,
  sesDefaultMaxSendRate,
} from '../../../functions/domain/sending-plan.ts';

describe('Function: sendingPlan', () => {
  it("keeps two sends in flight in one shard at SES's default rate of 14 a second", () => {
    // Act
    const plan = sendingPlan(sesDefaultMaxSendRate);

    // Assess
    expect(plan).toEqual({ sendsAtOnce: 2, shardsAtOnce: 1 });
  });

  it('runs more shards at once as the rate grows, each with its most sends in flight', () => {
    // Act
    const plans = [100, 500, 1_000].map(sendingPlan);

    // Assess
    expect(plans).toEqual([
      { sendsAtOnce: maxSendsPerShard, shardsAtOnce: 2 },
      { sendsAtOnce: maxSendsPerShard, shardsAtOnce: 7 },
      { sendsAtOnce: maxSendsPerShard, shardsAtOnce: 13 },
    ]);
  });

  it("never runs more shards at once than a Map state's inline limit", () => {
    // Act
    const plan = sendingPlan(1_000_000);

    // Assess
    expect(plan.shardsAtOnce).toBe(maxShardsAtOnce);
  });

  it('refuses a rate that is not a positive number', () => {
    // Act / Assess
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sendingPlan(rate)).toThrow(RangeError);
    }
  });
});
