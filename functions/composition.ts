/**
 * The composition root: adapters → services. Handlers call `services()`; tests build their own with
 * `createServices(...)` and fakes, without module mocking.
 */
import { caseRepository } from './adapters/case-repository.ts';
import { type Clock, systemClock } from './adapters/clock.ts';
import { defaultTableAccess, type TableAccess } from './adapters/dynamodb.ts';
import { emailLedger } from './adapters/email-ledger.ts';
import { environmentNames, requireEnvironment } from './adapters/environment.ts';
import { linkSecretReader, type ReadSecret } from './adapters/link-secret.ts';
import { type SendEmail, sesSender } from './adapters/send-email.ts';
import { type StartWorkflow, workflowStarter } from './adapters/start-workflow.ts';
import { transferRepository } from './adapters/transfer-repository.ts';
import type { Services } from './services/contracts.ts';
import { electionService } from './services/election-service.ts';
import { notifier } from './services/notifier.ts';
import { sweeper } from './services/sweep.ts';
import { transferService } from './services/transfer-service.ts';
import { workflowSteps } from './services/workflow-steps.ts';
import { renderEmail } from './web/emails.ts';

export interface DataAccess {
  table: TableAccess;
  sendEmail: SendEmail;
  startWorkflow: StartWorkflow;
  readSecret: ReadSecret;
  clock: Clock;
  publicBaseUrl: () => string;
}

export function dataAccess(): DataAccess {
  return {
    table: defaultTableAccess,
    sendEmail: sesSender(),
    startWorkflow: workflowStarter(),
    readSecret: linkSecretReader(),
    clock: systemClock,
    publicBaseUrl: () => requireEnvironment(environmentNames.publicBaseUrl).replace(/\/+$/, ''),
  };
}

export interface AllServices extends Services {
  steps: ReturnType<typeof workflowSteps>;
  sweep: ReturnType<typeof sweeper>;
}

export function createServices(access: DataAccess = dataAccess()): AllServices {
  const transfers = transferRepository(access.table);
  const cases = caseRepository(access.table);
  const ledger = emailLedger(access.table);
  const notify = notifier({ ledger, send: access.sendEmail, render: renderEmail, clock: access.clock });
  const shared = { transfers, cases, clock: access.clock };
  const links = { readSecret: access.readSecret, notify, publicBaseUrl: access.publicBaseUrl };
  return {
    transfers: transferService({ ...shared, ledger, startWorkflow: access.startWorkflow }),
    elections: electionService({ ...shared, ...links }),
    steps: workflowSteps({ ...shared, ...links }),
    sweep: sweeper({ transfers, startWorkflow: access.startWorkflow, clock: access.clock }),
  };
}

let built: AllServices | undefined;

/** The services of this process, built on first use (nothing reads the environment at import time). */
export function services(): AllServices {
  built ??= createServices();
  return built;
}
