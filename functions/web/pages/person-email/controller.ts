/** `/transfers/{id}/staff/{employeeNumber}/email`: HR corrects the email address a person's emails go to. */
import type { DashboardRequest } from '../../dashboard/dashboard-page.ts';
import { formFieldsOf, textField } from '../../form-body.ts';
import type { WebResult } from '../../page-response.ts';
import {
  formProblemsOf,
  type PersonFormOptions,
  personFormPage,
  recordForPerson,
} from '../person/person-form.ts';
import { personEmailFormSchema } from './schema.ts';

function emailPage(request: DashboardRequest, email: string | undefined, options: PersonFormOptions = {}) {
  return personFormPage(
    request,
    'person-email/view.njk',
    (_, person) => ({ email: email ?? person.email }),
    options,
  );
}

/** GET /transfers/{id}/staff/{employeeNumber}/email */
export async function showPersonEmail(request: DashboardRequest): Promise<WebResult> {
  return emailPage(request, undefined);
}

/** POST /transfers/{id}/staff/{employeeNumber}/email */
export async function submitPersonEmail(request: DashboardRequest): Promise<WebResult> {
  const email = textField(formFieldsOf(request.event), 'email');
  const read = personEmailFormSchema.safeParse({ email });
  if (!read.success) return emailPage(request, email, { status: 422, problems: formProblemsOf(read.error) });
  return recordForPerson(
    request,
    (people, id, employeeNumber) => people.correctEmail(id, employeeNumber, read.data, request.actor),
    { kind: 'person-changed', change: 'email-corrected' },
    (options) => emailPage(request, email, options),
    'email',
  );
}
