/** The transferee's measures form, reached from the personal link emailed to its HR contact (TUPE reg 13(4)). */
import { formTokenKey, services } from '../composition.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { type MeasuresFormServices, measuresForm } from '../web/pages/measures-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () => MeasuresFormServices | Promise<MeasuresFormServices> = services,
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages(measuresForm.routes(getServices, formKey));
}

export const handler = createHandler();
