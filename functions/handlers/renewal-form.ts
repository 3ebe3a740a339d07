/** The renewal decision form reached from the link in a manager's reminder email (DESIGN §2, §6). */
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import { linkFormHandler } from '../web/link-form-handler.ts';
import {
  confirmDecision,
  showCheckAnswers,
  showConfirmation,
  showConfirmRedirect,
  showDecision,
  submitDecision,
} from '../web/renewal-form/pages.ts';

export function createHandler(getServices: () => Services | Promise<Services> = services) {
  return linkFormHandler(
    {
      'GET ': showDecision,
      'POST ': submitDecision,
      'GET check': showCheckAnswers,
      'GET confirm': showConfirmRedirect,
      'POST confirm': confirmDecision,
      'GET confirmation': showConfirmation,
    },
    (request, { contracts }) => ({ ...request, contracts }),
    getServices,
  );
}

export const handler = createHandler();
