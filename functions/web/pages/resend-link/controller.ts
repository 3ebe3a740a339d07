/**
 * `/transfers/{id}/staff/{employeeNumber}/resend`: asks HR to confirm, then emails the person a new
 * pension link; the link sent before stops opening (a forwarded or lost one can no longer be used).
 */
import type { DashboardRequest } from '../../dashboard/dashboard-page.ts';
import type { WebResult } from '../../page-response.ts';
import { type PersonFormOptions, personFormPage, recordForPerson } from '../person/person-form.ts';

function confirmationPage(request: DashboardRequest, options: PersonFormOptions = {}) {
  return personFormPage(request, 'resend-link/view.njk', () => ({}), options);
}

/** GET /transfers/{id}/staff/{employeeNumber}/resend: the confirmation question. */
export async function showResendLink(request: DashboardRequest): Promise<WebResult> {
  return confirmationPage(request);
}

/** POST /transfers/{id}/staff/{employeeNumber}/resend */
export async function submitResendLink(request: DashboardRequest): Promise<WebResult> {
  return recordForPerson(
    request,
    (people, id, employeeNumber) => people.resendLink(id, employeeNumber, request.actor),
    { kind: 'person-changed', change: 'link-resent' },
    (options) => confirmationPage(request, options),
    'resend',
  );
}
