/**
 * Every service at once: for the local stack's demo data, the pages that reach many services, and tests that
 * build services with fakes (`createServices(...)`), without module mocking. A handler that needs one service
 * calls its builder in `functions/composition/*` instead, so its bundle holds only that service's code.
 */
import {
  consultationServiceOf,
  consultationStepsOf,
  contractServiceOf,
  contractStepsOf,
  timerStepsOf,
} from './composition/consultation-services.ts';
import { readSecretOf, sendEmailOf } from './composition/links.ts';
import {
  evidencePackServiceOf,
  evidenceServiceOf,
  retentionServiceOf,
  sweeperOf,
} from './composition/record-services.ts';
import {
  informationDutyServiceOf,
  representativeElectionStepsOf,
  representativeServiceOf,
} from './composition/representative-services.ts';
import {
  electionServiceOf,
  liabilityInformationServiceOf,
  peopleServiceOf,
  reminderStepsOf,
  transferChangeStepsOf,
  transferChangesServiceOf,
  transferServiceOf,
  workflowStepsOf,
} from './composition/transfer-services.ts';
import {
  clockOf,
  type DataAccess,
  liveWiring,
  publicBaseUrlOf,
  recordMetricOf,
  tableOf,
  type Wiring,
  wiringOf,
} from './composition/wiring.ts';
import { describeRunOf, startWorkflowOf } from './composition/workflows.ts';

export { formTokenKey } from './composition/form-token-key.ts';
export { type DataAccess, supplyClock } from './composition/wiring.ts';

/** The real adapters, each part as the services get it. */
export function dataAccess(): DataAccess {
  const wiring = wiringOf({});
  return {
    table: tableOf(wiring),
    sendEmail: sendEmailOf(wiring),
    startWorkflow: startWorkflowOf(wiring),
    describeRun: describeRunOf(wiring),
    readSecret: readSecretOf(wiring),
    clock: clockOf(wiring),
    publicBaseUrl: publicBaseUrlOf(wiring),
    recordMetric: recordMetricOf(wiring),
  };
}

function allServicesOf(wiring: Wiring) {
  return {
    transfers: transferServiceOf(wiring),
    transferChanges: transferChangesServiceOf(wiring),
    people: peopleServiceOf(wiring),
    changeSteps: transferChangeStepsOf(wiring),
    elections: electionServiceOf(wiring),
    steps: workflowStepsOf(wiring),
    sweep: sweeperOf(wiring),
    evidence: evidenceServiceOf(wiring),
    evidencePacks: evidencePackServiceOf(wiring),
    reminders: reminderStepsOf(wiring),
    timers: timerStepsOf(wiring),
    contracts: contractServiceOf(wiring),
    contractSteps: contractStepsOf(wiring),
    consultations: consultationServiceOf(wiring),
    consultationSteps: consultationStepsOf(wiring),
    liabilityInformation: liabilityInformationServiceOf(wiring),
    retention: retentionServiceOf(wiring),
    representatives: representativeServiceOf(wiring),
    representativeSteps: representativeElectionStepsOf(wiring),
    informationDuty: informationDutyServiceOf(wiring),
  };
}

export type AllServices = ReturnType<typeof allServicesOf>;

/** Every service, from the parts given; each part left out is the real adapter. */
export function createServices(access: Partial<DataAccess> = {}): AllServices {
  return allServicesOf(wiringOf(access));
}

/** Every service of this process, built on first use (nothing reads the environment at import time). */
export function services(): AllServices {
  return liveWiring().once('all-services', () => allServicesOf(liveWiring()));
}
