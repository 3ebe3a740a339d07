import { describe, expect, it } from 'vitest';
import { consultationShardPayload } from '../../../../functions/handlers/steps/send-consultation-emails.ts';

const consultationId = '7d1f5c2e-4a8b-4c3d-9e6f-0a1b2c3d4e5f';

describe('Function: send-consultation-emails', () => {
  it("takes every shard label the consultation's steps answer: transfer, invitee and public respondent shards", () => {
    // Act
    const parsed = ['T3', 'I0', 'P15'].map(
      (shard) => consultationShardPayload.safeParse({ consultationId, shard, message: 'outcome' }).success,
    );

    // Assess
    expect(parsed).toEqual([true, true, true]);
  });

  it('refuses a shard label of another kind, and anything more in the payload', () => {
    // Act
    const other = consultationShardPayload.safeParse({ consultationId, shard: 'public', message: 'outcome' });
    const extra = consultationShardPayload.safeParse({
      consultationId,
      shard: 'P1',
      message: 'outcome',
      email: 'sam@example.org',
    });

    // Assess
    expect(other.success).toBe(false);
    expect(extra.success).toBe(false);
  });
});
