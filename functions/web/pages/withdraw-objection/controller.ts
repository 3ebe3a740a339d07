/**
 * `/transfers/{id}/staff/{employeeNumber}/objection/withdraw`: the person took back their objection before
 * the transfer date, so they transfer after all (TUPE reg 4(7) counts only an objection that stands).
 */
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
import { withdrawalFormSchema } from './schema.ts';

interface WithdrawalFormValues {
  receivedOn: DateInputValues;
  note: string;
}

function withdrawalPage(
  request: DashboardRequest,
  values: WithdrawalFormValues,
  options: PersonFormOptions = {},
) {
  return personFormPage(request, 'withdraw-objection/view.njk', () => ({ values }), options);
}

/** GET /transfers/{id}/staff/{employeeNumber}/objection/withdraw */
export async function showWithdrawObjection(request: DashboardRequest): Promise<WebResult> {
  return withdrawalPage(request, { receivedOn: dateInputValuesOf(undefined), note: '' });
}

/** POST /transfers/{id}/staff/{employeeNumber}/objection/withdraw */
export async function submitWithdrawObjection(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values: WithdrawalFormValues = {
    receivedOn: dateInputFields(fields, 'receivedOn'),
    note: textField(fields, 'note'),
  };
  const read = withdrawalFormSchema.safeParse({
    ...values,
    note: values.note === '' ? undefined : values.note,
  });
  if (!read.success) {
    return withdrawalPage(request, values, { status: 422, problems: formProblemsOf(read.error) });
  }
  return recordForPerson(
    request,
    (people, id, employeeNumber) => people.withdrawObjection(id, employeeNumber, read.data, request.actor),
    { kind: 'person-changed', change: 'objection-withdrawn' },
    (options) => withdrawalPage(request, values, options),
    'receivedOn',
  );
}
