/**
 * The pension form's input. The fields' rules are the domain's (functions/domain/election.ts), the same
 * the service records with; the answers cookie keeps them between the steps.
 */

import { electionChoiceSchema, offeredOption } from '../../../domain/election.ts';
import type { PensionOption } from '../../../domain/transfer.ts';
import * as z from '../../../zod.ts';

/** The start page: whose link this is. */

/** The option page. */
export const optionSchema = (options: readonly PensionOption[]) =>
  z.object({ option: offeredOption(options) });

/** The final submission, which carries every answer (DESIGN §6). */
export const choiceSchema = electionChoiceSchema;

/** What the cookie keeps between the pages: checked again whenever it is read. */
export const answersSchema = z.object({
  employeeNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  option: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  /** Set once the choice is recorded, so the confirmation page can show it. */
  confirmed: z.optional(z.boolean()),
});

export type PensionAnswers = z.infer<typeof answersSchema>;
