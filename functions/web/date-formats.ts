/** Dates written for people, in Europe/London: "Friday 16 January 2026", "16 January 2026 at 2:05pm". */
import { TZDate } from '@date-fns/tz';
import { format, isValid, parseISO } from 'date-fns';
import { businessTimeZone } from '../domain/business-dates.ts';
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
