/** Europe/London business dates (`YYYY-MM-DD`) and the instants they start at. */
import { TZDate } from '@date-fns/tz';
import { addDays, format, isValid, parse } from 'date-fns';

export const businessTimeZone = 'Europe/London';
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isBusinessDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const parsed = parse(value, 'yyyy-MM-dd', new Date(0));
  return isValid(parsed) && format(parsed, 'yyyy-MM-dd') === value;
}

/** The business date an instant falls on in London. */
export function businessDateOf(instant: Date): string {
  return format(new TZDate(instant.getTime(), businessTimeZone), 'yyyy-MM-dd');
}

/** The instant a London business date begins (00:00 local, GMT or BST). */
export function startOfBusinessDate(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(TZDate.tz(businessTimeZone, year, month - 1, day).getTime());
}

export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return format(addDays(new Date(year, month - 1, day), days), 'yyyy-MM-dd');
}
