/** Employee representatives and the duty to inform and consult them (TUPE regs 13–14). */
import { informationDutyService } from '../services/information-duty-service.ts';
import { representativeElectionSteps } from '../services/representative-election-steps.ts';
import { representativeService } from '../services/representative-service.ts';
import { formatBusinessDate } from '../web/date-formats.ts';
import { renderInformationLetterHtml } from '../web/information-letter.ts';
import { linksOf, readSecretOf } from './links.ts';
import {
  clientRateLimitsOf,
  informationDutyRepositoryOf,
  representativeRepositoryOf,
  transferRecordsOf,
} from './repositories.ts';
import { liveWiring, type Wiring } from './wiring.ts';
import { startWorkflowOf } from './workflows.ts';

export function representativeServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('representative-service', () =>
    representativeService({
      ...transferRecordsOf(wiring),
      representatives: representativeRepositoryOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
      readSecret: readSecretOf(wiring),
      clientLimits: clientRateLimitsOf(wiring),
    }),
  );
}

export function representativeElectionStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('representative-election-steps', () =>
    representativeElectionSteps({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      representatives: representativeRepositoryOf(wiring),
    }),
  );
}

export function informationDutyServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('information-duty-service', () =>
    informationDutyService({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      duty: informationDutyRepositoryOf(wiring),
      representatives: representativeRepositoryOf(wiring),
      renderLetterHtml: renderInformationLetterHtml,
      dateInWords: formatBusinessDate,
    }),
  );
}
