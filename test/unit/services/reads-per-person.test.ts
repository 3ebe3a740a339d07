import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRepository } from '../../../functions/adapters/case-repository.ts';
import type { ClientRateLimits } from '../../../functions/adapters/client-rate-limit.ts';
import type { StaffCase } from '../../../functions/domain/transfer.ts';
import { electionService, pensionFormLink } from '../../../functions/services/election-service.ts';
import { workflowSteps } from '../../../functions/services/workflow-steps.ts';
import { type CountedReads, countedTransferTable } from '../../fixtures/domain/counted-transfer-table.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryClientRateLimits,
  inMemoryContractRepository,
  inMemoryEmailLedger,
  noMetrics,
  notifiersWith,
  plainRender,
  recordingMailer,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const whileOpen = '2026-07-01T11:00:00.000Z';
const client = { sourceIp: '192.0.2.10' };
/** The goal for everything one person's use of the form reads (issue 12). */
const formReadBudget = 10;

/**
 * Counts what the case and client-rate stores read too: each read here is one consistent GetItem of an
 * item under 4 KB in their DynamoDB adapters (1 RRU), and a shard load one item a person.
 */
function countingCases(cases: CaseRepository, reads: CountedReads): CaseRepository {
  return {
    ...cases,
    async get(...args) {
      reads.items += 1;
      reads.capacity += 1;
      return cases.get(...args);
    },
    async loadShard(...args) {
      const people = await cases.loadShard(...args);
      reads.items += people.length;
      reads.capacity += Math.max(1, Math.ceil(people.length / 4));
      return people;
    },
  };
}

function countingClientLimits(limits: ClientRateLimits, reads: CountedReads): ClientRateLimits {
  return {
    ...limits,
    async reached(...args) {
      reads.items += 1;
      reads.capacity += 1;
      return limits.reached(...args);
    },
  };
}

const tables: Array<{ restore: () => void }> = [];
afterEach(() => {
  for (const table of tables.splice(0)) table.restore();
});

/** A launched transfer whose roster fills `shards` shards, with one invited person (E1000) on shard 0. */
async function rosterOf(shards: number) {
  const transfer = storedTransfer({ status: 'launched' });
  const table = countedTransferTable(transfer, shards);
  tables.push(table);
  const store = new InMemoryTransferStore();
  const person = staffCase({ transferId: transfer.id, employeeNumber: 'E1000' });
  store.putCases([person]);
  const clock = fixedClock(whileOpen);
  const mailer = recordingMailer();
  const notifiers = notifiersWith({
    ledger: inMemoryEmailLedger(),
    send: mailer.send,
    render: plainRender,
    clock,
    recordMetric: noMetrics,
  });
  /** What the case and client-rate stores read; `table.reads` is what the transfer repository read. */
  const others: CountedReads = { items: 0, capacity: 0 };
  const dependencies = {
    transfers: table.transfers,
    cases: countingCases(inMemoryCaseRepository(store), others),
    readSecret: async () => secret,
    ...notifiers,
    clock,
    publicBaseUrl: () => publicBaseUrl,
    recordMetric: noMetrics,
  };
  const token = (await pensionFormLink(dependencies, transfer, person as StaffCase))
    .split('/')
    .at(-1) as string;
  return { transfer, reads: table.reads, others, dependencies, token, mailer };
}

/** Both counts added: everything a walk read. */
const together = (transfer: CountedReads, others: CountedReads): CountedReads => ({
  items: transfer.items + others.items,
  capacity: transfer.capacity + others.capacity,
});

/** One person through the pension form's service: the start, their employee number, their choice confirmed. */
async function walkThroughTheForm(shards: number): Promise<CountedReads> {
  const { reads, others, dependencies, token, mailer } = await rosterOf(shards);
  const service = electionService({
    ...dependencies,
    clientLimits: countingClientLimits(inMemoryClientRateLimits(), others),
  });

  const page = await service.openLink(token);
  await service.checkEmployeeNumber(token, 'E1000', client);
  const election = await service.confirm(token, 'E1000', 'NHSPS', client);

  // The walk did what a person would notice: the form was open, the choice is kept and confirmed.
  expect(page.open).toBe(true);
  expect(election.option).toBe('NHSPS');
  expect(mailer.sent).toHaveLength(1);
  return together(reads, others);
}

/**
 * The service calls the pension form's pages make for one person (functions/web/pages/pension-form): each
 * page loads the link (openLink), and the pages that need the person check their number again or confirm.
 * Answers what the transfer repository read.
 */
async function walkThroughThePages(shards: number): Promise<CountedReads> {
  const { reads, others, dependencies, token } = await rosterOf(shards);
  const service = electionService({
    ...dependencies,
    clientLimits: countingClientLimits(inMemoryClientRateLimits(), others),
  });
  const check = () => service.checkEmployeeNumber(token, 'E1000', client);

  await service.openLink(token); // GET start
  await service.openLink(token); // POST start: the number
  await check();
  await service.openLink(token); // GET option
  await check();
  await service.openLink(token); // POST option
  await service.openLink(token); // GET check answers
  await service.openLink(token); // POST confirm
  await service.confirm(token, 'E1000', 'NHSPS', client);
  await service.openLink(token); // GET confirmation
  await check();
  return { ...reads };
}

describe('Function: electionService, reads per person who uses the form', () => {
  it('reads as much at 500 shards as at 10, and within the budget', async () => {
    // Act
    const at10 = await walkThroughTheForm(10);
    const at500 = await walkThroughTheForm(500);

    // Assess
    expect(at500).toEqual(at10);
    expect(at500.capacity).toBeLessThanOrEqual(formReadBudget);
  });

  it("reads the transfer's header item once a service call as a person goes through every page", async () => {
    // Act
    const at10 = await walkThroughThePages(10);
    const at500 = await walkThroughThePages(500);

    // Assess: eleven calls, each one consistent read of a header item under 4 KB.
    expect(at500).toEqual(at10);
    expect(at500).toEqual({ items: 11, capacity: 11 });
  });
});

describe('Function: workflowSteps, reads of the transfer per shard step', () => {
  it.each(['sendInvitations', 'applyDefaultElections'] as const)(
    '%s reads as much of the transfer at 500 shards as at 10: its header item',
    async (step) => {
      // Prepare
      const runStep = async (shards: number) => {
        const { transfer, reads, dependencies } = await rosterOf(shards);
        const steps = workflowSteps({ ...dependencies, contracts: inMemoryContractRepository() });
        const before = { ...reads };

        // Act
        const result = await steps[step](transfer.id, 0);
        expect(result.processed).toBe(1);
        return { items: reads.items - before.items, capacity: reads.capacity - before.capacity };
      };
      const at10 = await runStep(10);
      const at500 = await runStep(500);

      // Assess: the transfer's header (1 item) and the shard's own people, whatever the roster's size.
      expect(at500).toEqual(at10);
    },
  );

  it('lists the shards from the header item alone', async () => {
    // Prepare
    const { transfer, reads, dependencies } = await rosterOf(500);
    const steps = workflowSteps({ ...dependencies, contracts: inMemoryContractRepository() });

    // Act
    const { shards } = await steps.listShards(transfer.id);

    // Assess
    expect(shards).toHaveLength(500);
    expect(reads).toEqual({ items: 1, capacity: 1 });
  });
});
