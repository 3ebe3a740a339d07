import { describe, expect, it } from 'vitest';
import {
  consultationResponsesChart,
  responsesOverTime,
} from '../../../../functions/web/charts/consultation-responses-chart.ts';

const open = {
  opensOn: '2026-07-01',
  closesOn: '2026-07-28',
  status: 'open' as const,
  public: true,
  responsesByDay: [
    { date: '2026-07-04', invited: 3, public: 1 },
    { date: '2026-07-02', invited: 1, public: 0 },
  ],
};

describe('Function: responsesOverTime', () => {
  it('adds up the responses day by day from the opening to the last day with responses, days without any drawn flat', () => {
    // Act
    const over = responsesOverTime(open);

    // Assess
    expect(over).toEqual({
      days: ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04'],
      invited: [0, 1, 1, 4],
      public: [0, 0, 0, 1],
    });
  });

  it('runs to the close once the consultation has closed, and leaves out public responses when it is not public', () => {
    // Act
    const over = responsesOverTime({ ...open, status: 'closed', public: false, closesOn: '2026-07-06' });

    // Assess
    expect(over.days).toHaveLength(6);
    expect(over.days.at(-1)).toBe('2026-07-06');
    expect(over.invited.at(-1)).toBe(4);
    expect(over).not.toHaveProperty('public');
  });

  it('draws the opening day alone when no one has responded yet', () => {
    // Act
    const over = responsesOverTime({ ...open, responsesByDay: [] });

    // Assess
    expect(over).toEqual({ days: ['2026-07-01'], invited: [0], public: [0] });
  });
});

describe('Function: consultationResponsesChart', () => {
  it('draws a line for invitees and one for the public, told apart by dash and marker as well as colour', () => {
    // Act
    const chart = consultationResponsesChart(responsesOverTime(open));

    // Assess
    const [invited, publicLine] = chart.lines;
    expect(chart.lines).toHaveLength(2);
    expect(invited?.dash).not.toBe(publicLine?.dash);
    expect(invited?.shape).not.toBe(publicLine?.shape);
    expect(invited?.markerPaths).toMatch(/^M/);
    expect(chart.legend.map((entry) => entry.label)).toEqual([
      'Invitees who have responded: 4',
      'Public responses: 1',
    ]);
    expect(chart.legend[0]?.markerPath).toMatch(/^M/);
  });

  it('gives its text alternative: a summary sentence and a table of the running totals by day', () => {
    // Act
    const chart = consultationResponsesChart(responsesOverTime(open));

    // Assess
    expect(chart.summary).toBe('4 invitees have responded; 1 public response received');
    expect(chart.headings).toEqual(['Invitees who have responded', 'Public responses']);
    expect(chart.rows.at(-1)).toEqual({ day: '2026-07-04', counts: [4, 1] });
    expect([chart.from, chart.to]).toEqual(['2026-07-01', '2026-07-04']);
  });

  it('has one line and says nothing of the public when the consultation is not public', () => {
    // Act
    const chart = consultationResponsesChart(responsesOverTime({ ...open, public: false }));

    // Assess
    expect(chart.lines).toHaveLength(1);
    expect(chart.summary).toBe('4 invitees have responded');
  });
});
