/**
 * England and Wales working days: Monday to Friday, except bank holidays. The bank holidays come from
 * the data file next to this module (source: GOV.UK's bank holidays service), which must be refreshed
 * every year; a date after its last year is refused rather than guessed.
 */

import { addCalendarDays, isBusinessDate } from './business-dates.ts';
import bankHolidayFile from './data/bank-holidays-england-and-wales.json' with { type: 'json' };
import { BankHolidaysUnknownError } from './errors.ts';
import type { BusinessDate } from './transfer.ts';

export interface BankHoliday {
  title: string;
  date: BusinessDate;
  notes: string;
}

export interface BankHolidayCalendar {
  source: string;
  note: string;
  division: string;
  events: BankHoliday[];
}

export const bankHolidayCalendar: BankHolidayCalendar = bankHolidayFile;

const bankHolidays = new Set(bankHolidayCalendar.events.map((holiday) => holiday.date));
const yearsCovered = bankHolidayCalendar.events.map((holiday) => Number(holiday.date.slice(0, 4)));

/** The first and last calendar years the bank holiday file lists. */
export const bankHolidayYears = { first: Math.min(...yearsCovered), last: Math.max(...yearsCovered) };

function dayOfWeek(date: BusinessDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** True on a weekday that is not an England and Wales bank holiday. */
export function isWorkingDay(date: BusinessDate): boolean {
  if (!isBusinessDate(date)) throw new RangeError(`Not a date written YYYY-MM-DD: ${date}`);
  const year = Number(date.slice(0, 4));
  if (year < bankHolidayYears.first || year > bankHolidayYears.last) {
    throw new BankHolidaysUnknownError(
      `The England and Wales bank holidays of ${year} are not in functions/domain/data/bank-holidays-england-and-wales.json ` +
        `(it covers ${bankHolidayYears.first} to ${bankHolidayYears.last}): refresh it from ${bankHolidayCalendar.source}`,
    );
  }
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !bankHolidays.has(date);
}

/** The date itself when it is a working day; otherwise the last working day before it. */
export function workingDayOnOrBefore(date: BusinessDate): BusinessDate {
  let candidate = date;
  while (!isWorkingDay(candidate)) candidate = addCalendarDays(candidate, -1);
  return candidate;
}
