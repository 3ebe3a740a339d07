/** The renewal decision form reached from the link in a manager's reminder email (DESIGN §2, §6). */

import { contractServiceOf } from '../composition/consultation-services.ts';
import { formTokenKey } from '../composition/form-token-key.ts';
import type { Services } from '../services/contracts.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { renewalForm } from '../web/pages/renewal-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () => Pick<Services, 'contracts'> | Promise<Pick<Services, 'contracts'>> = () => ({
    contracts: contractServiceOf(),
  }),
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages(renewalForm.routes(getServices, formKey));
}

export const handler = createHandler();
