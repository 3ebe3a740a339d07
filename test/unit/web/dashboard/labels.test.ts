import { describe, expect, it } from 'vitest';
import { milestoneOutcomeText } from '../../../../functions/web/dashboard/labels.ts';

describe('Function: milestoneOutcomeText', () => {
  it('says when an overdue milestone was due, in words', () => {
    // Act
    const text = milestoneOutcomeText({ status: 'done', sent: 1, reason: 'overdue', dueOn: '2026-12-01' });

    // Assess
    expect(text).toBe('1 email sent, overdue: this was due on Tuesday 1 December 2026');
  });

  it('writes the dates inside a failure reason in words', () => {
    // Act
    const text = milestoneOutcomeText({
      status: 'failed',
      reason: 'the run started at 2026-12-01T14:05:00.000Z did not finish',
      dueOn: '2026-12-01',
    });

    // Assess
    expect(text).toBe('Failed: the run started at 1 December 2026 at 2:05pm did not finish');
  });

  it('counts the emails of a milestone done on its day, and says nothing of one not yet run', () => {
    expect(milestoneOutcomeText({ status: 'done', sent: 907, dueOn: '2026-12-01' })).toBe('907 emails sent');
    expect(milestoneOutcomeText({ status: 'pending', dueOn: '2026-12-01' })).toBe('');
  });
});
