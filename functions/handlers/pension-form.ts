/** The pension election form reached from the personal link in the invitation email (DESIGN §2, §6). */
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import { linkFormHandler } from '../web/link-form-handler.ts';
import {
  confirmChoice,
  refusingLockedLinks,
  showCheckAnswers,
  showConfirmation,
  showConfirmRedirect,
  showOption,
  showStart,
  submitEmployeeNumber,
  submitOption,
} from '../web/pension-form/pages.ts';

export function createHandler(getServices: () => Services | Promise<Services> = services) {
  return linkFormHandler(
    refusingLockedLinks({
      'GET ': showStart,
      'POST ': submitEmployeeNumber,
      'GET option': showOption,
      'POST option': submitOption,
      'GET check': showCheckAnswers,
      'GET confirm': showConfirmRedirect,
      'POST confirm': confirmChoice,
      'GET confirmation': showConfirmation,
    }),
    (request, { elections }) => ({ ...request, elections }),
    getServices,
  );
}

export const handler = createHandler();
