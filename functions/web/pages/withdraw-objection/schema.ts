/** A withdrawn objection as HR records it: the API's fields (functions/domain/person-actions.ts), the date in three boxes. */

import { withdrawalSchema } from '../../../domain/person-actions.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';

export const withdrawalFormSchema = z.extend(withdrawalSchema, {
  receivedOn: dateInput('the date the withdrawal was received'),
});
