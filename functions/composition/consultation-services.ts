/** Consultations and contracts, wired together: an outcome settles a contract, a renewal opens a consultation. */
import {
  type ConsultationRecordDependencies,
  type ConsultationRecords,
  consultationRecords,
  consultationService,
  type TransferConsultations,
  transferConsultations,
} from '../services/consultation-service.ts';
import { consultationSteps } from '../services/consultation-steps.ts';
import {
  type ContractCsvImport,
  type ContractRecords,
  contractCsvImport,
  contractRecords,
  contractService,
} from '../services/contract-service.ts';
import { contractSteps } from '../services/contract-steps.ts';
import type { ConsultationService, ContractService } from '../services/contracts.ts';
import { timerSteps } from '../services/timer-steps.ts';
import { linksOf, readSecretOf, sendingPlanOf } from './links.ts';
import {
  consultationRepositoryOf,
  contractRepositoryOf,
  emailLedgerOf,
  timerRepositoryOf,
  transferRecordsOf,
  transferRepositoryOf,
} from './repositories.ts';
import { clockOf, liveWiring, publicBaseUrlOf, recordMetricOf, type Wiring } from './wiring.ts';
import { startWorkflowOf } from './workflows.ts';

/**
 * A transfer's own consultation, opened at its launch: apart from the consultation service, so the transfer's
 * functions do not carry contract settling and its emails.
 */
export function transferConsultationsOf(wiring: Wiring): TransferConsultations {
  return wiring.once('transfer-consultations', () =>
    transferConsultations({
      consultations: consultationRepositoryOf(wiring),
      timers: timerRepositoryOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}

/**
 * Consultations without recording an outcome: no contract settling, no mail, no Step Functions client, for
 * the routes that store, read and answer them.
 */
export function consultationRecordsOf(wiring: Wiring = liveWiring()): ConsultationRecords {
  return wiring.once('consultation-records', () =>
    consultationRecords(consultationRecordDependencies(wiring)),
  );
}

/** What both sides of consultations are built from: the table, the link secret and the time. */
function consultationRecordDependencies(wiring: Wiring): ConsultationRecordDependencies {
  return {
    consultations: consultationRepositoryOf(wiring),
    timers: timerRepositoryOf(wiring),
    transfers: transferRepositoryOf(wiring),
    readSecret: readSecretOf(wiring),
    clock: clockOf(wiring),
    publicBaseUrl: publicBaseUrlOf(wiring),
  };
}

export function consultationServiceOf(
  wiring: Wiring = liveWiring(),
): ConsultationService & TransferConsultations {
  return wiring.once('consultation-service', () =>
    consultationService({
      ...consultationRecordDependencies(wiring),
      startWorkflow: startWorkflowOf(wiring),
      // Built when an outcome is recorded, so the two services may be built in either order.
      settleContract: (contractId, consultationId, proceed, actor) =>
        contractServiceOf(wiring).settleAfterConsultation(contractId, consultationId, proceed, actor),
    }),
  );
}

export function contractServiceOf(wiring: Wiring = liveWiring()): ContractService {
  return wiring.once('contract-service', () =>
    contractService({
      contracts: contractRepositoryOf(wiring),
      timers: timerRepositoryOf(wiring),
      ledger: emailLedgerOf(wiring),
      ...linksOf(wiring),
      clock: clockOf(wiring),
      // Built when a renewal opens its consultation, so the two services may be built in either order.
      openConsultation: (input, actor) => consultationRecordsOf(wiring).create(input, actor),
    }),
  );
}

/** HR's contract records without the mail, the link secret or consultations: for the routes that only read or store. */
export function contractRecordsOf(wiring: Wiring = liveWiring()): ContractRecords {
  return wiring.once('contract-records', () =>
    contractRecords({
      contracts: contractRepositoryOf(wiring),
      timers: timerRepositoryOf(wiring),
      ledger: emailLedgerOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}

/** Contracts' records with the CSV import: for the function that creates contracts. */
export function contractCreationOf(wiring: Wiring = liveWiring()): ContractRecords & ContractCsvImport {
  return wiring.once('contract-creation', () => {
    const records = contractRecordsOf(wiring);
    return { ...records, ...contractCsvImport(records) };
  });
}

export function consultationStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('consultation-steps', () =>
    consultationSteps({
      ...transferRecordsOf(wiring),
      ...linksOf(wiring),
      sendingPlan: sendingPlanOf,
      consultations: consultationRepositoryOf(wiring),
    }),
  );
}

export function contractStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('contract-steps', () =>
    contractSteps({
      contracts: contractRepositoryOf(wiring),
      timers: timerRepositoryOf(wiring),
      ...linksOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}

export function timerStepsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('timer-steps', () =>
    timerSteps({
      timers: timerRepositoryOf(wiring),
      clock: clockOf(wiring),
      consultations: consultationRepositoryOf(wiring),
      recordMetric: recordMetricOf(wiring),
    }),
  );
}
