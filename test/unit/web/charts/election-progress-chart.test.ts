import { describe, expect, it } from 'vitest';
import {
  electionProgressChart,
  markerPath,
  niceStep,
} from '../../../../functions/web/charts/election-progress-chart.ts';

const progress = {
  asOf: '2026-07-05',
  days: ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05'],
  series: [
    { code: 'LGPS', label: 'Stay in the LGPS', counts: [0, 2, 4, 5, 5] },
    { code: 'NHSPS', label: 'Join the NHS Pension Scheme', counts: [1, 3, 6, 8, 9] },
  ],
};

describe('Function: electionProgressChart', () => {
  it('draws one line an option from the first day at the left to today at the right, scaled to the most', () => {
    // Act
    const chart = electionProgressChart(progress);

    // Assess
    const { left, right, top, bottom } = chart.plot;
    const nhs = chart.lines[1];
    expect(nhs?.path.startsWith(`M${left} `)).toBe(true);
    // 9 people on a 0–10 axis in steps of 2
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['0', '2', '4', '6', '8', '10']);
    expect(chart.yTicks[0]?.y).toBe(bottom);
    expect(chart.yTicks[5]?.y).toBe(top);
    expect(nhs?.path.endsWith(`L${right} ${bottom - 0.9 * (bottom - top)}`)).toBe(true);
    expect(chart.lines.map((line) => line.latest)).toEqual([5, 9]);
    expect(chart.xTicks[0]).toEqual({ x: left, label: '1 Jul', anchor: 'start' });
    expect(chart.xTicks.at(-1)).toEqual({ x: right, label: '5 Jul', anchor: 'end' });
  });

  it('tells the options apart by dash and marker shape as well as colour, and names each in the legend', () => {
    // Act
    const chart = electionProgressChart(progress);

    // Assess
    const [first, second] = chart.lines;
    expect(first?.colour).not.toBe(second?.colour);
    expect(first?.dash).not.toBe(second?.dash);
    expect(first?.shape).not.toBe(second?.shape);
    expect(chart.legend.map((entry) => entry.label)).toEqual([
      'Stay in the LGPS (LGPS): 5',
      'Join the NHS Pension Scheme (NHSPS): 9',
    ]);
    expect(first?.markers.at(-1)).toEqual({ x: chart.plot.right, y: expect.any(Number) });
  });

  it('still draws a visible line on the launch day itself', () => {
    // Act
    const chart = electionProgressChart({
      asOf: '2026-07-01',
      days: ['2026-07-01'],
      series: [{ code: 'LGPS', label: 'Stay', counts: [0] }],
    });

    // Assess
    expect(chart.lines[0]?.path).toBe(`M${chart.plot.left} ${chart.plot.bottom}h1`);
    expect(chart.yTicks.at(-1)?.label).toBe('1');
  });
});

describe('Function: niceStep', () => {
  it.each([
    [3, 1],
    [9, 2],
    [40, 10],
    [907, 200],
    [12_000, 5_000],
  ])('steps an axis up to %i by %i', (maximum, step) => {
    // Assess
    expect(niceStep(maximum)).toBe(step);
  });
});

describe('Function: markerPath', () => {
  it('draws a closed shape centred on the point for each marker kind', () => {
    // Act
    const paths = (['circle', 'square', 'triangle', 'diamond'] as const).map((shape) =>
      markerPath(shape, { x: 100, y: 50 }),
    );

    // Assess
    expect(new Set(paths).size).toBe(4);
    for (const path of paths) expect(path.endsWith('Z')).toBe(true);
    expect(paths[1]).toBe('M95.5 45.5h9v9h-9Z');
  });
});
