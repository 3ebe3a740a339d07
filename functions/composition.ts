/**
 * The composition root: adapters → services. Handlers call `services()`; tests build their own with
 * `createServices(...)` and fakes, without module mocking.
 */
import { hkdfSync } from 'node:crypto';
import { caseRepository } from './adapters/case-repository.ts';
import { clientRateLimits } from './adapters/client-rate-limit.ts';
import { type Clock, systemClock } from './adapters/clock.ts';
import { consultationRepository } from './adapters/consultation-repository.ts';
import { contractRepository } from './adapters/contract-repository.ts';
import { type DescribeWorkflowRun, workflowRunDescriber } from './adapters/describe-workflow-run.ts';
import { defaultTableAccess, type TableAccess } from './adapters/dynamodb.ts';
import { emailLedger } from './adapters/email-ledger.ts';
import { environmentNames, requireEnvironment } from './adapters/environment.ts';
import { evidenceBucket } from './adapters/evidence-bucket.ts';
import { evidencePackRepository } from './adapters/evidence-pack-repository.ts';
import { informationDutyRepository } from './adapters/information-duty-repository.ts';
import { liabilityRepository } from './adapters/liability-repository.ts';
import { linkSecretReader, type ReadSecret } from './adapters/link-secret.ts';
import { representativeRepository } from './adapters/representative-repository.ts';
import { retentionRepository } from './adapters/retention-repository.ts';
import { type SendEmail, sesSender } from './adapters/send-email.ts';
import { type StartWorkflow, workflowStarter } from './adapters/start-workflow.ts';
import { timerRepository } from './adapters/timer-repository.ts';
import { transferRepository } from './adapters/transfer-repository.ts';
import { NotFoundError } from './domain/errors.ts';
import { recordMetric as recordCloudWatchMetric } from './observability.ts';
import type { RecordMetric } from './services/business-metrics.ts';
import { consultationService } from './services/consultation-service.ts';
import { type ConsultationSteps, consultationSteps } from './services/consultation-steps.ts';
import { contractService } from './services/contract-service.ts';
import { type ContractSteps, contractSteps } from './services/contract-steps.ts';
import type { Services } from './services/contracts.ts';
import { electionService } from './services/election-service.ts';
import { type EvidencePackService, evidencePackService } from './services/evidence-pack-service.ts';
import { type EvidenceService, evidenceService } from './services/evidence-service.ts';
import { type InformationDutyService, informationDutyService } from './services/information-duty-service.ts';
import {
  type LiabilityInformationService,
  liabilityInformationService,
} from './services/liability-information-service.ts';
import { notifier } from './services/notifier.ts';
import { peopleService } from './services/people-service.ts';
import { type ReminderSteps, reminderSteps } from './services/reminder-steps.ts';
import {
  type RepresentativeElectionSteps,
  representativeElectionSteps,
} from './services/representative-election-steps.ts';
import { type RepresentativeService, representativeService } from './services/representative-service.ts';
import { type RetentionService, retentionService } from './services/retention-service.ts';
import { sweeper } from './services/sweep.ts';
import { type TimerSteps, timerSteps } from './services/timer-steps.ts';
import { transferChangeSteps, transferChangesService } from './services/transfer-changes.ts';
import { transferService } from './services/transfer-service.ts';
import { workflowSteps } from './services/workflow-steps.ts';
import { formatBusinessDate } from './web/date-formats.ts';
import { renderEmail } from './web/emails.ts';
import { templateVersionOf } from './web/evidence/email-templates.ts';
import { renderInformationLetterHtml } from './web/information-letter.ts';

export interface DataAccess {
  table: TableAccess;
  sendEmail: SendEmail;
  startWorkflow: StartWorkflow;
  describeRun: DescribeWorkflowRun;
  readSecret: ReadSecret;
  clock: Clock;
  publicBaseUrl: () => string;
  recordMetric: RecordMetric;
}

/** The clock a host supplied (supplyClock, below); the real time when none. */
let suppliedClock: Clock | undefined;

export function dataAccess(): DataAccess {
  return {
    table: defaultTableAccess,
    sendEmail: sesSender(),
    startWorkflow: workflowStarter(),
    describeRun: workflowRunDescriber(),
    readSecret: linkSecretReader(),
    clock: suppliedClock ?? systemClock,
    publicBaseUrl: () => requireEnvironment(environmentNames.publicBaseUrl).replace(/\/+$/, ''),
    recordMetric: recordCloudWatchMetric,
  };
}

export interface AllServices extends Services {
  steps: ReturnType<typeof workflowSteps>;
  sweep: ReturnType<typeof sweeper>;
  evidence: EvidenceService;
  evidencePacks: EvidencePackService;
  changeSteps: ReturnType<typeof transferChangeSteps>;
  reminders: ReminderSteps;
  timers: TimerSteps;
  contractSteps: ContractSteps;
  consultationSteps: ConsultationSteps;
  liabilityInformation: LiabilityInformationService;
  retention: RetentionService;
  representatives: RepresentativeService;
  representativeSteps: RepresentativeElectionSteps;
  informationDuty: InformationDutyService;
}

export function createServices(access: DataAccess = dataAccess()): AllServices {
  const transfers = transferRepository(access.table);
  const cases = caseRepository(access.table);
  const ledger = emailLedger(access.table);
  const timers = timerRepository(access.table);
  // One limit on wrong employee numbers across every personal link, whichever form they were typed on.
  const clientLimits = clientRateLimits(access.table);
  const contracts = contractRepository(access.table, timers);
  const consultations = consultationRepository(access.table);
  const retentionRecords = retentionRepository(access.table);
  const representatives = representativeRepository(access.table, timers);
  const duty = informationDutyRepository(access.table);
  const notify = notifier({
    ledger,
    send: access.sendEmail,
    render: renderEmail,
    templateVersion: (content) => templateVersionOf(content.kind),
    clock: access.clock,
    recordMetric: access.recordMetric,
  });
  const shared = { transfers, cases, clock: access.clock };
  const links = { readSecret: access.readSecret, notify, publicBaseUrl: access.publicBaseUrl };
  const liability = liabilityRepository(access.table);
  const liabilityInformation = liabilityInformationService({ ...shared, ...links, liability });
  const liabilityGiven = (transferId: string) => liabilityInformation.isGiven(transferId);
  const consultationsService = consultationService({
    consultations,
    timers,
    transfers,
    startWorkflow: access.startWorkflow,
    readSecret: access.readSecret,
    clock: access.clock,
    publicBaseUrl: access.publicBaseUrl,
    // Read when an outcome is recorded, so the contract service may be built after this one.
    settleContract: (contractId, consultationId, proceed, actor) =>
      all.contracts.settleAfterConsultation(contractId, consultationId, proceed, actor),
  });
  const transfersService = transferService({
    ...shared,
    ledger,
    startWorkflow: access.startWorkflow,
    createConsultation: (transfer, actor) => consultationsService.createForTransfer(transfer, actor),
  });
  const evidence = evidenceService({
    ...shared,
    ledger,
    consultations,
    liability,
    representatives,
    duty,
    retentionSummary: (id) => retentionRecords.summary(id),
  });
  const all: AllServices = {
    transfers: transfersService,
    transferChanges: transferChangesService({
      ...shared,
      ...links,
      liabilityObjection: (transfer, person, receivedOn, by) =>
        liabilityInformation.objectionRecorded(transfer, person, receivedOn, by),
      liabilityGiven,
      startWorkflow: access.startWorkflow,
      timers,
      getCase: (id, employeeNumber) => transfersService.getCase(id, employeeNumber),
    }),
    people: peopleService({
      ...shared,
      ...links,
      getCase: (id, employeeNumber) => transfersService.getCase(id, employeeNumber),
    }),
    changeSteps: transferChangeSteps({ ...shared, ...links }),
    elections: electionService({
      ...shared,
      ...links,
      clientLimits,
      recordMetric: access.recordMetric,
    }),
    steps: workflowSteps({
      ...shared,
      ...links,
      contracts,
      recordMetric: access.recordMetric,
      liabilityGiven,
    }),
    sweep: sweeper({
      transfers,
      timers,
      startWorkflow: access.startWorkflow,
      describeRun: access.describeRun,
      clock: access.clock,
      notify,
      timerOwner: async (timer) => {
        if (timer.owner === 'transfer') {
          const transfer = await transfers.header(timer.ownerId);
          return { title: transfer.name, createdBy: transfer.createdBy };
        }
        const owner =
          timer.owner === 'consultation'
            ? await consultations.get(timer.ownerId)
            : await contracts.get(timer.ownerId);
        if (!owner) throw new NotFoundError(`No ${timer.owner} ${timer.ownerId}`);
        return { title: owner.title, createdBy: owner.createdBy };
      },
      publicBaseUrl: access.publicBaseUrl,
      recordMetric: access.recordMetric,
    }),
    evidence,
    evidencePacks: evidencePackService({
      ...shared,
      ledger,
      packs: evidencePackRepository(access.table),
      bucket: evidenceBucket(),
      evidence,
      startWorkflow: access.startWorkflow,
    }),
    reminders: reminderSteps({ ...shared, ...links, liabilityGiven }),
    timers: timerSteps({ timers, clock: access.clock, consultations, recordMetric: access.recordMetric }),
    contracts: contractService({
      contracts,
      timers,
      ledger,
      ...links,
      clock: access.clock,
      // Read when a renewal opens its consultation, so the consultation service may be built in any order.
      openConsultation: (input, actor) => all.consultations.create(input, actor),
    }),
    contractSteps: contractSteps({ contracts, timers, ...links, clock: access.clock }),
    consultations: consultationsService,
    consultationSteps: consultationSteps({ ...shared, ...links, consultations }),
    liabilityInformation,
    retention: retentionService({
      ...shared,
      retention: retentionRecords,
      consultations,
      ledger,
      representatives,
      duty,
      liability,
      startWorkflow: access.startWorkflow,
    }),
    representatives: representativeService({
      ...shared,
      representatives,
      startWorkflow: access.startWorkflow,
      readSecret: access.readSecret,
      clientLimits,
    }),
    representativeSteps: representativeElectionSteps({ ...shared, ...links, representatives }),
    informationDuty: informationDutyService({
      ...shared,
      ...links,
      duty,
      representatives,
      renderLetterHtml: renderInformationLetterHtml,
      dateInWords: formatBusinessDate,
    }),
  };
  return all;
}

let built: AllServices | undefined;

/** The services of this process, built on first use (nothing reads the environment at import time). */
export function services(): AllServices {
  built ??= createServices();
  return built;
}

/**
 * For a host that runs the handlers in its own process and keeps its own time (the local stack moves time
 * forward for demos and tests): the services built from now on read `clock`. Returns the function that
 * puts the real time back.
 */
export function supplyClock(clock: Clock): () => void {
  suppliedClock = clock;
  built = undefined;
  return () => {
    if (suppliedClock !== clock) return;
    suppliedClock = undefined;
    built = undefined;
  };
}

let readFormSecret: ReadSecret | undefined;

/**
 * The key that signs the HTML forms' CSRF tokens (functions/web/csrf.ts): derived with HKDF from the link
 * secret the services already read, so the secret itself signs only links.
 */
export async function formTokenKey(): Promise<Uint8Array> {
  readFormSecret ??= linkSecretReader();
  return new Uint8Array(hkdfSync('sha256', await readFormSecret(), '', 'transfer-desk form tokens', 32));
}
