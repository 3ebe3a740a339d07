/** Roster rows: what a valid one is, checked all together so a file is stored whole or not at all. */
import * as z from '../zod.ts';
import { isBusinessDate } from './business-dates.ts';
import { type FieldError, PayloadTooLargeError, ValidationError } from './errors.ts';
import { earliestBusinessDate, emailField, fieldErrorsOf, plainText, requiredText } from './input-fields.ts';
import {
  dateOfBirthProblem,
  liabilityFields,
  liabilityRowFields,
  type PersonLiability,
} from './liability-information.ts';
import type { RosterRow } from './transfer.ts';

export const maxRowsPerRequest = 5000;

const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown): unknown =>
      value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value,
    ),
    z.optional(schema),
  );

const date = (field: string) =>
  z.string({ error: `Enter the ${field} as YYYY-MM-DD` }).check(
    z.refine(isBusinessDate, `Enter a real ${field} as YYYY-MM-DD`),
    z.refine(
      (value) => !isBusinessDate(value) || value >= earliestBusinessDate,
      `The ${field} must be in ${earliestBusinessDate.slice(0, 4)} or later`,
    ),
  );

/** An employee number as rosters write it: 1 to 20 letters, digits, `-` or `/`, starting with a letter or digit. */
export const employeeNumberPattern = /^[A-Za-z0-9][A-Za-z0-9/-]{0,19}$/;

export const rosterRowSchema = z
  .strictObject(
    {
      employeeNumber: z
        .string({ error: 'Enter the employee number' })
        .check(
          z.trim(),
          z.regex(employeeNumberPattern, 'An employee number is 1 to 20 letters, digits, - or /'),
        ),
      name: requiredText('name', 200, { tooLong: 'The name is too long' }),
      email: emailField('email address'),
      jobTitle: requiredText('job title', 200, { tooLong: 'The job title is too long' }),
      team: optional(
        plainText(z.string().check(z.trim(), z.maxLength(200, 'The team name is too long')), 'team name'),
      ),
      managerEmail: optional(emailField("manager's email address")),
      currentPensionScheme: requiredText('current pension scheme', 50, {
        tooLong: 'The pension scheme is too long',
      }),
      contractType: z.enum(['permanent', 'fixed-term'], {
        error: 'The contract type must be permanent or fixed-term',
      }),
      contractEndDate: optional(date('contract end date')),
      continuousServiceStart: date('continuous service start date'),
      // TUPE reg 11, stored apart from the case (functions/domain/liability-information.ts).
      ...liabilityRowFields,
    },
    { error: 'Each row must be an object of roster fields' },
  )
  .check(
    z.superRefine((row, context) => {
      if (row.contractType === 'fixed-term' && !row.contractEndDate) {
        context.addIssue({
          code: 'custom',
          path: ['contractEndDate'],
          message: 'Enter the contract end date of a fixed-term contract',
        });
      }
      if (row.contractType === 'permanent' && row.contractEndDate) {
        context.addIssue({
          code: 'custom',
          path: ['contractEndDate'],
          message: 'A permanent contract has no end date',
        });
      }
    }),
  );

/** `rows 3 and 7`, `row 3`: other rows a value is also on, numbered from 1. */
function rowsNamed(indexes: readonly number[]): string {
  const numbers = indexes.map((index) => String(index + 1));
  if (numbers.length === 1) return `row ${numbers[0]}`;
  return `rows ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

const employeeNumberOnly = z.object({ employeeNumber: rosterRowSchema.shape.employeeNumber });
const serviceStartOnly = z.object({ continuousServiceStart: rosterRowSchema.shape.continuousServiceStart });
const dateOfBirthOnly = z.object({ dateOfBirth: rosterRowSchema.shape.dateOfBirth });

/** The rows' employee numbers that are well formed, by key, with the rows they are on. */
function rowsByEmployeeKey(rows: readonly unknown[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const parsed = employeeNumberOnly.safeParse(row);
    if (!parsed.success) return;
    const key = employeeKey(parsed.data.employeeNumber);
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  return byKey;
}

/**
 * The errors of the row's employee number and service start that hold whatever else is wrong in the
 * row, so a duplicate is reported in the same pass as a bad email rather than after it is fixed.
 */
function crossRowErrors(
  row: unknown,
  index: number,
  context: { byKey: ReadonlyMap<string, number[]>; alreadyStored: ReadonlySet<string>; today: string },
): FieldError[] {
  const errors: FieldError[] = [];
  const number = employeeNumberOnly.safeParse(row);
  if (number.success) {
    const { employeeNumber } = number.data;
    const key = employeeKey(employeeNumber);
    const others = (context.byKey.get(key) ?? []).filter((other) => other !== index);
    if (others.length > 0) {
      errors.push({
        path: `staff[${index}].employeeNumber`,
        message: `The employee number ${employeeNumber} is also on ${rowsNamed(others)}`,
      });
    }
    if (context.alreadyStored.has(key)) {
      errors.push({
        path: `staff[${index}].employeeNumber`,
        message: `The employee number ${employeeNumber} is already on this transfer's roster`,
      });
    }
  }
  const serviceStart = serviceStartOnly.safeParse(row);
  if (serviceStart.success && serviceStart.data.continuousServiceStart > context.today) {
    errors.push({
      path: `staff[${index}].continuousServiceStart`,
      message: 'The continuous service start date must be today or earlier',
    });
  }
  const birth = dateOfBirthOnly.safeParse(row);
  const dateOfBirth = birth.success ? birth.data.dateOfBirth : undefined;
  const birthProblem = dateOfBirth === undefined ? undefined : dateOfBirthProblem(dateOfBirth, context.today);
  if (birthProblem) errors.push({ path: `staff[${index}].dateOfBirth`, message: birthProblem });
  return errors;
}

/**
 * Validates every row and answers them all or none: duplicates within the rows (each row naming the
 * others) and against the employee numbers already stored are errors too, reported with the row's other
 * errors. `today` keeps service dates out of the future.
 */
export function validateRoster(
  rows: unknown[],
  alreadyStored: ReadonlySet<string>,
  today: string,
): RosterRow[] {
  return validateRosterImport(rows, alreadyStored, today).map(({ row }) => row);
}

/** A valid row, and its liability information (absent when the row carried none), kept apart. */
export interface ImportedRow {
  row: RosterRow;
  liability?: PersonLiability;
}

/** A parsed row split into the case's fields and the liability fields, which never go on the case. */
function splitLiability(parsed: Record<string, unknown>): ImportedRow {
  const row: Record<string, unknown> = {};
  const liability: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    if ((liabilityFields as readonly string[]).includes(field)) liability[field] = value;
    else row[field] = value;
  }
  return {
    row: row as unknown as RosterRow,
    ...(Object.keys(liability).length > 0 ? { liability: liability as PersonLiability } : {}),
  };
}

/** validateRoster, answering each row with its liability information apart. */
export function validateRosterImport(
  rows: unknown[],
  alreadyStored: ReadonlySet<string>,
  today: string,
): ImportedRow[] {
  if (rows.length > maxRowsPerRequest) {
    throw new PayloadTooLargeError(
      `At most ${maxRowsPerRequest} rows a request; this one has ${rows.length}`,
    );
  }
  if (rows.length === 0) {
    throw new ValidationError('The roster is empty', {
      errors: [{ path: 'staff', message: 'Add at least one row' }],
    });
  }
  const errors: FieldError[] = [];
  const valid: ImportedRow[] = [];
  const context = { byKey: rowsByEmployeeKey(rows), alreadyStored, today };
  rows.forEach((row, index) => {
    const parsed = rosterRowSchema.safeParse(row);
    if (!parsed.success) {
      for (const error of fieldErrorsOf(parsed.error)) {
        errors.push({
          path: error.path ? `staff[${index}].${error.path}` : `staff[${index}]`,
          message: error.message,
        });
      }
    }
    errors.push(...crossRowErrors(row, index, context));
    if (parsed.success) valid.push(splitLiability(parsed.data));
  });
  if (errors.length > 0) {
    const rowsWithErrors = new Set(errors.map((error) => error.path.split('.')[0])).size;
    throw new ValidationError(
      `${rowsWithErrors} ${rowsWithErrors === 1 ? 'row has' : 'rows have'} errors; nothing was added`,
      { errors },
    );
  }
  return valid;
}

/** Employee numbers compare without regard to case: `e1001` and `E1001` are one person. */
export function employeeKey(employeeNumber: string): string {
  return employeeNumber.trim().toUpperCase();
}
