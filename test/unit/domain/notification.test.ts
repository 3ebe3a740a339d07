import { describe, expect, it } from 'vitest';
import { bouncedRecipients } from '../../../functions/domain/notification.ts';

describe('Function: bouncedRecipients', () => {
  it('names the people whose latest email bounced, not those delivered to since', () => {
    // Prepare
    const emails = [
      { employeeKey: 'a', claimedAt: '2026-07-01T10:00:00.000Z', status: 'bounced' as const },
      { employeeKey: 'b', claimedAt: '2026-07-01T10:00:00.000Z', status: 'bounced' as const },
      { employeeKey: 'b', claimedAt: '2026-07-02T10:00:00.000Z', status: 'delivered' as const },
      { employeeKey: 'c', claimedAt: '2026-07-02T10:00:00.000Z', status: 'bounced' as const },
      { employeeKey: 'c', claimedAt: '2026-07-01T10:00:00.000Z', status: 'delivered' as const },
      { employeeKey: 'd', claimedAt: '2026-07-01T10:00:00.000Z', status: 'complained' as const },
    ];

    // Act
    const bounced = bouncedRecipients(emails);

    // Assess
    expect([...bounced].sort()).toEqual(['a', 'c']);
  });
});
