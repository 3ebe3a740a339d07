/** A transfer's services: HR's pages and API, the people's forms, and the steps of its workflows. */
import { caseView } from '../services/case-view.ts';
import { electionService } from '../services/election-service.ts';
import {
  liabilityGivenFrom,
  liabilityInformationService,
} from '../services/liability-information-service.ts';
import { peopleService } from '../services/people-service.ts';
import { reminderSteps } from '../services/reminder-steps.ts';
import {
  transferChangeSteps,
  transferChangesService,
  type WholeTransferChanges,
  wholeTransferChanges,
} from '../services/transfer-changes.ts';
import { transferService } from '../services/transfer-service.ts';
import { workflowBookkeeping, workflowSteps } from '../services/workflow-steps.ts';
import { transferConsultationsOf } from './consultation-services.ts';
import { linksOf, sendingPlanOf } from './links.ts';
import {
  caseRepositoryOf,
  clientRateLimitsOf,
  contractRepositoryOf,
  emailLedgerOf,
  liabilityRepositoryOf,
  timerRepositoryOf,
  transferRecordsOf,
  transferRepositoryOf,
} from './repositories.ts';
import { clockOf, liveWiring, recordMetricOf, type Wiring } from './wiring.ts';
import { startWorkflowOf } from './workflows.ts';

/** One person's case with their emails: what a change to a case answers with. */
function caseViewOf(wiring: Wiring) {
  return wiring.once('case-view', () =>
    caseView({ cases: caseRepositoryOf(wiring), ledger: emailLedgerOf(wiring), clock: clockOf(wiring) }),
  );
}

export function transferServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('transfer-service', () =>
    transferService({
      ...transferRecordsOf(wiring),
      ledger: emailLedgerOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
      createConsultation: (transfer, actor) =>
        transferConsultationsOf(wiring).createForTransfer(transfer, actor),
    }),
  );
}

export function liabilityInformationServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('liability-information-service', () =>
    liabilityInformationService({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      liability: liabilityRepositoryOf(wiring),
    }),
  );
}

/** TUPE reg 11: whether a transfer's liability information has been given (from its record: no sending). */
function liabilityGivenOf(wiring: Wiring) {
  return liabilityGivenFrom(liabilityRepositoryOf(wiring));
}

export function transferChangesServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('transfer-changes-service', () =>
    transferChangesService({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      liabilityObjection: (transfer, person, receivedOn, by) =>
        liabilityInformationServiceOf(wiring).objectionRecorded(transfer, person, receivedOn, by),
      liabilityGiven: liabilityGivenOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
      timers: timerRepositoryOf(wiring),
      getCase: caseViewOf(wiring),
    }),
  );
}

/** Dates moved and cancellations: the workflow started, no mail or link secret of their own. */
export function wholeTransferChangesOf(wiring: Wiring = liveWiring()): WholeTransferChanges {
  return wiring.once('whole-transfer-changes', () =>
    wholeTransferChanges({
      transfers: transferRepositoryOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
      timers: timerRepositoryOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}

export function peopleServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('people-service', () =>
    peopleService({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      getCase: caseViewOf(wiring),
    }),
  );
}

export function electionServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('election-service', () =>
    electionService({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      clientLimits: clientRateLimitsOf(wiring),
      recordMetric: recordMetricOf(wiring),
    }),
  );
}

/** The workflow steps that send nothing: a transfer's shards, how a milestone ended, a failure. */
export function workflowBookkeepingOf(wiring: Wiring = liveWiring()) {
  return wiring.once('workflow-bookkeeping', () =>
    workflowBookkeeping({
      transfers: transferRepositoryOf(wiring),
      clock: clockOf(wiring),
      recordMetric: recordMetricOf(wiring),
      liabilityGiven: liabilityGivenOf(wiring),
      sendingPlan: sendingPlanOf,
    }),
  );
}

export function workflowStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('workflow-steps', () =>
    workflowSteps({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      sendingPlan: sendingPlanOf,
      contracts: contractRepositoryOf(wiring),
      recordMetric: recordMetricOf(wiring),
      liabilityGiven: liabilityGivenOf(wiring),
    }),
  );
}

export function transferChangeStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('transfer-change-steps', () =>
    transferChangeSteps({ ...transferRecordsOf(wiring), ...linksOf(wiring) }),
  );
}

export function reminderStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('reminder-steps', () =>
    reminderSteps({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      liabilityGiven: liabilityGivenOf(wiring),
    }),
  );
}
