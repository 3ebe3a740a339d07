/**
 * The date labels under a chart with one point a day: as many as fit without touching, at a steady step
 * (a day, a week, four weeks …), always the first and the last day. Pure: the days and the axis in, ticks out.
 */
import type { BusinessDate } from '../../domain/transfer.ts';
import { formatDayAndMonth } from '../date-formats.ts';

export interface DateTick {
  x: number;
  label: string;
  /** How the label hangs on its tick: the first starts at the left edge, the last ends at the right. */
  anchor: 'start' | 'middle' | 'end';
}

/** The size of the axis labels in the chart templates (`font-size="13"`). */
export const axisFontSize = 13;
/** The least space between two labels. */
export const labelGap = 12;

/**
 * The width a label takes, erring wide: in the system sans-serif fonts a digit or letter of "30 Sep 2026" is
 * at most about 0.6em on average; 0.62em leaves room for the widest.
 */
export function labelWidth(label: string): number {
  return Math.ceil(label.length * axisFontSize * 0.62);
}

/** Where a tick's label starts and ends along the axis. */
export function labelExtent(tick: DateTick): { from: number; to: number } {
  const width = labelWidth(tick.label);
  if (tick.anchor === 'start') return { from: tick.x, to: tick.x + width };
  if (tick.anchor === 'end') return { from: tick.x - width, to: tick.x };
  return { from: tick.x - width / 2, to: tick.x + width / 2 };
}

/** Steps in days that read as a rhythm: daily, every few days, weekly, four-weekly, quarterly, yearly. */
const stepsInDays = [1, 2, 3, 7, 14, 28, 56, 91, 182, 364];

const round = (value: number) => Math.round(value * 10) / 10;

function fits(ticks: readonly DateTick[]): boolean {
  return ticks.every((tick, index) => {
    const next = ticks[index + 1];
    return next === undefined || labelExtent(tick).to + labelGap <= labelExtent(next).from;
  });
}

/**
 * Ticks for `days` spread evenly from `left` to `right`. "1 Dec" on each; the first and last carry the
 * year when the range crosses into another year, so a 400-day axis does not show two "1 Dec" unexplained.
 */
export function dateAxisTicks(days: readonly BusinessDate[], left: number, right: number): DateTick[] {
  const count = days.length;
  if (count === 0) return [];
  const spansYears = days[0]?.slice(0, 4) !== days[count - 1]?.slice(0, 4);
  const labelOf = (index: number) => {
    const short = formatDayAndMonth(days[index] as BusinessDate);
    const atEnd = index === 0 || index === count - 1;
    return spansYears && atEnd ? `${short} ${days[index]?.slice(0, 4)}` : short;
  };
  const tickAt = (index: number): DateTick => ({
    x: round(count === 1 ? left : left + (index / (count - 1)) * (right - left)),
    label: labelOf(index),
    anchor: index === 0 ? 'start' : index === count - 1 ? 'end' : 'middle',
  });
  if (count === 1) return [tickAt(0)];

  const steps = [...stepsInDays.filter((step) => step < count - 1), count - 1];
  for (const step of steps) {
    const indexes: number[] = [];
    for (let index = 0; index < count - 1; index += step) indexes.push(index);
    const ticks = [...indexes.map(tickAt), tickAt(count - 1)];
    // The last step is usually short: the tick before the last day gives way to it if they would touch.
    const lastTwo = ticks.slice(-2);
    if (ticks.length > 2 && !fits(lastTwo)) ticks.splice(-2, 1);
    if (fits(ticks)) return ticks;
  }
  // An axis too short even for its two ends keeps the first day's label alone.
  return [tickAt(0)];
}
