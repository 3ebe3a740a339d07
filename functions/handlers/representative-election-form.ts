/** The nomination and ballot forms of an election of representatives, reached from personal links (TUPE reg 14). */

import { formTokenKey } from '../composition/form-token-key.ts';
import { representativeServiceOf } from '../composition/representative-services.ts';
import type { AllServices } from '../composition.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { ballotForm } from '../web/pages/ballot-form/controller.ts';
import { nominationForm } from '../web/pages/nomination-form/controller.ts';
import { htmlPages } from './http/html-pages.ts';

export function createHandler(
  getServices: () =>
    | Pick<AllServices, 'representatives'>
    | Promise<Pick<AllServices, 'representatives'>> = () => ({ representatives: representativeServiceOf() }),
  formKey: FormTokenKey = formTokenKey,
) {
  return htmlPages([
    ...nominationForm.routes(getServices, formKey),
    ...ballotForm.routes(getServices, formKey),
  ]);
}

export const handler = createHandler();
