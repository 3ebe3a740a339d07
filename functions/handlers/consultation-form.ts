/** The consultation response form: an invitee's personal link, or the public link (DESIGN §2, §6). */
import { services } from '../composition.ts';
import type { Services } from '../services/contracts.ts';
import {
  checkResponse,
  confirmResponse,
  reviseResponse,
  showConfirmation,
  showQuestion,
  showStartRedirect,
} from '../web/consultation-form/pages.ts';
import { linkFormHandler } from '../web/link-form-handler.ts';

export function createHandler(getServices: () => Services | Promise<Services> = services) {
  return linkFormHandler(
    {
      'GET ': showQuestion,
      'POST ': reviseResponse,
      'GET check': showStartRedirect,
      'POST check': checkResponse,
      'GET confirm': showStartRedirect,
      'POST confirm': confirmResponse,
      'GET confirmation': showConfirmation,
    },
    (request, { consultations }) => ({ ...request, consultations }),
    getServices,
  );
}

export const handler = createHandler();
