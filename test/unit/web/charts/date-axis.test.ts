import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../../../functions/domain/business-dates.ts';
import {
  axisFontSize,
  type DateTick,
  dateAxisTicks,
  labelWidth,
} from '../../../../functions/web/charts/date-axis.ts';
import { electionProgressChart } from '../../../../functions/web/charts/election-progress-chart.ts';

/** The x axis of the progress charts: 64 to 936 in a 960-wide picture. */
const left = 64;
const right = 936;

function daysFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addCalendarDays(first, index));
}

/**
 * Where a label reaches, with the width measured here rather than trusted: at least 0.6em a character,
 * wider than the digits and letters of "30 Sep" in the system sans-serif fonts at 13px.
 */
function extent(tick: DateTick): { from: number; to: number } {
  const width = tick.label.length * axisFontSize * 0.6;
  if (tick.anchor === 'start') return { from: tick.x, to: tick.x + width };
  if (tick.anchor === 'end') return { from: tick.x - width, to: tick.x };
  return { from: tick.x - width / 2, to: tick.x + width / 2 };
}

/** The space between each label and the next, less nothing: negative when they overlap. */
function gapsBetween(ticks: readonly DateTick[]): number[] {
  return ticks.slice(1).map((tick, index) => extent(tick).from - extent(ticks[index] as DateTick).to);
}

describe('Function: dateAxisTicks', () => {
  it.each([
    [1, 1, 1],
    [7, 7, 7],
    [30, 8, 16],
    [90, 6, 14],
    [400, 6, 14],
  ])(
    'labels %i days with %i to %i labels, none touching, the first and last day always',
    (count, least, most) => {
      // Prepare
      const days = daysFrom('2026-09-01', count);

      // Act
      const ticks = dateAxisTicks(days, left, right);

      // Assess
      expect(ticks.length).toBeGreaterThanOrEqual(least);
      expect(ticks.length).toBeLessThanOrEqual(most);
      for (const gap of gapsBetween(ticks)) expect(gap).toBeGreaterThanOrEqual(0);
      // Spacing at least a label's width: the next tick is at least half of each label away.
      ticks.slice(1).forEach((tick, index) => {
        const before = ticks[index] as DateTick;
        expect(tick.x - before.x).toBeGreaterThanOrEqual(
          Math.min(labelWidth(before.label), labelWidth(tick.label)),
        );
      });
      expect(ticks[0]).toMatchObject({ x: left, anchor: 'start' });
      if (count > 1) expect(ticks.at(-1)).toMatchObject({ x: right, anchor: 'end' });
      expect(ticks.every((tick) => tick.x >= left && tick.x <= right)).toBe(true);
    },
  );

  it('writes each label short, "1 Sep", with the year at the ends when the range crosses a year', () => {
    // Act
    const week = dateAxisTicks(daysFrom('2026-09-01', 7), left, right);
    const long = dateAxisTicks(daysFrom('2026-09-01', 400), left, right);

    // Assess
    expect(week.map((tick) => tick.label)).toEqual([
      '1 Sep',
      '2 Sep',
      '3 Sep',
      '4 Sep',
      '5 Sep',
      '6 Sep',
      '7 Sep',
    ]);
    expect(long[0]?.label).toBe('1 Sep 2026');
    expect(long.at(-1)?.label).toBe('5 Oct 2027');
    expect(long.slice(1, -1).every((tick) => /^\d{1,2} [A-Z][a-z]{2}$/.test(tick.label))).toBe(true);
  });

  it('steps at a steady number of days between the first and last label', () => {
    // Act
    const ticks = dateAxisTicks(daysFrom('2026-09-01', 90), left, right);

    // Assess
    const xs = ticks.slice(0, -1).map((tick) => tick.x);
    const steps = xs.slice(1).map((x, index) => x - (xs[index] as number));
    for (const step of steps) expect(step).toBeCloseTo(steps[0] as number, 0);
  });

  it('never lets two labels touch, whatever the range and the axis width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 200, max: 1200 }), (count, width) => {
        // Act
        const ticks = dateAxisTicks(daysFrom('2026-12-20', count), 0, width);

        // Assess
        expect(ticks[0]?.x).toBe(0);
        if (count > 1 && ticks.length > 1) expect(ticks.at(-1)?.x).toBe(width);
        for (const gap of gapsBetween(ticks)) expect(gap).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is what the election progress chart puts under its axis', () => {
    // Prepare
    const days = daysFrom('2026-07-01', 30);

    // Act
    const chart = electionProgressChart({
      asOf: days.at(-1) ?? '',
      days,
      series: [{ code: 'LGPS', label: 'Stay', counts: days.map((_, index) => index) }],
    });

    // Assess
    expect(chart.xTicks).toEqual(dateAxisTicks(days, chart.plot.left, chart.plot.right));
  });
});
