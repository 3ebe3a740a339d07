/** Employee representatives and the duty to inform and consult them (TUPE regs 13–14). */
import {
  informationDutyService,
  type TransfereeContacts,
  transfereeContacts,
} from '../services/information-duty-service.ts';
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
  transferRepositoryOf,
} from './repositories.ts';
import { clockOf, liveWiring, type Wiring } from './wiring.ts';
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

/** The transferee's HR contact without the rest of the duty: no mail, links, letters or PDFs. */
export function transfereeContactsOf(wiring: Wiring = liveWiring()): TransfereeContacts {
  return wiring.once('transferee-contacts', () =>
    transfereeContacts({
      transfers: transferRepositoryOf(wiring),
      duty: informationDutyRepositoryOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}
