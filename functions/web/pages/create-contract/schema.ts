/**
 * The create-contract page's input. Its fields' rules are the JSON API's (functions/domain/contract-rules.ts):
 * the same zod fields and messages. What only the page has is said here: dates in three boxes, the parties
 * one a line, the notice period typed as text and consultation as a checkbox.
 */

import { newContractSchema } from '../../../domain/contract-rules.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';
import { unlessEmpty } from '../../form-body.ts';

const { kind, title, parties, managerEmail, employeeNumber, employeeName, noticeDays } =
  newContractSchema.shape;

const blankDate = z.pipe(
  z.object({ day: z.literal(''), month: z.literal(''), year: z.literal('') }),
  z.transform(() => undefined),
);

export const createContractSchema = z.object({
  kind,
  title,
  parties: z.pipe(
    z.pipe(
      z.string(),
      z.transform((text) =>
        text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      ),
    ),
    parties,
  ),
  managerEmail,
  employeeNumber: unlessEmpty(employeeNumber.def.innerType),
  employeeName: unlessEmpty(employeeName.def.innerType),
  startDate: dateInput('the start date'),
  endDate: dateInput('the end date'),
  continuousServiceStart: z.union([blankDate, dateInput('the continuous service start date')]),
  noticeDays: z.pipe(
    z.pipe(
      z.string(),
      z.transform((text) =>
        text.trim() === '' ? undefined : /^-?\d+$/.test(text.trim()) ? Number(text) : text,
      ),
    ),
    z.union([z.undefined(), noticeDays.def.innerType]),
  ),
  requiresConsultation: z.enum(['', 'yes']),
});

export type CreateContractInput = z.output<typeof createContractSchema>;
