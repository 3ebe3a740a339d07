import { describe, expect, it } from 'vitest';
import { electionProgressOf, maxProgressDays } from '../../../functions/domain/election-progress.ts';
import type { CaseEvent, Election } from '../../../functions/domain/transfer.ts';

const options = [
  { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
  { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
];

const invited: CaseEvent = { at: '2026-07-01T08:00:00.000Z', by: 'system', action: 'invited', to: 'invited' };

function person(history: CaseEvent[], election?: Election) {
  return { history: [invited, ...history], ...(election ? { election } : {}) };
}

describe('Function: electionProgressOf', () => {
  it('counts each choice from the day it was made, the last choice counting when someone changes', () => {
    // Prepare
    const cases = [
      person([
        { at: '2026-07-02T10:00:00.000Z', by: 'staff', action: 'elected', to: 'elected', option: 'NHSPS' },
      ]),
      person([
        { at: '2026-07-01T12:00:00.000Z', by: 'staff', action: 'elected', to: 'elected', option: 'LGPS' },
        { at: '2026-07-03T09:00:00.000Z', by: 'staff', action: 'election-changed', option: 'NHSPS' },
      ]),
      person([]),
    ];

    // Act
    const progress = electionProgressOf(cases, options, { from: '2026-07-01', to: '2026-07-04' });

    // Assess
    expect(progress.days).toEqual(['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04']);
    expect(progress.asOf).toBe('2026-07-04');
    expect(progress.series).toEqual([
      { code: 'LGPS', label: options[0]?.label, counts: [1, 1, 0, 0] },
      { code: 'NHSPS', label: options[1]?.label, counts: [0, 1, 2, 2] },
    ]);
  });

  it('takes a choice away from the day the person objects, and counts defaults on the deadline', () => {
    // Prepare
    const cases = [
      person([
        { at: '2026-07-01T12:00:00.000Z', by: 'staff', action: 'elected', to: 'elected', option: 'NHSPS' },
        {
          at: '2026-07-02T12:00:00.000Z',
          by: 'hr@example.org',
          action: 'objected',
          from: 'elected',
          to: 'objected',
        },
      ]),
      person([{ at: '2026-07-03T00:05:00.000Z', by: 'system', action: 'default-applied', option: 'LGPS' }]),
    ];

    // Act
    const progress = electionProgressOf(cases, options, { from: '2026-07-01', to: '2026-07-03' });

    // Assess
    expect(progress.series.map((series) => series.counts)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('reads days in London time, so a choice at 11:30pm GMT in summer counts the next day', () => {
    // Prepare: 23:30 UTC on 1 July is 00:30 BST on 2 July
    const cases = [
      person([
        { at: '2026-07-01T23:30:00.000Z', by: 'staff', action: 'elected', to: 'elected', option: 'LGPS' },
      ]),
    ];

    // Act
    const progress = electionProgressOf(cases, options, { from: '2026-07-01', to: '2026-07-02' });

    // Assess
    expect(progress.series[0]?.counts).toEqual([0, 1]);
  });

  it('counts an election with no option in its history from the time of the election', () => {
    // Prepare
    const cases = [person([], { option: 'NHSPS', how: 'staff', at: '2026-07-02T09:00:00.000Z' })];

    // Act
    const progress = electionProgressOf(cases, options, { from: '2026-07-01', to: '2026-07-02' });

    // Assess
    expect(progress.series[1]?.counts).toEqual([0, 1]);
  });

  it('draws at most the longest span, whatever the dates', () => {
    // Act
    const progress = electionProgressOf([], options, { from: '2026-01-01', to: '2029-01-01' });

    // Assess
    expect(progress.days).toHaveLength(maxProgressDays);
    expect(progress.series.every((series) => series.counts.every((count) => count === 0))).toBe(true);
  });
});
