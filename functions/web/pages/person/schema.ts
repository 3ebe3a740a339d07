/**
 * The forms on a person's page. The objection form: the date it was received, typed in three boxes, and the API's
 * note field (functions/domain/objection.ts), with its rule and message.
 */

import { liabilityCorrectionSchema } from '../../../domain/liability-information.ts';
import { objectionSchema } from '../../../domain/objection.ts';
import * as z from '../../../zod.ts';
import { dateInput, optionalDateInput } from '../../date-input.ts';

export const objectionFormSchema = z.object({
  receivedOn: dateInput('the date the objection was received'),
  note: objectionSchema.shape.note,
});

/**
 * The employee liability information form on a person's page: the date of birth in three boxes (all empty
 * clears it), the matters as text (empty clears them), with the API's rules and messages.
 */
export const liabilityFormSchema = z.object({
  dateOfBirth: optionalDateInput('the date of birth'),
  disciplinaryGrievance: liabilityCorrectionSchema.shape.disciplinaryGrievance,
  claims: liabilityCorrectionSchema.shape.claims,
  collectiveAgreements: liabilityCorrectionSchema.shape.collectiveAgreements,
});
