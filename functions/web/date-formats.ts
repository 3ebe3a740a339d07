/** Dates written for people, in Europe/London: "Friday 16 January 2026", "16 January 2026 at 2:05pm". */
import { TZDate } from '@date-fns/tz';
import { format, isValid, parseISO } from 'date-fns';
import { businessTimeZone } from '../adapters/clock.ts';
import type { BusinessDate, Instant } from '../domain/transfer.ts';

const businessDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-01-16` → `Friday 16 January 2026`. */
export function formatBusinessDate(date: BusinessDate): string {
  const parsed = businessDatePattern.test(date) ? parseISO(date) : new Date(Number.NaN);
  if (!isValid(parsed)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return format(parsed, 'EEEE d MMMM yyyy');
}

/** `2026-01-16` → `16 Jan 2026`, for tables where space is short. */
export function formatShortBusinessDate(date: BusinessDate): string {
  const parsed = businessDatePattern.test(date) ? parseISO(date) : new Date(Number.NaN);
  if (!isValid(parsed)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return format(parsed, 'd MMM yyyy');
}

/** An ISO instant → `16 January 2026 at 2:05pm`, on the clock people in England read. */
export function formatInstant(instant: Instant): string {
  const parsed = new Date(instant);
  if (!isValid(parsed)) throw new RangeError(`Not an ISO instant: ${instant}`);
  const local = new TZDate(parsed.getTime(), businessTimeZone);
  return `${format(local, 'd MMMM yyyy')} at ${format(local, 'h:mmaaa')}`;
}

/** An ISO instant → `14:35`, the time of day on the clock people in England read. */
export function formatTimeOfDay(instant: Instant): string {
  const parsed = new Date(instant);
  if (!isValid(parsed)) throw new RangeError(`Not an ISO instant: ${instant}`);
  return format(new TZDate(parsed.getTime(), businessTimeZone), 'HH:mm');
}

export interface DateInputValues {
  day: string;
  month: string;
  year: string;
}

export type DateInputResult = { date: BusinessDate } | { problem: 'missing' | 'incomplete' | 'not-real' };

/** Reads a GOV.UK date input (day, month, year typed separately) into a `YYYY-MM-DD` date. */
export function readDateInput(values: DateInputValues): DateInputResult {
  const parts = [values.day.trim(), values.month.trim(), values.year.trim()];
  if (parts.every((part) => part === '')) return { problem: 'missing' };
  if (parts.some((part) => part === '')) return { problem: 'incomplete' };
  const [day, month, year] = parts as [string, string, string];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { problem: 'not-real' };
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = parseISO(date);
  // parseISO rolls 31 February over to March: compare the parts back to catch it.
  if (!isValid(parsed) || format(parsed, 'yyyy-MM-dd') !== date) return { problem: 'not-real' };
  return { date };
}

/** `2026-01-16` → the values a date input shows. */
export function dateInputValuesOf(date: BusinessDate | undefined): DateInputValues {
  const match = date === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}
