/**
 * The geometry of the milestone timeline drawn on the transfer page: one marker per milestone on a date
 * axis from the launch (or creation) to the transfer day, its shape and colour saying whether it is done,
 * due or overdue, and a line for today. Each marker carries a number that leads to its line in the key
 * below the axis, so long names never crowd each other however close the dates. Pure: dates in,
 * coordinates and labels out; the template draws it.
 */
import type { BusinessDate, MilestoneStatus } from '../../domain/transfer.ts';
import { formatShortBusinessDate } from '../date-formats.ts';

export type MilestoneState = 'done' | 'due' | 'overdue' | 'skipped' | 'cancelled';

export interface TimelineMilestone {
  name: string;
  dueOn: BusinessDate;
  status: MilestoneStatus;
}

export interface TimelineMarker {
  number: number;
  name: string;
  dueOn: BusinessDate;
  dateLabel: string;
  state: MilestoneState;
  stateLabel: string;
  x: number;
  /** Where its number sits above the axis: raised when another marker is too close to read both. */
  numberY: number;
  /** Its line in the key under the axis. */
  key: { x: number; y: number };
}

export interface TimelineTick {
  x: number;
  label: string;
}

export interface MilestoneTimelineGeometry {
  width: number;
  height: number;
  axis: { x1: number; x2: number; y: number };
  /** The first and last days drawn, written for people. */
  from: string;
  to: string;
  ticks: TimelineTick[];
  markers: TimelineMarker[];
  today?: { x: number; label: string; anchor: 'start' | 'middle' | 'end' };
  legend: Array<{ state: MilestoneState; label: string; x: number; y: number }>;
}

export const stateLabels: Record<MilestoneState, string> = {
  done: 'Done',
  due: 'Due',
  overdue: 'Overdue',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/**
 * Done; due (not yet, still ahead); overdue (not done and its day has passed, or its workflow failed);
 * skipped (its moment passed before it ran, so it did nothing).
 */
export function milestoneState(
  status: MilestoneStatus,
  dueOn: BusinessDate,
  today: BusinessDate,
): MilestoneState {
  if (status === 'done') return 'done';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'skipped') return 'skipped';
  if (status === 'failed' || dueOn < today) return 'overdue';
  return 'due';
}

function dayNumber(date: BusinessDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

const width = 960;
const margin = { left: 40, right: 40 };
const axisY = 96;
/** Numbers closer than this share no line: the later one is raised above the earlier. */
const numberSpacing = 24;
const keyTop = axisY + 62;
const keyRowHeight = 28;
const keyColumns = 1;

function monthTicks(
  from: BusinessDate,
  to: BusinessDate,
  xOf: (date: BusinessDate) => number,
): TimelineTick[] {
  const ticks: TimelineTick[] = [];
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  let year = fromYear;
  let month = fromMonth + 1;
  for (;;) {
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const date = `${year}-${String(month).padStart(2, '0')}-01`;
    if (date > to) break;
    // `1 Aug 2026` → `Aug`: the same month names as the dates in the key.
    const label = formatShortBusinessDate(date).split(' ')[1] ?? date;
    ticks.push({ x: xOf(date), label: month === 1 ? `${label} ${year}` : label });
    month += 1;
  }
  // Many months make crowded ticks: keep every nth so at most twelve remain.
  const step = Math.ceil(ticks.length / 12);
  return ticks.filter((_, index) => index % step === 0);
}

export function milestoneTimeline(input: {
  from: BusinessDate;
  to: BusinessDate;
  today: BusinessDate;
  milestones: readonly TimelineMilestone[];
}): MilestoneTimelineGeometry {
  const dates = [input.from, input.to, ...input.milestones.map((milestone) => milestone.dueOn)].sort();
  const from = dates[0] as BusinessDate;
  const to = dates[dates.length - 1] as BusinessDate;
  const span = Math.max(1, dayNumber(to) - dayNumber(from));
  const x1 = margin.left;
  const x2 = width - margin.right;
  const xOf = (date: BusinessDate) =>
    Math.round((x1 + ((dayNumber(date) - dayNumber(from)) / span) * (x2 - x1)) * 10) / 10;
  const keyColumnWidth = (x2 - x1) / keyColumns;

  const sorted = [...input.milestones].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const markers: TimelineMarker[] = [];
  for (const [index, milestone] of sorted.entries()) {
    const x = xOf(milestone.dueOn);
    const state = milestoneState(milestone.status, milestone.dueOn, input.today);
    const crowding = markers.filter((other) => x - other.x < numberSpacing);
    markers.push({
      number: index + 1,
      name: milestone.name,
      dueOn: milestone.dueOn,
      dateLabel: formatShortBusinessDate(milestone.dueOn),
      state,
      stateLabel: stateLabels[state],
      x,
      numberY: axisY - 22 - crowding.length * 18,
      key: {
        x: x1 + (index % keyColumns) * keyColumnWidth,
        y: keyTop + Math.floor(index / keyColumns) * keyRowHeight,
      },
    });
  }

  const keyRows = Math.max(1, Math.ceil(markers.length / keyColumns));
  const legendY = keyTop + keyRows * keyRowHeight + 14;
  const states: MilestoneState[] = ['done', 'due', 'overdue', 'skipped', 'cancelled'];
  const todayX = xOf(input.today);
  return {
    width,
    height: legendY + 20,
    axis: { x1, x2, y: axisY },
    from: formatShortBusinessDate(from),
    to: formatShortBusinessDate(to),
    // Month ticks close to either end would crowd the start and end dates written there.
    ticks: monthTicks(from, to, xOf).filter((tick) => tick.x - x1 >= 70 && x2 - tick.x >= 70),
    markers,
    ...(input.today >= from && input.today <= to
      ? {
          today: {
            x: todayX,
            label: `Today, ${formatShortBusinessDate(input.today)}`,
            anchor: todayX < x1 + 80 ? 'start' : todayX > x2 - 80 ? 'end' : 'middle',
          },
        }
      : {}),
    legend: states.map((state, index) => ({
      state,
      label: stateLabels[state],
      x: x1 + index * 150,
      y: legendY,
    })),
  };
}
