/**
 * `/transfers/{id}/staff/{employeeNumber}/objection/withdraw`: the person took back their objection before
 * the transfer date, so they transfer after all (TUPE reg 4(7) counts only an objection that stands).
 */
import {
  blankReceivedWithNote,
  personForm,
  receivedWithNoteOf,
  withoutEmptyNote,
} from '../person/person-form.ts';
import { withdrawalFormSchema } from './schema.ts';

/** GET and POST /transfers/{id}/staff/{employeeNumber}/objection/withdraw */
export const withdrawObjectionPage = personForm({
  template: 'withdraw-objection/view.njk',
  blank: blankReceivedWithNote,
  valuesOf: receivedWithNoteOf,
  schema: withdrawalFormSchema,
  inputOf: withoutEmptyNote,
  context: (values) => ({ values }),
  action: 'withdrawObjection',
  change: 'objection-withdrawn',
  fallbackField: 'receivedOn',
});
