/**
 * The create-consultation page's input. Its fields' rules are the JSON API's (functions/domain/
 * consultation-rules.ts): the same zod fields and messages. What only the page has is said here: dates in
 * three boxes, public as yes or no, invitees one a line, and the transfer chosen from a list.
 */

import { type ConsultationTextField, consultationTextFields } from '../../../domain/consultation.ts';
import { inviteeEmail, newConsultationSchema } from '../../../domain/consultation-rules.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';
import { unlessEmpty } from '../../form-body.ts';

const { title, shortPeriodJustification } = newConsultationSchema.shape;

/** The consultation's optional texts with the API's rules, each left out when its box is left empty. */
const textField = (field: ConsultationTextField) =>
  unlessEmpty(newConsultationSchema.shape[field].def.innerType);
const textFields = Object.fromEntries(
  consultationTextFields.map((field) => [field, textField(field)]),
) as Record<ConsultationTextField, ReturnType<typeof textField>>;

/** The invitee lines without blanks, each checked as the API checks an invitee, with its line number. */
const inviteeLines = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const lines = text
      .split('\n')
      .map((line, index) => ({ line: index + 1, email: line.trim() }))
      .filter((entry) => entry.email !== '');
    const mistyped = lines.find((entry) => !inviteeEmail.safeParse(entry.email).success);
    if (mistyped) {
      // zod/mini's transform has no addIssue: the issue classic zod's would add, written out.
      context.issues.push({
        code: 'custom',
        input: text,
        message: `Enter the email address on line ${mistyped.line} in the correct format, like name@example.com`,
      });
      return z.NEVER;
    }
    return [...new Set(lines.map((entry) => entry.email))];
  }),
);

export const createConsultationSchema = (transferIds: ReadonlySet<string>) =>
  z.object({
    title,
    ...textFields,
    opensOn: dateInput('the date the consultation opens'),
    closesOn: dateInput('the date the consultation closes'),
    public: z.enum(['yes', 'no'], { error: 'Select yes if the consultation takes public responses' }),
    shortPeriodJustification: unlessEmpty(shortPeriodJustification.def.innerType),
    invitees: inviteeLines,
    transferId: z
      .string()
      .check(z.refine((id) => id === '' || transferIds.has(id), 'Select a transfer from the list, or none')),
  });
