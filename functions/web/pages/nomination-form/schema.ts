/** The nomination form's input: whose link it is, whether they stand, and the answers kept between pages. */
import * as z from '../../../zod.ts';
import { employeeNumberSchema } from '../../employee-number-question.ts';

export const standingSchema = z.object({
  standing: z.enum(['yes', 'no'], { error: 'Select yes if you want to stand as a candidate' }),
});

/** The final submission, which carries every answer (DESIGN §6). */
export const nominationSchema = z.extend(employeeNumberSchema, standingSchema.shape);

export const answersSchema = z.object({
  employeeNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  standing: z.optional(z.enum(['yes', 'no'])),
  /** Set once the answer is recorded, so the confirmation page can show it. */
  confirmed: z.optional(z.boolean()),
});

export type NominationAnswers = z.infer<typeof answersSchema>;
