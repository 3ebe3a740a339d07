/** The nomination form's input: whose link it is, whether they stand, and the answers kept between pages. */
import { z } from 'zod';
import { employeeNumberSchema } from '../../employee-number-question.ts';

export const standingSchema = z.object({
  standing: z.enum(['yes', 'no'], { error: 'Select yes if you want to stand as a candidate' }),
});

/** The final submission, which carries every answer (DESIGN §6). */
export const nominationSchema = employeeNumberSchema.extend(standingSchema.shape);

export const answersSchema = z.object({
  employeeNumber: z.string().min(1).max(50).optional(),
  standing: z.enum(['yes', 'no']).optional(),
  /** Set once the answer is recorded, so the confirmation page can show it. */
  confirmed: z.boolean().optional(),
});

export type NominationAnswers = z.infer<typeof answersSchema>;
