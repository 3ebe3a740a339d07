/** The consultation response form: an invitee's personal link, or the public link (DESIGN §2, §6). */

import { consultationRecordsOf } from '../composition/consultation-services.ts';
import { formTokenKey } from '../composition/form-token-key.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { consultationForm, type FormConsultations } from '../web/pages/consultation-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () =>
    | { consultations: FormConsultations }
    | Promise<{ consultations: FormConsultations }> = () => ({
    consultations: consultationRecordsOf(),
  }),
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages(consultationForm.routes(getServices, formKey));
}

export const handler = createHandler();
