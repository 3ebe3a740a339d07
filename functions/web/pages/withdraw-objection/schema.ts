/** A withdrawn objection as HR records it: the API's fields (functions/domain/person-actions.ts), the date in three boxes. */
import { withdrawalSchema } from '../../../domain/person-actions.ts';
import { dateInput } from '../../date-input.ts';

export const withdrawalFormSchema = withdrawalSchema.extend({
  receivedOn: dateInput('the date the withdrawal was received'),
});
