/**
 * The measures form's input: whether the transferee envisages measures (`none` = `yes` when not) and, if so,
 * what they are. The rule and its messages are the domain's (functions/domain/information-duty.ts).
 */

import { measuresAnswerSchema } from '../../../domain/information-duty.ts';
import * as z from '../../../zod.ts';

/** The question page's radios: `no` (measures are envisaged) or `yes` (none are). */
export const questionSchema = z
  .object({
    none: z.enum(['yes', 'no'], { error: 'Choose whether measures are envisaged' }),
    measures: z.string(),
  })
  .check(
    z.superRefine((value, context) => {
      if (value.none === 'yes') return;
      const answer = measuresAnswerSchema.safeParse({ measures: value.measures });
      for (const issue of answer.success ? [] : answer.error.issues) {
        context.addIssue({ code: 'custom', path: ['measures'], message: issue.message });
      }
    }),
  );

/** What the cookie keeps: only that the answer was recorded (the text itself may be far longer than a cookie). */
export const answersSchema = z.object({ confirmed: z.optional(z.boolean()) });
export type MeasuresAnswers = z.infer<typeof answersSchema>;
