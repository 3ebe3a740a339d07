/**
 * The pension form's input. The fields' rules are the domain's (functions/domain/election.ts), the same
 * the service records with; the answers cookie keeps them between the steps.
 */
import { z } from 'zod';
import { electionChoiceSchema, offeredOption } from '../../../domain/election.ts';
import type { PensionOption } from '../../../domain/transfer.ts';

/** The start page: whose link this is. */

/** The option page. */
export const optionSchema = (options: readonly PensionOption[]) =>
  z.object({ option: offeredOption(options) });

/** The final submission, which carries every answer (DESIGN §6). */
export const choiceSchema = electionChoiceSchema;

/** What the cookie keeps between the pages: checked again whenever it is read. */
export const answersSchema = z.object({
  employeeNumber: z.string().min(1).max(50).optional(),
  option: z.string().min(1).max(50).optional(),
  /** Set once the choice is recorded, so the confirmation page can show it. */
  confirmed: z.boolean().optional(),
});

export type PensionAnswers = z.infer<typeof answersSchema>;
