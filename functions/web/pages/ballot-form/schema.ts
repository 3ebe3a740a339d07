/** The ballot form's input: whose link it is, the candidate chosen, and the answers kept between pages. */

import type { Candidate } from '../../../domain/representatives.ts';
import * as z from '../../../zod.ts';
import { employeeNumberSchema } from '../../employee-number-question.ts';

const chooseOne = 'Select the candidate you vote for';

/** One of the candidates, by employee number. */
export const candidateSchema = (candidates: readonly Candidate[]) =>
  z.object({
    candidate: z
      .string({ error: chooseOne })
      .check(
        z.refine((value) => candidates.some((candidate) => candidate.employeeNumber === value), chooseOne),
      ),
  });

/** The final submission, which carries every answer (DESIGN §6). */
export const ballotSchema = (candidates: readonly Candidate[]) =>
  z.extend(employeeNumberSchema, candidateSchema(candidates).shape);

/**
 * What the cookie keeps between the pages. The choice is dropped once the vote is recorded: nothing on the
 * voter's computer says how they voted.
 */
export const answersSchema = z.object({
  employeeNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  candidate: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  confirmed: z.optional(z.boolean()),
});

export type BallotAnswers = z.infer<typeof answersSchema>;
