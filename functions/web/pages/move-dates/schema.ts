/**
 * The move-dates form: the transfer date and the election closing date, each typed in three boxes, then
 * checked by the JSON API's own date fields (functions/domain/date-change.ts) with their messages. Whether
 * the dates suit the transfer (in the future, in order, still movable) is the service's rule, checked after.
 */
import { z } from 'zod';
import { dateChangeSchema } from '../../../domain/date-change.ts';
import { dateInput } from '../../date-input.ts';

export const moveDatesFormSchema = z.object({
  transferDate: dateInput('the transfer date').pipe(dateChangeSchema.shape.transferDate.unwrap()),
  electionClosesOn: dateInput('the election closing date').pipe(
    dateChangeSchema.shape.electionClosesOn.unwrap(),
  ),
});

export type MoveDatesForm = z.infer<typeof moveDatesFormSchema>;
