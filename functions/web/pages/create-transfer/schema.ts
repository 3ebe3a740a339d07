/**
 * The create-transfer page's input. Its fields' rules are the JSON API's (functions/domain/transfer-rules.ts):
 * the same zod fields and messages. What only the page has is said here: dates typed in three boxes, and
 * pension options typed in rows, some left blank, with the default chosen by row.
 */

import { legalBasisField, newTransferSchema, optionCodeField } from '../../../domain/transfer-rules.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';

/** Rows of option inputs: two are expected (e.g. LGPS and NHSPS), the third is there when needed. */
export const optionRows = [1, 2, 3] as const;

const optionRow = z.object({
  code: z.string(),
  label: z.string(),
  description: z.string(),
  guidanceUrl: z.string(),
});

/** The rows filled in, with the row each came from; a row with nothing typed in it is left out. */
export function filledRows(options: ReadonlyArray<z.infer<typeof optionRow>>) {
  return options.flatMap((option, index) =>
    Object.values(option).every((value) => value === '') ? [] : [{ ...option, row: index + 1 }],
  );
}

/** The option rows and the default, by row: each filled row complete, at least one, the default among them. */
const pensionRows = z.object({ options: z.array(optionRow), defaultOption: z.string() }).check(
  z.superRefine(({ options, defaultOption }, context) => {
    const filled = filledRows(options);
    for (const { code, label, row } of filled) {
      if (code === '')
        context.addIssue({
          code: 'custom',
          path: ['options', row - 1, 'code'],
          message: `Enter a code for option ${row}`,
        });
      else {
        const checked = optionCodeField.safeParse(code);
        if (!checked.success) {
          context.addIssue({
            code: 'custom',
            path: ['options', row - 1, 'code'],
            message: checked.error.issues[0]?.message ?? '',
          });
        }
      }
      if (label === '') {
        context.addIssue({
          code: 'custom',
          path: ['options', row - 1, 'label'],
          message: `Enter a description for option ${row}`,
        });
      }
    }
    if (filled.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['options', 0, 'code'],
        message: 'Enter at least one pension option',
      });
    }
    const defaultRow = Number(defaultOption);
    if (!optionRows.some((row) => row === defaultRow)) {
      context.addIssue({
        code: 'custom',
        path: ['defaultOption'],
        message: 'Select the option people get if they do not choose',
      });
    } else if ((options[defaultRow - 1]?.code ?? '') === '') {
      context.addIssue({
        code: 'custom',
        path: ['defaultOption'],
        message: `Enter option ${defaultRow}, or select an option you have entered as the default`,
      });
    }
  }),
);

export const createTransferSchema = z.object({
  name: newTransferSchema.shape.name,
  transferor: newTransferSchema.shape.transferor,
  transferee: newTransferSchema.shape.transferee,
  legalBasis: legalBasisField,
  transferDate: dateInput('the transfer date'),
  electionClosesOn: dateInput('the date the pension election closes'),
  pension: pensionRows,
  // Checked by the service with the API's rules (its field errors land on these inputs); all blank is none.
  hrContact: z.pipe(
    z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    z.transform((contact) => (Object.values(contact).every((value) => value === '') ? undefined : contact)),
  ),
  // The transferee's HR contact, asked for its measures (TUPE reg 13(4)); checked by the service too.
  transfereeContact: z.pipe(
    z.object({ name: z.string(), email: z.string() }),
    z.transform((contact) => (Object.values(contact).every((value) => value === '') ? undefined : contact)),
  ),
  // Blank: the API's default (6 years).
  retentionYears: z.pipe(
    z.string().check(z.regex(/^\d{0,2}$/, 'Enter the retention period as a whole number of years, like 6')),
    z.transform((years) => (years === '' ? undefined : Number(years))),
  ),
});

/** An option row's inputs, by the option's field. */
const optionInputs = { code: 'Code', label: 'Label', description: 'Description', guidanceUrl: 'GuidanceUrl' };

/** An option's field → its input in row `row` (`label`, 2 → `option2Label`). */
export function optionInputOf(row: number, part: unknown): string {
  return `option${row}${optionInputs[part as keyof typeof optionInputs] ?? 'Code'}`;
}

/** The HR contact's field → its input (`email` → `hrContactEmail`). */
export function hrContactInputOf(part: unknown): string {
  return `hrContact${part === 'email' ? 'Email' : part === 'phone' ? 'Phone' : 'Name'}`;
}

/** The transferee contact's field → its input (`email` → `transfereeContactEmail`). */
export function transfereeContactInputOf(part: unknown): string {
  return `transfereeContact${part === 'email' ? 'Email' : 'Name'}`;
}

/** A problem's path → the input on the page (`pension.options.1.code` → `option2Code`). */
export function fieldOfIssue(path: readonly PropertyKey[]): string {
  const [first, second, index, part] = path;
  if (first === 'hrContact') return hrContactInputOf(second);
  if (first === 'transfereeContact') return transfereeContactInputOf(second);
  if (first !== 'pension') return String(first ?? '');
  if (second === 'defaultOption') return 'defaultOption';
  return optionInputOf(Number(index ?? 0) + 1, part);
}
