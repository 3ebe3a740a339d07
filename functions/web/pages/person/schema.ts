/**
 * The objection form on a person's page: the date it was received, typed in three boxes, and the API's
 * note field (functions/domain/objection.ts), with its rule and message.
 */
import { z } from 'zod';
import { objectionSchema } from '../../../domain/objection.ts';
import { dateInput } from '../../date-input.ts';

export const objectionFormSchema = z.object({
  receivedOn: dateInput('the date the objection was received'),
  note: objectionSchema.shape.note,
});
