import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { sendingPlan } from '../../../functions/domain/sending-plan.ts';
import { consultationService } from '../../../functions/services/consultation-service.ts';
import { consultationSteps, ownerLedgerKey } from '../../../functions/services/consultation-steps.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import {
  InMemoryConsultationStore,
  inMemoryConsultationRepository,
} from '../../fixtures/domain/in-memory-consultations.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryEmailLedger,
  inMemoryTimerRepository,
  inMemoryTransferRepository,
  notifiersWith,
  recordingMailer,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const owner: Actor = { id: 'hr.owner@council.example.org', roles: ['hr'] };
const openingDay = '2026-06-02T00:00:00.000Z';
/** A sending rate AWS raised to 500 emails a second: seven shards at once. */
const raisedRate = 500;

function stepsWithFakes() {
  const store = new InMemoryConsultationStore();
  const transferStore = new InMemoryTransferStore();
  const timers = inMemoryTimerRepository();
  const ledger = inMemoryEmailLedger();
  // SES's Send events settle the ledger as each send is accepted, as they do for the steps' batched sends.
  const mailer = recordingMailer(ledger);
  const clock = fixedClock('2026-06-01T09:00:00.000Z');
  const consultations = inMemoryConsultationRepository(store, timers);
  const transfers = inMemoryTransferRepository(transferStore);
  const { notify, notifyMany } = notifiersWith({ ledger, send: mailer.send, clock });
  const common = {
    consultations,
    transfers,
    readSecret: async () => secret,
    clock,
    publicBaseUrl: () => publicBaseUrl,
  };
  const service = consultationService({
    ...common,
    timers,
    startWorkflow: recordingWorkflowStarter().start,
    settleContract: async () => {},
  });
  const steps = consultationSteps({
    ...common,
    cases: inMemoryCaseRepository(transferStore),
    notify,
    notifyMany,
    sendingPlan: () => sendingPlan(raisedRate),
  });
  return { store, transferStore, mailer, ledger, clock, service, steps, consultations };
}

/** A transfer of 102 people over two shards, the last of them excluded from scope. */
function transferOf(fakes: ReturnType<typeof stepsWithFakes>) {
  const transfer = storedTransfer({ nextRosterIndex: 102 });
  fakes.transferStore.putTransfer(transfer);
  fakes.transferStore.putCases(
    Array.from({ length: 102 }, (_, index) =>
      staffCase({
        transferId: transfer.id,
        shard: Math.floor(index / 100),
        employeeNumber: `E${index}`,
        name: `Person ${index}`,
        email: `person.${index}@council.example.org`,
        status: index === 101 ? 'excluded' : 'imported',
      }),
    ),
  );
  return transfer;
}

const contentsOf = (fakes: ReturnType<typeof stepsWithFakes>): EmailContent[] =>
  fakes.mailer.sent.map((email) => JSON.parse(email.text) as EmailContent);
const recipientsOf = (fakes: ReturnType<typeof stepsWithFakes>, kind: EmailContent['kind']) =>
  fakes.mailer.sent
    .filter((email) => email.subject === kind)
    .map((email) => email.to)
    .sort();

async function openedConsultation(fakes: ReturnType<typeof stepsWithFakes>, input: Record<string, unknown>) {
  const view = await fakes.service.create(
    { title: 'Joint service', opensOn: '2026-06-02', closesOn: '2026-06-30', ...input },
    owner,
  );
  fakes.clock.set(openingDay);
  const { shards, shardsAtOnce } = await fakes.steps.open(view.id);
  return { id: view.id, shards, shardsAtOnce };
}

describe('Function: consultationSteps.open', () => {
  it("opens the consultation and answers the transfer's roster shards then the invitees' shards", async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const transfer = transferOf(fakes);

    // Act
    const { id, shards, shardsAtOnce } = await openedConsultation(fakes, {
      transferId: transfer.id,
      invite: ['a@example.org'],
      public: true,
    });
    const again = await fakes.steps.open(id);

    // Assess
    expect(shards).toEqual(['T0', 'T1', 'I0']);
    expect(shardsAtOnce).toBe(7);
    expect(again.shards).toEqual(shards);
    expect((await fakes.service.get(id)).status).toBe('open');
    expect((await fakes.service.get(id)).publicUrl).toMatch(/\/forms\/consultation\//);
    expect(fakes.store.writes.filter((write) => write === 'markOpened')).toHaveLength(1);
  });

  it('answers no shards when the consultation has already closed', async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const view = await fakes.service.create(
      {
        title: 'Late',
        opensOn: '2026-06-02',
        closesOn: '2026-06-30',
        invite: ['a@example.org'],
        public: false,
      },
      owner,
    );
    await fakes.consultations.markClosed(view.id, openingDay);

    // Act
    const { shards } = await fakes.steps.open(view.id);

    // Assess
    expect(shards).toEqual([]);
  });
});

describe('Function: consultationSteps.sendEmails', () => {
  it("copies a transfer shard's people in scope as participants and invites each once with their own link", async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const transfer = transferOf(fakes);
    const { id } = await openedConsultation(fakes, { transferId: transfer.id, public: false });

    // Act
    const first = await fakes.steps.sendEmails(id, 'T1', 'invitation');
    const repeated = await fakes.steps.sendEmails(id, 'T1', 'invitation');
    await fakes.steps.sendEmails(id, 'T0', 'invitation');

    // Assess
    expect([first.processed, repeated.processed]).toEqual([1, 1]);
    expect(recipientsOf(fakes, 'consultation-invitation')).toHaveLength(101);
    expect(recipientsOf(fakes, 'consultation-invitation')).not.toContain('person.101@council.example.org');
    expect(
      contentsOf(fakes).find((content) => 'name' in content && content.name === 'Person 100'),
    ).toMatchObject({
      kind: 'consultation-invitation',
      title: 'Joint service',
      link: expect.stringMatching(/^https:\/\/transfer-desk\.example\.org\/forms\/consultation\//),
    });
    expect((await fakes.service.get(id)).invited).toBe(101);
  });

  it('reminds only participants who have not responded, once, and nobody after the close', async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const { id } = await openedConsultation(fakes, {
      invite: ['quiet@example.org', 'answered@example.org'],
      public: false,
    });
    await fakes.steps.sendEmails(id, 'I0', 'invitation');
    const answered = (await fakes.consultations.participantsOf(id, 'I0')).find(
      (participant) => participant.email === 'answered@example.org',
    );
    await fakes.consultations.putInviteeResponse(
      id,
      answered as never,
      { respondent: 'invited', respondedAt: openingDay, firstRespondedAt: openingDay, response: 'Yes' },
      undefined,
    );

    // Act
    await fakes.steps.sendEmails(id, 'I0', 'reminder');
    await fakes.steps.sendEmails(id, 'I0', 'reminder');
    fakes.clock.set('2026-06-30T23:00:00.000Z');
    const afterClose = await fakes.steps.sendEmails(id, 'I0', 'reminder');

    // Assess
    expect(recipientsOf(fakes, 'consultation-reminder')).toEqual(['quiet@example.org']);
    expect(afterClose.processed).toBe(0);
  });

  it('tells every participant the outcome once it is recorded, and nobody before', async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const { id } = await openedConsultation(fakes, {
      invite: ['a@example.org', 'b@example.org'],
      public: false,
    });
    const early = await fakes.steps.sendEmails(id, 'I0', 'outcome');
    await fakes.consultations.markClosed(id, '2026-07-01T00:00:00.000Z');
    await fakes.consultations.recordOutcome(id, {
      decision: 'proceed',
      summary: 'Going ahead.',
      recordedAt: '2026-07-02T09:00:00.000Z',
      recordedBy: owner.id,
    });

    // Act
    await fakes.steps.sendEmails(id, 'I0', 'outcome');
    await fakes.steps.sendEmails(id, 'I0', 'outcome');

    // Assess
    expect(early.processed).toBe(0);
    expect(recipientsOf(fakes, 'consultation-outcome')).toEqual(['a@example.org', 'b@example.org']);
    expect(contentsOf(fakes)[0]).toMatchObject({ decision: 'proceed', summary: 'Going ahead.' });
  });

  it('tells public respondents who left an email address the outcome once, and sends them nothing else', async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const view = await fakes.service.create(
      {
        title: 'Joint service',
        opensOn: '2026-06-02',
        closesOn: '2026-06-30',
        public: true,
        invite: ['a@example.org'],
      },
      owner,
    );
    fakes.clock.set(openingDay);
    const opened = await fakes.steps.open(view.id);
    const token = new URL(view.publicUrl ?? '').pathname.split('/').pop() ?? '';
    const client = { sourceIp: '192.0.2.1' };
    await fakes.service.respond(token, { response: 'Yes', name: 'Sam', email: 'Sam@Example.org' }, client);
    await fakes.service.respond(
      token,
      { response: 'And again', name: 'Sam', email: 'sam@example.org' },
      client,
    );
    await fakes.service.respond(token, { response: 'Anonymous' }, client);
    // Invited and responding publicly too: told once.
    await fakes.service.respond(token, { response: 'Also public', email: 'a@example.org' }, client);
    const publicShards = Array.from({ length: 16 }, (_, shard) => `P${shard}`);
    const beforeOutcome = await Promise.all(
      publicShards.map((shard) => fakes.steps.sendEmails(view.id, shard, 'reminder')),
    );
    await fakes.consultations.markClosed(view.id, '2026-07-01T00:00:00.000Z');
    await fakes.consultations.recordOutcome(view.id, {
      decision: 'proceed-with-changes',
      summary: 'Going ahead, later.',
      recordedAt: '2026-07-02T09:00:00.000Z',
      recordedBy: owner.id,
    });

    const { shards, shardsAtOnce } = await fakes.steps.listShards(view.id);

    // Act
    for (const shard of shards) await fakes.steps.sendEmails(view.id, shard, 'outcome');
    for (const shard of shards) await fakes.steps.sendEmails(view.id, shard, 'outcome');

    // Assess
    expect(opened.shards).toEqual(['I0']);
    expect(shards).toEqual(['I0', ...publicShards]);
    expect(shardsAtOnce).toBe(7);
    expect(beforeOutcome.every((result) => result.processed === 0)).toBe(true);
    expect(recipientsOf(fakes, 'consultation-reminder')).toEqual([]);
    expect(recipientsOf(fakes, 'consultation-outcome')).toEqual(['a@example.org', 'sam@example.org']);
    expect(contentsOf(fakes).find((content) => 'name' in content && content.name === 'Sam')).toMatchObject({
      kind: 'consultation-outcome',
      decision: 'proceed-with-changes',
    });
    expect((await fakes.service.get(view.id)).invited).toBe(1);
  });

  it('refuses a shard label that is not T<n>, I<n> or P<n>', async () => {
    // Prepare
    const fakes = stepsWithFakes();

    // Act
    const sending = fakes.steps.sendEmails('7d1f5c2e-4a8b-4c3d-9e6f-0a1b2c3d4e5f', 'public', 'invitation');

    // Assess
    await expect(sending).rejects.toThrow(ValidationError);
  });
});

describe('Function: consultationSteps.close', () => {
  it('closes the consultation and sends its owner the counts with every response as CSV, once', async () => {
    // Prepare
    const fakes = stepsWithFakes();
    const { id } = await openedConsultation(fakes, { invite: ['a@example.org'], public: true });
    const [participant] = await fakes.consultations.participantsOf(id, 'I0');
    await fakes.consultations.putInviteeResponse(
      id,
      participant as never,
      { respondent: 'invited', respondedAt: openingDay, firstRespondedAt: openingDay, response: 'Agreed' },
      undefined,
    );
    fakes.clock.set('2026-07-01T00:00:00.000Z');

    // Act
    await fakes.steps.close(id);
    await fakes.steps.close(id);

    // Assess
    expect((await fakes.service.get(id)).status).toBe('closed');
    expect(recipientsOf(fakes, 'consultation-summary')).toEqual([owner.id]);
    expect(contentsOf(fakes)[0]).toMatchObject({
      kind: 'consultation-summary',
      invited: 1,
      responded: 1,
      publicResponses: 0,
      link: `${publicBaseUrl}/consultations/${id}`,
      responsesCsv: expect.stringContaining('Agreed'),
    });
    expect([...fakes.ledger.records.values()].map((record) => record.recipientKey)).toContain(ownerLedgerKey);
  });
});
