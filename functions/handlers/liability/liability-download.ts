/** The transferee contact's download page of the employee liability information (TUPE reg 11). */

import { liabilityInformationServiceOf } from '../../composition/transfer-services.ts';
import type { AllServices } from '../../composition.ts';
import { liabilityDownloadRoutes } from '../../web/pages/liability-download/controller.ts';
import { htmlPages } from '../http/html-pages.ts';

export function createHandler(
  getServices: () => Pick<AllServices, 'liabilityInformation'> = () => ({
    liabilityInformation: liabilityInformationServiceOf(),
  }),
) {
  return htmlPages(liabilityDownloadRoutes(getServices));
}
