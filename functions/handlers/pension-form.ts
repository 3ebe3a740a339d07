/** The pension election form reached from the personal link in the invitation email (DESIGN §2, §6). */
import { formTokenKey, services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { pensionForm } from '../web/pages/pension-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () => Services | Promise<Services> = services,
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages(pensionForm.routes(getServices, formKey));
}

export const handler = createHandler();
