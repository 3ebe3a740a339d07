import { describe, expect, it } from 'vitest';
import { milestoneState, milestoneTimeline } from '../../../../functions/web/charts/milestone-timeline.ts';

describe('Function: milestoneState', () => {
  it.each([
    ['done', '2026-07-01', 'done'],
    ['pending', '2026-08-01', 'due'],
    ['running', '2026-07-10', 'due'],
    ['skipped', '2026-07-01', 'skipped'],
    ['pending', '2026-07-01', 'overdue'],
    ['failed', '2026-07-20', 'overdue'],
    ['cancelled', '2026-07-01', 'cancelled'],
  ] as const)('calls a %s milestone due on %s %s when today is 10 July 2026', (status, dueOn, state) => {
    // Act
    const answer = milestoneState(status, dueOn, '2026-07-10');

    // Assess
    expect(answer).toBe(state);
  });
});

describe('Function: milestoneTimeline', () => {
  const milestones = [
    { name: 'Pension election closes', dueOn: '2026-08-04', status: 'pending' as const },
    { name: 'Reminder to staff who have not chosen', dueOn: '2026-07-28', status: 'done' as const },
    { name: 'Employee liability information due', dueOn: '2026-08-12', status: 'pending' as const },
    { name: 'Transfer day', dueOn: '2026-09-09', status: 'pending' as const },
  ];

  it('places each milestone on a date axis from the launch to the transfer day, with today between', () => {
    // Act
    const timeline = milestoneTimeline({
      from: '2026-07-01',
      to: '2026-09-09',
      today: '2026-08-05',
      milestones,
    });

    // Assess
    const { x1, x2 } = timeline.axis;
    expect(timeline.from).toBe('1 Jul 2026');
    expect(timeline.to).toBe('9 Sep 2026');
    const span = 70;
    const xAt = (days: number) => Math.round((x1 + (days / span) * (x2 - x1)) * 10) / 10;
    expect(timeline.markers.map((marker) => marker.x)).toEqual([xAt(27), xAt(34), xAt(42), xAt(70)]);
    expect(timeline.markers.map((marker) => marker.number)).toEqual([1, 2, 3, 4]);
    expect(timeline.markers.map((marker) => marker.name)).toEqual([
      'Reminder to staff who have not chosen',
      'Pension election closes',
      'Employee liability information due',
      'Transfer day',
    ]);
    expect(timeline.today).toEqual({ x: xAt(35), label: 'Today, 5 Aug 2026', anchor: 'middle' });
    expect(timeline.markers.map((marker) => marker.state)).toEqual(['done', 'overdue', 'due', 'due']);
    expect(timeline.ticks.map((tick) => tick.label)).toEqual(['Aug', 'Sep']);
  });

  it('raises the number of a marker too close to the one before, so both can be read', () => {
    // Act
    const timeline = milestoneTimeline({
      from: '2026-01-01',
      to: '2026-12-31',
      today: '2026-01-01',
      milestones: [
        { name: 'A', dueOn: '2026-06-01', status: 'pending' },
        { name: 'B', dueOn: '2026-06-02', status: 'pending' },
        { name: 'C', dueOn: '2026-09-01', status: 'pending' },
      ],
    });

    // Assess
    const [first, second, third] = timeline.markers;
    expect(second?.numberY).toBeLessThan(first?.numberY as number);
    expect(third?.numberY).toBe(first?.numberY);
  });

  it('lists the milestones in a key under the axis, one line each, above the legend', () => {
    // Act
    const timeline = milestoneTimeline({
      from: '2026-07-01',
      to: '2026-09-09',
      today: '2026-07-01',
      milestones,
    });

    // Assess
    const keys = timeline.markers.map((marker) => marker.key);
    expect(keys.every((key) => key.x === timeline.axis.x1)).toBe(true);
    expect(keys.map((key) => key.y)).toEqual([...keys.map((key) => key.y)].sort((a, b) => a - b));
    expect(new Set(keys.map((key) => key.y)).size).toBe(4);
    expect(Math.min(...keys.map((key) => key.y))).toBeGreaterThan(timeline.axis.y + 26);
    expect(timeline.legend[0]?.y).toBeGreaterThan(Math.max(...keys.map((key) => key.y)));
    expect(timeline.height).toBeGreaterThan(timeline.legend[0]?.y as number);
  });

  it('leaves out month ticks that would crowd the start and end dates', () => {
    // Act
    const timeline = milestoneTimeline({
      from: '2026-07-29',
      to: '2026-10-03',
      today: '2026-07-29',
      milestones,
    });

    // Assess: 1 August and 1 October are within a few days of the ends
    expect(timeline.ticks.map((tick) => tick.label)).toEqual(['Sep']);
    expect(timeline.today?.anchor).toBe('start');
  });

  it('draws no today line when today falls outside the axis', () => {
    // Act
    const timeline = milestoneTimeline({
      from: '2026-07-01',
      to: '2026-09-09',
      today: '2026-12-01',
      milestones,
    });

    // Assess
    expect(timeline.today).toBeUndefined();
    expect(timeline.markers.every((marker) => marker.state !== 'due')).toBe(true);
  });
});
