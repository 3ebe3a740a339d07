/**
 * The move-dates form: the transfer date and the election closing date, each typed in three boxes, then
 * checked by the JSON API's own date fields (functions/domain/date-change.ts) with their messages. Whether
 * the dates suit the transfer (in the future, in order, still movable) is the service's rule, checked after.
 */

import { dateChangeSchema } from '../../../domain/date-change.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';

export const moveDatesFormSchema = z.object({
  transferDate: z.pipe(dateInput('the transfer date'), dateChangeSchema.shape.transferDate.def.innerType),
  electionClosesOn: z.pipe(
    dateInput('the election closing date'),
    dateChangeSchema.shape.electionClosesOn.def.innerType,
  ),
});

export type MoveDatesForm = z.infer<typeof moveDatesFormSchema>;
