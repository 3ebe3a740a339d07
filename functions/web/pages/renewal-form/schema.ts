/**
 * The renewal form's input: the decision as the API reads it (functions/domain/contract-rules.ts), the new
 * end date typed in three boxes, and the answers the cookie keeps between the pages.
 */

import { contractWarningCodes, renewalDecisions } from '../../../domain/contract.ts';
import { renewalDecisionField } from '../../../domain/contract-rules.ts';
import type { RenewalFormContext } from '../../../services/contracts.ts';
import * as z from '../../../zod.ts';
import { formatBusinessDate } from '../../date-formats.ts';
import { dateInput } from '../../date-input.ts';

/** A manager's answers between the pages; after the decision, the warnings the service answered. */
export const answersSchema = z.object({
  decision: z.optional(z.enum(renewalDecisions)),
  newEndDate: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  /** Set once the decision is recorded, so the confirmation page can show it. */
  confirmed: z.optional(z.boolean()),
  warnings: z.optional(z.array(z.enum(contractWarningCodes)).check(z.maxLength(contractWarningCodes.length))),
});
export type RenewalAnswers = z.infer<typeof answersSchema>;

export const decisionSchema = z.object({ decision: renewalDecisionField });

/**
 * The new end date from its three boxes, after the current end. (The JSON API says the same rule with the
 * ISO date, "after the current end date, 2026-07-31", which its HTTP contract tests pin.)
 */
export const newEndDateSchema = (form: Pick<RenewalFormContext, 'endDate'>) =>
  z.object({
    newEndDate: dateInput('the new end date').check(
      z.refine(
        (date) => date > form.endDate,
        `The new end date must be after ${formatBusinessDate(form.endDate)}`,
      ),
    ),
  });
