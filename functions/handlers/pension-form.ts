/** The pension election form reached from the personal link in the invitation email (DESIGN §2, §6). */

import { formTokenKey } from '../composition/form-token-key.ts';
import { electionServiceOf } from '../composition/transfer-services.ts';
import type { Services } from '../services/contracts.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { pensionForm } from '../web/pages/pension-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () => Pick<Services, 'elections'> | Promise<Pick<Services, 'elections'>> = () => ({
    elections: electionServiceOf(),
  }),
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages(pensionForm.routes(getServices, formKey));
}

export const handler = createHandler();
