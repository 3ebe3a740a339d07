import { describe, expect, it } from 'vitest';
import { claimLifetimeMs } from '../../../functions/adapters/email-ledger.ts';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { EmailClaimHeldError, TransientStepError } from '../../../functions/domain/errors.ts';
import { sendingPlan, sesDefaultMaxSendRate } from '../../../functions/domain/sending-plan.ts';
import type { CaseStatus, StaffCase, Transfer, TransferStatus } from '../../../functions/domain/transfer.ts';
import { milestonesOf } from '../../../functions/domain/transfer-rules.ts';
import { transferredContractId, workflowSteps } from '../../../functions/services/workflow-steps.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryContractRepository,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  noMetrics,
  notifiersWith,
  plainRender,
  recordingMailer,
  recordingMetrics,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, pensionOptions, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const whileOpen = '2026-07-01T11:00:00.000Z';
const afterClosing = '2026-09-15T23:00:05.000Z';
const transferDay = '2026-09-30T23:00:05.000Z';

/** Steps over in-memory stores; SES's Send events settle the ledger as each send is accepted, unless told not to. */
function stepsWithFakes(now: string, { sesEvents = true }: { sesEvents?: boolean } = {}) {
  const store = new InMemoryTransferStore();
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer(sesEvents ? ledger : undefined);
  const clock = fixedClock(now);
  const transfers = inMemoryTransferRepository(store);
  const contracts = inMemoryContractRepository();
  const metrics = recordingMetrics();
  const { recordMetric } = metrics;
  const steps = workflowSteps({
    transfers,
    cases: inMemoryCaseRepository(store),
    contracts,
    readSecret: async () => secret,
    ...notifiersWith({ ledger, send: mailer.send, render: plainRender, clock, recordMetric }),
    clock,
    publicBaseUrl: () => publicBaseUrl,
    recordMetric,
  });
  return { steps, store, ledger, mailer, clock, transfers, contracts, metrics };
}

/** A transfer in `status` with one person a status, all in shard 0, as `E-<status>`. */
function transferWithPeople(
  store: InMemoryTransferStore,
  status: TransferStatus,
  people: Array<{ status: CaseStatus } & Partial<StaffCase>>,
): Transfer {
  const transfer = storedTransfer({ status, nextRosterIndex: people.length });
  store.putTransfer(transfer);
  store.putMilestones(transfer.id, milestonesOf(transfer));
  store.putCases(
    people.map((person, index) =>
      staffCase({
        transferId: transfer.id,
        employeeNumber: `E-${person.status}-${index}`,
        name: `Person ${index}`,
        email: `person.${index}@council.example.org`,
        ...person,
      }),
    ),
  );
  return transfer;
}

const sentTo = (mailer: ReturnType<typeof recordingMailer>) => mailer.sent.map((email) => email.to).sort();
const contentOf = (mailer: ReturnType<typeof recordingMailer>, to: string): EmailContent[] =>
  mailer.sent.filter((email) => email.to === to).map((email) => JSON.parse(email.text) as EmailContent);
const purposesOf = (ledger: ReturnType<typeof inMemoryEmailLedger>) =>
  [...ledger.records.values()].map((record) => `${record.recipientKey}:${record.purpose}`).sort();

const election = { option: 'NHSPS', how: 'staff' as const, at: '2026-07-01T11:00:00.000Z' };

describe('Function: workflowSteps.listShards', () => {
  it("answers the roster's shard numbers, never the people, and how many to run at once at SES's rate", async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = storedTransfer({ nextRosterIndex: 907 });
    store.putTransfer(transfer);

    // Act
    const answer = await steps.listShards(transfer.id);

    // Assess: at SES's default 14 emails a second, one shard at a time
    expect(answer).toEqual({ shards: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], shardsAtOnce: 1 });
  });
});

describe('Function: workflowSteps.sendInvitations', () => {
  it('invites imported and invited people by email and moves only the imported ones to invited', async () => {
    // Prepare
    const { steps, store, mailer, ledger } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'imported' },
      { status: 'invited' },
      { status: 'elected', election },
      { status: 'objected' },
    ]);

    // Act
    const result = await steps.sendInvitations(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 2, sent: 2 });
    expect(sentTo(mailer)).toEqual(['person.0@council.example.org', 'person.1@council.example.org']);
    expect(purposesOf(ledger)).toEqual(['E-IMPORTED-0:invitation', 'E-INVITED-1:invitation']);
    expect(store.caseOf(transfer.id, 'E-imported-0').status).toBe('invited');
    expect(store.caseOf(transfer.id, 'E-imported-0').history.at(-1)).toMatchObject({
      action: 'invited',
      from: 'imported',
      to: 'invited',
    });
    expect(store.caseOf(transfer.id, 'E-invited-1').history).toEqual([]);
    expect(store.caseOf(transfer.id, 'E-elected-2').status).toBe('elected');
  });

  it("sends each person the transfer's options, default and deadline, and a link to their own form", async () => {
    // Prepare
    const { steps, store, mailer } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported', shard: 0 }]);

    // Act
    await steps.sendInvitations(transfer.id, 0);

    // Assess
    const [content] = contentOf(mailer, 'person.0@council.example.org');
    expect(content).toMatchObject({
      kind: 'invitation',
      name: 'Person 0',
      transferName: transfer.name,
      transferor: transfer.transferor,
      transferee: transfer.transferee,
      transferDate: '2026-10-01',
      electionClosesOn: '2026-09-15',
      options: pensionOptions,
      defaultOption: pensionOptions[0],
    });
    const link = content?.kind === 'invitation' ? content.link : '';
    expect(link.startsWith(`${publicBaseUrl}/forms/pension/`)).toBe(true);
    const token = link.slice(`${publicBaseUrl}/forms/pension/`.length);
    expect(await readLinkToken(secret, token, 'pension', new Date(whileOpen))).toEqual({
      purpose: 'pension',
      transferId: transfer.id,
      shard: 0,
      employeeNumber: 'E-imported-0',
    });
  });

  it('sends nothing twice when the step runs again', async () => {
    // Prepare
    const { steps, store, mailer, metrics } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported' }, { status: 'imported' }]);
    await steps.sendInvitations(transfer.id, 0);

    // Act
    await steps.sendInvitations(transfer.id, 0);

    // Assess
    expect(mailer.sent).toHaveLength(2);
    expect(metrics.valuesOf('EmailsSent')).toEqual([2]);
    expect(store.view(transfer.id).counts).toMatchObject({ imported: 0, invited: 2 });
  });

  it("waits out the claims when the step runs again before SES's Send events have marked the emails sent", async () => {
    // Prepare: no SES events arrive
    const { steps, store, ledger, mailer } = stepsWithFakes(whileOpen, { sesEvents: false });
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported' }]);
    await steps.sendInvitations(transfer.id, 0);

    // Act
    const again = await steps.sendInvitations(transfer.id, 0).catch((error: unknown) => error);

    // Assess: held, never sent twice, and claimed (not yet sent) in the ledger
    expect(again).toBeInstanceOf(EmailClaimHeldError);
    expect(mailer.sent).toHaveLength(1);
    expect([...ledger.records.values()].map((record) => record.status)).toEqual(['claimed']);
  });

  it('records people invited before any link goes out, so nobody holds a link to a case still imported', async () => {
    // Prepare: every send fails (SES down)
    const { steps, store, mailer } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported' }, { status: 'imported' }]);
    mailer.failNext(10);

    // Act
    const failed = await steps.sendInvitations(transfer.id, 0).catch((error: unknown) => error);

    // Assess
    expect(failed).toBeInstanceOf(TransientStepError);
    expect(mailer.sent).toEqual([]);
    expect(store.caseOf(transfer.id, 'E-imported-0').status).toBe('invited');
    expect(store.caseOf(transfer.id, 'E-imported-1').status).toBe('invited');
  });

  it('sends no link when recording the people invited fails', async () => {
    // Prepare: the shard's transaction is refused (DynamoDB down mid-launch)
    const { store, mailer } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported' }, { status: 'imported' }]);
    const cases = inMemoryCaseRepository(store);
    const failingSteps = workflowSteps({
      transfers: inMemoryTransferRepository(store),
      cases: {
        ...cases,
        applyChanges: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      contracts: inMemoryContractRepository(),
      readSecret: async () => secret,
      ...notifiersWith({
        ledger: inMemoryEmailLedger(),
        send: mailer.send,
        render: plainRender,
        clock: fixedClock(whileOpen),
        recordMetric: noMetrics,
      }),
      clock: fixedClock(whileOpen),
      publicBaseUrl: () => publicBaseUrl,
      recordMetric: noMetrics,
    });

    // Act
    const failed = await failingSteps.sendInvitations(transfer.id, 0).catch((error: unknown) => error);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(mailer.sent).toEqual([]);
    expect(store.caseOf(transfer.id, 'E-imported-0').status).toBe('imported');
  });

  it('fails the step with EmailClaimHeldError while a crashed sender holds a claim, then sends after it expires', async () => {
    // Prepare: a sender claimed person 0's invitation and died before sending it
    const { steps, store, mailer, ledger, clock } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'imported' }, { status: 'imported' }]);
    await ledger.claim(
      { transferId: transfer.id, employeeKey: 'E-IMPORTED-0', purpose: 'invitation' },
      { to: 'person.0@council.example.org', subject: 'invitation' },
      clock.now(),
    );

    // Act
    const held = await steps.sendInvitations(transfer.id, 0).catch((error: unknown) => error);
    clock.set(new Date(clock.now().getTime() + claimLifetimeMs + 1));
    const retried = await steps.sendInvitations(transfer.id, 0);

    // Assess
    expect(held).toBeInstanceOf(EmailClaimHeldError);
    expect(retried).toEqual({ processed: 2, sent: 2 });
    expect(sentTo(mailer)).toEqual(['person.0@council.example.org', 'person.1@council.example.org']);
  });

  it('after a failed send, throws TransientStepError, and the retry sends only what is missing', async () => {
    // Prepare
    const { steps, store, mailer } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'imported' },
      { status: 'imported' },
      { status: 'imported' },
    ]);
    mailer.failNext(1);

    // Act
    const failed = steps.sendInvitations(transfer.id, 0);
    await expect(failed).rejects.toThrow(TransientStepError);
    const retried = await steps.sendInvitations(transfer.id, 0);

    // Assess
    expect(retried).toEqual({ processed: 3, sent: 3 });
    expect(sentTo(mailer)).toEqual([
      'person.0@council.example.org',
      'person.1@council.example.org',
      'person.2@council.example.org',
    ]);
    expect(store.view(transfer.id).counts).toMatchObject({ imported: 0, invited: 3 });
  });

  it.each(['draft', 'election-closed', 'completed', 'cancelled'] as const)(
    'does nothing while the transfer is %s',
    async (status) => {
      // Prepare
      const { steps, store, mailer } = stepsWithFakes(whileOpen);
      const transfer = transferWithPeople(store, status, [{ status: 'imported' }]);

      // Act
      const result = await steps.sendInvitations(transfer.id, 0);

      // Assess
      expect(result).toEqual({ processed: 0, sent: 0 });
      expect(mailer.sent).toEqual([]);
      expect(store.caseOf(transfer.id, 'E-imported-0').status).toBe('imported');
    },
  );
});

describe('Function: workflowSteps.applyDefaultElections', () => {
  it('gives the default only to invited people and tells each of them', async () => {
    // Prepare
    const { steps, store, mailer } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'invited' },
      { status: 'invited' },
      { status: 'imported' },
      { status: 'elected', election },
      { status: 'objected' },
    ]);

    // Act
    const result = await steps.applyDefaultElections(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 2, sent: 2 });
    for (const number of ['E-invited-0', 'E-invited-1']) {
      expect(store.caseOf(transfer.id, number)).toMatchObject({
        status: 'defaulted',
        election: { option: 'LGPS', how: 'default', at: afterClosing },
      });
    }
    expect(store.caseOf(transfer.id, 'E-elected-3').election).toEqual(election);
    expect(store.caseOf(transfer.id, 'E-imported-2').status).toBe('imported');
    expect(sentTo(mailer)).toEqual(['person.0@council.example.org', 'person.1@council.example.org']);
    expect(contentOf(mailer, 'person.0@council.example.org')).toEqual([
      {
        kind: 'default-applied',
        name: 'Person 0',
        transferName: transfer.name,
        transferee: transfer.transferee,
        option: pensionOptions[0],
      },
    ]);
    expect(store.view(transfer.id)).toMatchObject({
      counts: { invited: 0, defaulted: 2, elected: 1 },
      elections: { LGPS: 2, NHSPS: 1 },
    });
  });

  it('changes nothing and sends nothing more when it runs again', async () => {
    // Prepare
    const { steps, store, mailer, ledger, metrics } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }, { status: 'invited' }]);
    await steps.applyDefaultElections(transfer.id, 0);
    store.writes.length = 0;

    // Act
    const again = await steps.applyDefaultElections(transfer.id, 0);

    // Assess
    expect(again).toEqual({ processed: 0, sent: 2 });
    expect(store.writes).toEqual([]);
    expect(mailer.sent).toHaveLength(2);
    expect(purposesOf(ledger)).toEqual(['E-INVITED-0:default-applied', 'E-INVITED-1:default-applied']);
    expect(store.caseOf(transfer.id, 'E-invited-0').history).toHaveLength(1);
    // A default is not a choice a person made.
    expect(metrics.valuesOf('ElectionsRecorded')).toEqual([]);
    expect(metrics.valuesOf('EmailsSent')).toEqual([2]);
  });

  it('tells everyone defaulted when the first run stored the defaults but failed to send', async () => {
    // Prepare
    const { steps, store, mailer } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'invited' },
      { status: 'invited' },
      { status: 'invited' },
    ]);
    mailer.failNext(1);
    await expect(steps.applyDefaultElections(transfer.id, 0)).rejects.toThrow(TransientStepError);

    // Act
    await steps.applyDefaultElections(transfer.id, 0);

    // Assess
    expect(sentTo(mailer)).toEqual([
      'person.0@council.example.org',
      'person.1@council.example.org',
      'person.2@council.example.org',
    ]);
    expect(store.view(transfer.id).elections).toEqual({ LGPS: 3, NHSPS: 0 });
  });
});

describe('Function: workflowSteps.moveShardToTransferee', () => {
  it('moves everyone in scope to the transferee and ends the employment of those who objected', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, 'election-closed', [
      { status: 'elected', election },
      { status: 'defaulted', election: { option: 'LGPS', how: 'default', at: afterClosing } },
      { status: 'invited' },
      { status: 'objected' },
      { status: 'excluded' },
    ]);

    // Act
    const result = await steps.moveShardToTransferee(transfer.id, 0);

    // Assess
    // The three who moved; their managers are told once for all their people, by the digest step.
    expect(result).toEqual({ processed: 4, sent: 3 });
    const after = [...store.casesOf(transfer.id).values()].map(({ employeeNumber, status, employer }) => ({
      employeeNumber,
      status,
      employer,
    }));
    expect(after.sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber))).toEqual([
      { employeeNumber: 'E-defaulted-1', status: 'transferred', employer: 'transferee' },
      { employeeNumber: 'E-elected-0', status: 'transferred', employer: 'transferee' },
      { employeeNumber: 'E-excluded-4', status: 'excluded', employer: 'transferor' },
      { employeeNumber: 'E-invited-2', status: 'transferred', employer: 'transferee' },
      { employeeNumber: 'E-objected-3', status: 'employment-ended', employer: 'transferor' },
    ]);
  });

  it('writes a fixed-term contract with the transferee and its timers once, keeping the continuous service date', async () => {
    // Prepare
    const { steps, store, contracts } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, 'election-closed', [
      {
        status: 'elected',
        election,
        contractType: 'fixed-term',
        contractEndDate: '2027-03-31',
        continuousServiceStart: '2019-09-02',
        jobTitle: 'Occupational therapist',
      },
      { status: 'elected', election },
    ]);
    const id = transferredContractId(transfer.id, 'E-elected-0');

    // Act
    await steps.moveShardToTransferee(transfer.id, 0);
    await steps.moveShardToTransferee(transfer.id, 0);

    // Assess
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...contracts.contracts.values()]).toEqual([
      {
        id,
        kind: 'employment',
        title: 'Occupational therapist (fixed-term)',
        parties: [transfer.transferee],
        managerEmail: 'sam.jones@council.example.org',
        startDate: '2026-10-01',
        endDate: '2027-03-31',
        noticeDays: 30,
        reminderDays: [90, 60, 30, 14, 7],
        employeeNumber: 'E-elected-0',
        employeeName: expect.any(String),
        continuousServiceStart: '2019-09-02',
        requiresConsultation: false,
        transferId: transfer.id,
        status: 'active',
        decisions: [],
        warnings: [],
        createdAt: transferDay,
        createdBy: transfer.createdBy,
      },
    ]);
    const timers = [...contracts.timers.timers.values()].map(({ key, dueOn }) => ({ key, dueOn }));
    expect(timers).toEqual([
      { key: 'renewal-reminder#90', dueOn: '2026-12-31' },
      { key: 'renewal-reminder#60', dueOn: '2027-01-29' },
      { key: 'renewal-reminder#30', dueOn: '2027-03-01' },
      { key: 'renewal-reminder#14', dueOn: '2027-03-17' },
      { key: 'renewal-reminder#7', dueOn: '2027-03-24' },
      { key: 'renewal-escalation', dueOn: '2027-03-02' },
    ]);
    expect(contracts.writes).toEqual([`putOnce ${id}`, `putOnce ${id}`]);
  });

  it('tells each person who moved once, saying whether they chose their scheme or were given it', async () => {
    // Prepare
    const { steps, store, mailer } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, 'election-closed', [
      { status: 'elected', election, continuousServiceStart: '2011-01-04' },
      { status: 'defaulted', election: { option: 'LGPS', how: 'default', at: afterClosing } },
      { status: 'objected' },
    ]);

    // Act
    await steps.moveShardToTransferee(transfer.id, 0);
    const again = await steps.moveShardToTransferee(transfer.id, 0);

    // Assess
    expect(contentOf(mailer, 'person.0@council.example.org')).toEqual([
      {
        kind: 'transferred',
        name: 'Person 0',
        transferName: transfer.name,
        transferor: transfer.transferor,
        transferee: transfer.transferee,
        transferDate: '2026-10-01',
        continuousServiceStart: '2011-01-04',
        option: pensionOptions[1],
        chosenBy: 'staff',
      },
    ]);
    expect(contentOf(mailer, 'person.1@council.example.org')).toMatchObject([{ chosenBy: 'default' }]);
    // Managers are told once for all their people, by the digest step.
    expect(sentTo(mailer)).toEqual(['person.0@council.example.org', 'person.1@council.example.org']);
    expect(again).toEqual({ processed: 0, sent: 2 });
  });

  it('stores the moves and contracts before anyone is told, and after a failed send the retry tells only who is missing', async () => {
    // Prepare: the first send fails (SES throttled past the SDK's retries)
    const { steps, store, mailer, contracts, metrics } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, 'election-closed', [
      { status: 'elected', election, contractType: 'fixed-term', contractEndDate: '2027-03-31' },
      { status: 'elected', election },
      { status: 'elected', election },
    ]);
    mailer.failNext(1);

    // Act
    const failed = await steps.moveShardToTransferee(transfer.id, 0).catch((error: unknown) => error);
    const movedBeforeRetry = [...store.casesOf(transfer.id).values()].map((person) => person.status);
    const contractsBeforeRetry = contracts.contracts.size;
    const retried = await steps.moveShardToTransferee(transfer.id, 0);

    // Assess
    expect(failed).toBeInstanceOf(TransientStepError);
    expect(movedBeforeRetry).toEqual(['transferred', 'transferred', 'transferred']);
    expect(contractsBeforeRetry).toBe(1);
    expect(retried).toEqual({ processed: 0, sent: 3 });
    expect(sentTo(mailer)).toEqual([
      'person.0@council.example.org',
      'person.1@council.example.org',
      'person.2@council.example.org',
    ]);
    expect(metrics.valuesOf('EmailsSent')).toEqual([2, 1]);
  });
});

describe('Functions: workflowSteps.sendManagerDigests and sendTransferSummary', () => {
  it('emails each manager once with all their people and HR once with the counts, however often they run', async () => {
    // Prepare: two managers, one of whose people objected; one person with no manager
    const { steps, store, mailer, transfers } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, 'election-closed', [
      { status: 'elected', election, name: 'Zoe Ward' },
      {
        status: 'defaulted',
        election: { option: 'LGPS', how: 'default', at: afterClosing },
        name: 'Adam Cole',
      },
      { status: 'objected', name: 'Beth Rowe' },
      { status: 'elected', election, managerEmail: 'Kim.Lee@council.example.org', name: 'Cal Moss' },
      { status: 'elected', election: { ...election, option: 'LGPS' } },
    ]);
    const withoutManager = store.casesOf(transfer.id).get('E-ELECTED-4');
    if (withoutManager) delete withoutManager.managerEmail;
    await steps.moveShardToTransferee(transfer.id, 0);
    mailer.sent.length = 0;

    // Act: one shard makes one page of managers
    const firstPage = await steps.sendManagerDigests(transfer.id, 0);
    const first = await steps.sendTransferSummary(transfer.id, [firstPage.sent]);
    const retriedPage = await steps.sendManagerDigests(transfer.id, 0);
    const retried = await steps.sendTransferSummary(transfer.id, [retriedPage.sent]);

    // Assess
    expect(firstPage).toEqual({ sent: 2 });
    expect(first).toEqual({ sent: 3 });
    expect(retried).toEqual({ sent: 3 });
    expect(sentTo(mailer)).toEqual(
      [transfer.createdBy, 'kim.lee@council.example.org', 'sam.jones@council.example.org'].sort(),
    );
    expect(contentOf(mailer, 'sam.jones@council.example.org')).toMatchObject([
      {
        kind: 'transfer-day-digest',
        moved: [
          { name: 'Adam Cole', employeeNumber: 'E-defaulted-1' },
          { name: 'Zoe Ward', employeeNumber: 'E-elected-0' },
        ],
        notMoved: [{ name: 'Beth Rowe', employeeNumber: 'E-objected-2' }],
      },
    ]);
    const counts = {
      transferred: 4,
      employmentEnded: 1,
      chose: 3,
      defaulted: 1,
      byOption: { LGPS: { chose: 1, defaulted: 1 }, NHSPS: { chose: 2, defaulted: 0 } },
      managers: 2,
    };
    expect(contentOf(mailer, transfer.createdBy)).toMatchObject([
      {
        kind: 'transfer-completed',
        transferred: 4,
        employmentEnded: 1,
        chose: 3,
        defaulted: 1,
        managers: 2,
        link: `${publicBaseUrl}/transfers/${transfer.id}`,
      },
    ]);
    expect((await transfers.get(transfer.id)).completion).toEqual(counts);
  });
});

describe('Function: workflowSteps.sendManagerDigests, paced', () => {
  it("sends a page's digests as many at once as the sending plan says a shard's step sends", async () => {
    // Prepare: six managers on one page; a mailer that counts its sends in flight
    const store = new InMemoryTransferStore();
    const ledger = inMemoryEmailLedger();
    const mailer = recordingMailer(ledger);
    let inFlight = 0;
    let mostAtOnce = 0;
    const send: typeof mailer.send = async (email) => {
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((resolve) => setImmediate(resolve)); // let the other sends start, if any may
      inFlight -= 1;
      return mailer.send(email);
    };
    const clock = fixedClock(transferDay);
    const plan = sendingPlan(sesDefaultMaxSendRate);
    const steps = workflowSteps({
      transfers: inMemoryTransferRepository(store),
      cases: inMemoryCaseRepository(store),
      contracts: inMemoryContractRepository(),
      readSecret: async () => secret,
      ...notifiersWith({ ledger, send, render: plainRender, clock }),
      sendingPlan: () => plan,
      clock,
      publicBaseUrl: () => publicBaseUrl,
      recordMetric: noMetrics,
    });
    const transfer = transferWithPeople(
      store,
      'election-closed',
      Array.from({ length: 6 }, (_, index) => ({
        status: 'elected' as const,
        election,
        managerEmail: `manager.${index}@council.example.org`,
      })),
    );
    await steps.moveShardToTransferee(transfer.id, 0);
    mostAtOnce = 0;

    // Act
    const page = await steps.sendManagerDigests(transfer.id, 0);

    // Assess: at SES's default rate, two at once
    expect(page).toEqual({ sent: 6 });
    expect(plan.sendsAtOnce).toBe(2);
    expect(mostAtOnce).toBe(plan.sendsAtOnce);
  });
});

describe('Function: workflowSteps.finishMilestone', () => {
  it.each([
    ['election-closes', 'launched', 'election-closed'],
    ['transfer-day', 'election-closed', 'completed'],
  ] as const)('finishes %s, moving the transfer from %s to %s', async (milestone, from, to) => {
    // Prepare
    const { steps, store } = stepsWithFakes(transferDay);
    const transfer = transferWithPeople(store, from, [{ status: 'invited' }]);

    // Act
    const answer = await steps.finishMilestone(transfer.id, milestone);

    // Assess
    expect(answer).toEqual({ status: to });
    expect(store.milestoneItems.get(transfer.id)?.get(milestone)?.status).toBe('done');
  });

  it('finishes again without error when a retry finds it finished', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    await steps.finishMilestone(transfer.id, 'election-closes');

    // Act
    const answer = await steps.finishMilestone(transfer.id, 'election-closes');

    // Assess
    expect(answer).toEqual({ status: 'election-closed' });
  });

  it('records a reminder done with the emails its shards sent', async () => {
    // Prepare: the reminder started on its day, while the election was open
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const reminder = store.milestoneItems.get(transfer.id)?.get('election-reminder');
    if (reminder) Object.assign(reminder, { status: 'running', startedAt: whileOpen });

    // Act
    await steps.finishMilestone(transfer.id, 'election-reminder', { sent: [3, 0, 4] });

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('election-reminder')).toMatchObject({
      status: 'done',
      sent: 7,
    });
  });

  it('records a reminder that started after the election closed as skipped (late), not done', async () => {
    // Prepare: the sweep ran after the election closed (the clock moved 40 days)
    const { steps, store } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const reminder = store.milestoneItems.get(transfer.id)?.get('election-reminder');
    if (reminder) Object.assign(reminder, { status: 'running', startedAt: afterClosing });

    // Act
    await steps.finishMilestone(transfer.id, 'election-reminder', { sent: [0, 0] });

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('election-reminder')).toMatchObject({
      status: 'skipped',
      sent: 0,
      reason: 'late',
    });
    expect(store.audit.get(transfer.id)?.at(-1)?.action).toBe('election-reminder-skipped');
  });

  it('records a late liability-information reminder done but overdue, with the one email sent', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const reminder = store.milestoneItems.get(transfer.id)?.get('liability-information-due');
    if (reminder) Object.assign(reminder, { status: 'running', startedAt: afterClosing });

    // Act
    await steps.finishMilestone(transfer.id, 'liability-information-due', { sent: 1, overdue: true });

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('liability-information-due')).toMatchObject({
      status: 'done',
      sent: 1,
      reason: 'overdue',
    });
  });

  it('records the launch done with the invitations sent', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    await steps.finishMilestone(transfer.id, 'launch', { sent: [100, 100, 7] });

    // Assess
    expect(store.milestoneItems.get(transfer.id)?.get('launch')).toMatchObject({ status: 'done', sent: 207 });
  });

  it('records that the invitations went out at the end of a launch, leaving the transfer launched', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    const answer = await steps.finishMilestone(transfer.id, 'launch');

    // Assess
    expect(answer).toEqual({ status: 'launched' });
    expect(store.audit.get(transfer.id)).toEqual([
      { at: whileOpen, by: 'system', action: 'invitations-sent' },
    ]);
  });
  it("records a date change's run done with the emails it sent, and an older change's run only in the audit", async () => {
    // Prepare: change 2 was made while change 1's run was still going
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const running = {
      status: 'running',
      startedAt: whileOpen,
      attempt: 1,
      dueOn: '2026-05-20',
      dueAt: whileOpen,
    };
    store.putMilestones(transfer.id, [{ kind: 'date-change', ...running, change: 2 } as never]);

    // Act
    await steps.finishMilestone(transfer.id, 'date-change', { sent: [5, 4], change: 1 });
    const afterOlder = { ...store.milestoneItems.get(transfer.id)?.get('date-change') };
    await steps.finishMilestone(transfer.id, 'date-change', { sent: [5, 4], change: 2 });

    // Assess
    expect(afterOlder).toMatchObject({ status: 'running', change: 2 });
    expect(store.milestoneItems.get(transfer.id)?.get('date-change')).toMatchObject({
      status: 'done',
      sent: 9,
      change: 2,
    });
    expect(store.audit.get(transfer.id)?.map((entry) => entry.action)).toEqual([
      'date-change-finished',
      'date-change-finished',
    ]);
  });

  it('records a cancellation done without a count, since a rerun cannot count who was told before it', async () => {
    // Prepare
    const { steps, store } = stepsWithFakes(whileOpen);
    const transfer = transferWithPeople(store, 'cancelled', [{ status: 'invited' }]);
    store.putMilestones(transfer.id, [
      {
        kind: 'cancel',
        status: 'running',
        startedAt: whileOpen,
        attempt: 2,
        dueOn: '2026-05-20',
        dueAt: whileOpen,
      },
    ]);

    // Act
    const answer = await steps.finishMilestone(transfer.id, 'cancel', { sent: [0, 3] });

    // Assess
    expect(answer).toEqual({ status: 'cancelled' });
    const record = store.milestoneItems.get(transfer.id)?.get('cancel');
    expect(record).toMatchObject({ status: 'done', attempt: 2 });
    expect(record).not.toHaveProperty('sent');
  });
});

describe('Function: workflowSteps.recordFailure', () => {
  it('records the failure on the transfer with its error cut to 200 characters', async () => {
    // Prepare
    const { steps, store, metrics } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const closing = store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (closing) Object.assign(closing, { status: 'running', attempt: 1 });

    // Act
    const answer = await steps.recordFailure({
      transferId: transfer.id,
      workflow: 'close-election',
      milestone: 'election-closes',
      error: `TransientStepError: ${'x'.repeat(500)}`,
    });

    // Assess
    expect(answer).toEqual({});
    const failures = store.transfers.get(transfer.id)?.failures;
    expect(failures).toEqual([
      {
        workflow: 'close-election',
        milestone: 'election-closes',
        error: `TransientStepError: ${'x'.repeat(180)}`,
        at: afterClosing,
      },
    ]);
    expect(store.milestoneItems.get(transfer.id)?.get('election-closes')).toMatchObject({
      status: 'failed',
      reason: `TransientStepError: ${'x'.repeat(180)}`,
      attempt: 1,
      retryAt: new Date(new Date(afterClosing).getTime() + 15 * 60_000).toISOString(),
    });
    expect(metrics.recorded).toEqual([{ metric: 'WorkflowFailures', value: 1 }]);
  });

  it('counts no WorkflowFailures when the failure could not be recorded, so its retry counts it once', async () => {
    // Prepare
    const { store, clock } = stepsWithFakes(afterClosing);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);
    const metrics = recordingMetrics();
    const transfers = inMemoryTransferRepository(store);
    let refusals = 1;
    const steps = workflowSteps({
      transfers: {
        ...transfers,
        recordFailure: async (...args) => {
          if (refusals-- > 0) throw new TransientStepError('The table is busy');
          return transfers.recordFailure(...args);
        },
      },
      cases: inMemoryCaseRepository(store),
      contracts: inMemoryContractRepository(),
      readSecret: async () => secret,
      notify: async () => 'sent',
      notifyMany: async (emails) => ({ sent: emails.length, alreadySent: 0 }),
      sendingPlan: () => sendingPlan(sesDefaultMaxSendRate),
      clock,
      publicBaseUrl: () => publicBaseUrl,
      recordMetric: metrics.recordMetric,
    });
    const failure = {
      transferId: transfer.id,
      workflow: 'close-election',
      milestone: 'election-closes',
      error: 'States.Timeout',
    };

    // Act
    const first = await steps.recordFailure(failure).catch((error: unknown) => error);
    await steps.recordFailure(failure);

    // Assess
    expect(first).toBeInstanceOf(TransientStepError);
    expect(metrics.valuesOf('WorkflowFailures')).toEqual([1]);
  });
});
