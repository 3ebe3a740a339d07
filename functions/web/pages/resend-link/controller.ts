/**
 * `/transfers/{id}/staff/{employeeNumber}/resend`: asks HR to confirm, then emails the person a new
 * pension link; the link sent before stops opening (a forwarded or lost one can no longer be used).
 */
import { personAction } from '../person/person-form.ts';

/** GET (the confirmation question) and POST /transfers/{id}/staff/{employeeNumber}/resend */
export const resendLinkPage = personAction({
  template: 'resend-link/view.njk',
  act: (people, id, employeeNumber, request) => people.resendLink(id, employeeNumber, request.actor),
  change: 'link-resent',
  fallbackField: 'resend',
});
