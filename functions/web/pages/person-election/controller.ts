/**
 * `/transfers/{id}/staff/{employeeNumber}/election`: HR records a pension choice the person sent on paper,
 * by phone or by email; it counts as their own (the last choice counts) and they are emailed a confirmation.
 */
import { receivedVia } from '../../../domain/transfer.ts';
import type { DashboardRequest } from '../../dashboard/dashboard-page.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { formFieldsOf, textField } from '../../form-body.ts';
import type { WebResult } from '../../page-response.ts';
import {
  formProblemsOf,
  type PersonFormOptions,
  personFormPage,
  recordForPerson,
} from '../person/person-form.ts';
import { personElectionFormSchema } from './schema.ts';

interface ElectionFormValues {
  option: string;
  receivedOn: DateInputValues;
  how: string;
  note: string;
}

const howLabels: Record<(typeof receivedVia)[number], string> = {
  paper: 'On paper (a form or letter)',
  phone: 'By phone',
  email: 'By email',
};

function electionPage(
  request: DashboardRequest,
  values: ElectionFormValues,
  options: PersonFormOptions = {},
) {
  return personFormPage(
    request,
    'person-election/view.njk',
    (transfer) => ({
      values,
      optionItems: transfer.pension.options.map((option) => ({
        value: option.code,
        text: option.label,
        checked: option.code === values.option,
      })),
      howItems: receivedVia.map((how) => ({ value: how, text: howLabels[how], checked: how === values.how })),
    }),
    options,
  );
}

/** GET /transfers/{id}/staff/{employeeNumber}/election */
export async function showPersonElection(request: DashboardRequest): Promise<WebResult> {
  return electionPage(request, { option: '', receivedOn: dateInputValuesOf(undefined), how: '', note: '' });
}

/** POST /transfers/{id}/staff/{employeeNumber}/election */
export async function submitPersonElection(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values: ElectionFormValues = {
    option: textField(fields, 'option'),
    receivedOn: dateInputFields(fields, 'receivedOn'),
    how: textField(fields, 'how'),
    note: textField(fields, 'note'),
  };
  const transfer = await request.transfers.get(request.transferId);
  const read = personElectionFormSchema(transfer.pension.options).safeParse({
    ...values,
    note: values.note === '' ? undefined : values.note,
  });
  if (!read.success) {
    return electionPage(request, values, { status: 422, problems: formProblemsOf(read.error) });
  }
  return recordForPerson(
    request,
    (people, id, employeeNumber) => people.recordElection(id, employeeNumber, read.data, request.actor),
    { kind: 'person-changed', change: 'election-recorded' },
    (options) => electionPage(request, values, options),
    'option',
  );
}
