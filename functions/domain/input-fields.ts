/**
 * The zod fields every kind of input shares, with their messages written once (GOV.UK style), and how an
 * input is read with them: a field error per problem.
 */
import * as z from '../zod.ts';
import { isBusinessDate } from './business-dates.ts';
import { type FieldError, ValidationError } from './errors.ts';

/** The first business date any input may name: nothing in a transfer, contract or objection is older. */
export const earliestBusinessDate = '1900-01-01';

// C0 and C1 control characters (NUL, ESC, CR, LF, TAB…), DEL, and the Unicode line and paragraph separators.
const anyControlCharacter = /[\p{Cc}\u2028\u2029]/u;
// What a paragraph of text may hold that the rule above would refuse.
const lineBreaksAndTabs = /[\t\n\r]/g;
// Characters that show nothing and that String.prototype.trim keeps: zero-width space, non-joiner, joiner,
// and word joiner (trim already drops no-break and other Unicode spaces, and U+FEFF).
const invisibleCharacters = /[\u200B-\u200D\u2060\uFEFF]/g;

/** True when the text shows something: not only whitespace (Unicode spaces included) or zero-width characters. */
export function hasVisibleText(value: string): boolean {
  return value.replace(invisibleCharacters, '').trim() !== '';
}

/**
 * True when the text has no control character: a single-line field (a name, a title: what may reach an email
 * subject) takes none at all, a multi-line one (a note, a response) only line breaks and tabs.
 */
export function hasNoControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return !anyControlCharacter.test(options.multiline ? value.replace(lineBreaksAndTabs, '') : value);
}

export const controlCharacterMessage = (field: string, options: { multiline?: boolean } = {}) =>
  options.multiline
    ? `The ${field} must not contain control characters`
    : `The ${field} must be one line, without line breaks or control characters`;

/** Text with the control-character rule of its kind; applied to every text field that is stored or emailed. */
export const plainText = <T extends z.ZodMiniString>(
  schema: T,
  field: string,
  options: { multiline?: boolean } = {},
): T =>
  schema.check(
    z.refine((value) => hasNoControlCharacters(value, options), controlCharacterMessage(field, options)),
  ) as T;

/**
 * `5000` → `5,000`: how a limit (a whole number) reads in a message. Grouped by hand, not with
 * Intl.NumberFormat: these messages are built when the schemas are, at import, and a process's first
 * Intl.NumberFormat loads the locale's data (15 to 40 ms of a cold start here).
 */
export const characters = (limit: number) => String(limit).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Required text, trimmed, at most `max` characters, with something visible in it. Single-line unless
 * `multiline` (descriptions, summaries, notes). `missing` says what to enter when it is not "Enter the …";
 * `tooLong` replaces "The … must be N characters or fewer".
 */
export const requiredText = (
  field: string,
  max: number,
  options: { multiline?: boolean; missing?: string; tooLong?: string } = {},
) => {
  const missing = options.missing ?? `Enter the ${field}`;
  return plainText(
    z
      .string({ error: missing })
      .check(
        z.trim(),
        z.refine(hasVisibleText, missing),
        z.maxLength(max, options.tooLong ?? `The ${field} must be ${characters(max)} characters or fewer`),
      ),
    field,
    options,
  );
};

/** An optional note (a decision's, an objection's): text of several lines, trimmed, at most `max` characters. */
export const optionalNote = (max: number) =>
  z.optional(
    plainText(
      z
        .string({ error: 'The note must be text' })
        .check(z.trim(), z.maxLength(max, `The note must be ${characters(max)} characters or fewer`)),
      'note',
      { multiline: true },
    ),
  );

/** A real calendar date written `YYYY-MM-DD`, not before 1900 (a date like 0001-01-01 is a typing slip). */
export const businessDateField = (field: string) =>
  z.string({ error: `Enter the ${field} as YYYY-MM-DD` }).check(
    z.refine(isBusinessDate, `The ${field} must be a real date written as YYYY-MM-DD`),
    z.refine(
      (value) => !isBusinessDate(value) || value >= earliestBusinessDate,
      `The ${field} must be in ${earliestBusinessDate.slice(0, 4)} or later`,
    ),
  );

/** An email address, trimmed, at most 254 characters (RFC 5321's limit). */
export const emailField = (field: string) =>
  z.pipe(
    z
      .string({ error: `Enter the ${field}` })
      .check(z.trim(), z.maxLength(254, `The ${field} must be 254 characters or fewer`)),
    z.email(`Enter the ${field} in the correct format, like name@example.org`),
  );

/** An optional line of text: trimmed, at most `max` characters, one line. */
export const optionalLine = (field: string, max: number) =>
  z.optional(
    plainText(
      z
        .string({ error: `The ${field} must be text` })
        .check(z.trim(), z.maxLength(max, `The ${field} must be ${characters(max)} characters or fewer`)),
      field,
    ),
  );

/** A web address people are sent to: https only, so a link in an email never opens an unsafe page. */
export const webAddressField = (field: string) =>
  z.pipe(
    z
      .string({ error: `Enter the ${field}` })
      .check(z.trim(), z.maxLength(500, `The ${field} must be 500 characters or fewer`)),
    z.url({
      protocol: /^https$/,
      error: `Enter the ${field} as a full web address starting https://, like https://www.gov.uk/`,
    }),
  );

/** Turns zod issues into field errors with dotted paths (`pension.options[1].code`). */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  const pathOf = (keys: readonly PropertyKey[]) =>
    keys.reduce<string>(
      (path, key) =>
        typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key),
      '',
    );
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `Unknown field: ${key}` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** The input as `schema` reads it; otherwise throws ValidationError with `message` and the field errors. */
export function parseInput<Schema extends z.ZodMiniType>(
  schema: Schema,
  input: unknown,
  message: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(message, { errors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}
