/**
 * Dates written for people, GOV.UK style, in Europe/London: "Friday 16 January 2026", "16 January 2026",
 * "16 January 2026 at 2:05pm". Machine formats (the JSON API, CSV exports) keep ISO 8601.
 */
import { TZDate } from '@date-fns/tz';
import { format, isValid, parseISO } from 'date-fns';
import { businessTimeZone } from '../domain/business-dates.ts';
import type { BusinessDate, Instant } from '../domain/transfer.ts';

const businessDatePattern = /^\d{4}-\d{2}-\d{2}$/;

function parsedBusinessDate(date: BusinessDate): Date {
  const parsed = businessDatePattern.test(date) ? parseISO(date) : new Date(Number.NaN);
  if (!isValid(parsed)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return parsed;
}

/** `2026-01-16` → `Friday 16 January 2026`. */
export function formatBusinessDate(date: BusinessDate): string {
  return format(parsedBusinessDate(date), 'EEEE d MMMM yyyy');
}

/** `2026-12-01` → `1 December 2026`, for a date inside a sentence. */
export function formatDate(date: BusinessDate): string {
  return format(parsedBusinessDate(date), 'd MMMM yyyy');
}

/** `2026-01-16` → `16 Jan 2026`, for tables where space is short. */
export function formatShortBusinessDate(date: BusinessDate): string {
  return format(parsedBusinessDate(date), 'd MMM yyyy');
}

/** `2026-12-01` → `1 Dec`, for a chart's axis, where the range shows the year. */
export function formatDayAndMonth(date: BusinessDate): string {
  return format(parsedBusinessDate(date), 'd MMM');
}

/** An ISO instant → `16 January 2026 at 2:05pm`, on the clock people in England read. */
export function formatInstant(instant: Instant): string {
  const parsed = new Date(instant);
  if (!isValid(parsed)) throw new RangeError(`Not an ISO instant: ${instant}`);
  const local = new TZDate(parsed.getTime(), businessTimeZone);
  return `${format(local, 'd MMMM yyyy')} at ${format(local, 'h:mmaaa')}`;
}

/** An ISO instant → `2:35pm`, the time of day on the clock people in England read. */
export function formatTimeOfDay(instant: Instant): string {
  const parsed = new Date(instant);
  if (!isValid(parsed)) throw new RangeError(`Not an ISO instant: ${instant}`);
  return format(new TZDate(parsed.getTime(), businessTimeZone), 'h:mmaaa');
}

const isoInstantOrDate =
  /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?(?![\dT-])/g;

/**
 * The ISO dates and instants inside a message written for the JSON API (a domain rule's words, an audit
 * detail) → in words, for a page or the evidence pack: `… after 2027-03-31` → `… after 31 March 2027`.
 * Anything that is not a real date stays as it is.
 */
export function withDatesInWords(text: string): string {
  return text.replace(isoInstantOrDate, (match) => {
    try {
      return match.length === 10 ? formatDate(match) : formatInstant(match);
    } catch {
      return match;
    }
  });
}
