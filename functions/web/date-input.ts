/**
 * GOV.UK date inputs: a date typed as day, month and year in three boxes (`transferDate-day`, …), read into
 * a `YYYY-MM-DD` date by a zod schema whose messages follow the GOV.UK pattern. Whether the date suits what
 * it is for (in the future, before the transfer) is the domain's rule, checked after this.
 */
import { format, isValid, parseISO } from 'date-fns';
import type { BusinessDate } from '../domain/transfer.ts';
import * as z from '../zod.ts';
import { type FormFields, textField } from './form-body.ts';

export type DatePart = 'day' | 'month' | 'year';
export const dateParts: readonly DatePart[] = ['day', 'month', 'year'];

export type DateInputValues = Record<DatePart, string>;

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

/** The three boxes of the date input `name` as posted. */
export function dateInputFields(fields: FormFields, name: string): DateInputValues {
  return {
    day: textField(fields, `${name}-day`),
    month: textField(fields, `${name}-month`),
    year: textField(fields, `${name}-year`),
  };
}

/** The issue of a date that could not be read, `what` naming it in the message ("the transfer date"). */
function addDateIssue(
  values: DateInputValues,
  problem: 'missing' | 'incomplete' | 'not-real',
  what: string,
  context: z.core.ParsePayload,
): void {
  const messages = {
    missing: `Enter ${what}`,
    incomplete: `${capitalised(what)} must include a day, month and year`,
    'not-real': `${capitalised(what)} must be a real date`,
  };
  const parts =
    problem === 'incomplete' ? dateParts.filter((part) => values[part].trim() === '') : [...dateParts];
  // zod/mini's transform has no addIssue: the issue classic zod's would add, written out.
  context.issues.push({ code: 'custom', message: messages[problem], params: { parts }, input: values });
}

const dateInputShape = z.object({ day: z.string(), month: z.string(), year: z.string() });

/**
 * A date input's values → `YYYY-MM-DD`, `what` naming the date in messages ("the transfer date"). An issue
 * says in `params.parts` which boxes to mark: only the empty ones when the date is incomplete.
 */
export const dateInput = (what: string) =>
  z.pipe(
    dateInputShape,
    z.transform((values, context) => {
      const read = readDateInput(values);
      if ('date' in read) return read.date;
      addDateIssue(values, read.problem, what, context);
      return z.NEVER;
    }),
  );

/** A date input that may be left empty: `''` when all three boxes are, else as `dateInput`. */
export const optionalDateInput = (what: string) =>
  z.pipe(
    dateInputShape,
    z.transform((values, context): BusinessDate | '' => {
      const read = readDateInput(values);
      if ('date' in read) return read.date;
      if (read.problem === 'missing') return '';
      addDateIssue(values, read.problem, what, context);
      return z.NEVER;
    }),
  );

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The boxes an issue marks (all three unless it says otherwise). */
export function datePartsOf(issue: z.core.$ZodIssue | undefined): DatePart[] {
  const parts = issue?.code === 'custom' ? issue.params?.parts : undefined;
  return Array.isArray(parts) ? dateParts.filter((part) => parts.includes(part)) : [...dateParts];
}

/** The items of govukDateInput, the boxes in error marked. */
export function dateInputItems(values: DateInputValues, errorParts: readonly DatePart[] = []) {
  return dateParts.map((part) => ({
    name: part,
    value: values[part],
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}
