/**
 * `/transfers/{id}/staff/{employeeNumber}/election`: HR records a pension choice the person sent on paper,
 * by phone or by email; it counts as their own (the last choice counts) and they are emailed a confirmation.
 */
import { receivedVia } from '../../../domain/transfer.ts';
import { textField } from '../../form-body.ts';
import {
  blankReceivedWithNote,
  personForm,
  type ReceivedWithNote,
  receivedWithNoteOf,
  withoutEmptyNote,
} from '../person/person-form.ts';
import { personElectionFormSchema } from './schema.ts';

interface ElectionFormValues extends ReceivedWithNote {
  option: string;
  how: string;
}

const howLabels: Record<(typeof receivedVia)[number], string> = {
  paper: 'On paper (a form or letter)',
  phone: 'By phone',
  email: 'By email',
};

/** GET and POST /transfers/{id}/staff/{employeeNumber}/election */
export const personElectionPage = personForm({
  template: 'person-election/view.njk',
  blank: { ...blankReceivedWithNote, option: '', how: '' } satisfies ElectionFormValues,
  valuesOf: (fields): ElectionFormValues => ({
    option: textField(fields, 'option'),
    ...receivedWithNoteOf(fields),
    how: textField(fields, 'how'),
  }),
  schema: (transfer) => personElectionFormSchema(transfer.pension.options),
  inputOf: withoutEmptyNote,
  context: (values, transfer) => ({
    values,
    optionItems: transfer.pension.options.map((option) => ({
      value: option.code,
      text: option.label,
      checked: option.code === values.option,
    })),
    howItems: receivedVia.map((how) => ({ value: how, text: howLabels[how], checked: how === values.how })),
  }),
  action: 'recordElection',
  change: 'election-recorded',
  fallbackField: 'option',
});
