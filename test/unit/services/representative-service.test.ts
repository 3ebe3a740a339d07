import { describe, expect, it } from 'vitest';
import { createLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import {
  ConflictError,
  EmployeeNumberMismatchError,
  ForbiddenError,
  InvalidLinkError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import { AlreadyVotedError, ElectionStageClosedError } from '../../../functions/domain/representatives.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import { notifier } from '../../../functions/services/notifier.ts';
import { representativeElectionSteps } from '../../../functions/services/representative-election-steps.ts';
import { representativeService } from '../../../functions/services/representative-service.ts';
import {
  InMemoryRepresentativeStore,
  inMemoryRepresentativeRepository,
} from '../../fixtures/domain/in-memory-representatives.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  noMetrics,
  plainRender,
  recordingMailer,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr.officer@council.example.org', roles: ['hr'] };
const manager: Actor = { id: 'manager@council.example.org', roles: ['manager'] };
const validElection = { seats: 2, nominationsCloseOn: '2026-06-10', ballotClosesOn: '2026-06-20' };

/** A transfer of `people` (the last of them excluded from scope), with every fake the service and steps use. */
function withFakes(people = 12) {
  const transferStore = new InMemoryTransferStore();
  const store = new InMemoryRepresentativeStore();
  const clock = fixedClock('2026-06-01T09:00:00.000Z');
  const mailer = recordingMailer();
  const workflows = recordingWorkflowStarter();
  const transfers = inMemoryTransferRepository(transferStore);
  const cases = inMemoryCaseRepository(transferStore);
  const representatives = inMemoryRepresentativeRepository(store);
  const notify = notifier({
    ledger: inMemoryEmailLedger(),
    send: mailer.send,
    render: plainRender,
    clock,
    recordMetric: noMetrics,
  });
  const transfer = storedTransfer({ nextRosterIndex: people });
  transferStore.putTransfer(transfer);
  transferStore.putCases(
    Array.from({ length: people }, (_, index) =>
      staffCase({
        transferId: transfer.id,
        shard: 0,
        employeeNumber: `E${index}`,
        name: `Person ${index}`,
        email: `person.${index}@council.example.org`,
        status: index === people - 1 ? 'excluded' : 'invited',
      }),
    ),
  );
  const readSecret = async () => secret;
  const service = representativeService({
    transfers,
    cases,
    representatives,
    startWorkflow: workflows.start,
    readSecret,
    clock,
  });
  const steps = representativeElectionSteps({
    transfers,
    cases,
    representatives,
    notify,
    clock,
    readSecret,
    publicBaseUrl: () => publicBaseUrl,
  });
  const link = (purpose: 'nomination' | 'ballot', index: number) =>
    createLinkToken(
      secret,
      { purpose, transferId: transfer.id, shard: 0, employeeNumber: `E${index}` },
      new Date('2026-12-01T00:00:00.000Z'),
    );
  const contents = (kind: EmailContent['kind']) =>
    mailer.sent
      .filter((email) => email.subject === kind)
      .map((email) => ({ to: email.to, content: JSON.parse(email.text) as EmailContent }));
  return { transfer, transferStore, store, clock, mailer, workflows, service, steps, link, contents };
}

/** An election with `standing` candidates (by roster index), nominations now closed. */
async function electionWithCandidates(fakes: ReturnType<typeof withFakes>, standing: number[]) {
  await fakes.service.startElection(fakes.transfer.id, validElection, hr);
  for (const index of standing) await fakes.service.stand(await fakes.link('nomination', index), `e${index}`);
  fakes.clock.set('2026-06-11T00:00:00.000Z');
  return fakes.steps.closeNominations(fakes.transfer.id);
}

describe('Service: representatives', () => {
  it('adds a representative with an audit entry and lists them with reg 13A for under 10 in scope', async () => {
    // Prepare
    const small = withFakes(10);
    const large = withFakes(12);

    // Act
    const added = await small.service.add(
      small.transfer.id,
      { kind: 'union', name: 'Pat Organiser', email: 'pat@union.example.org', union: 'UNISON' },
      hr,
    );
    const smallList = await small.service.list(small.transfer.id);
    const largeList = await large.service.list(large.transfer.id);

    // Assess
    expect(added).toMatchObject({
      kind: 'union',
      union: 'UNISON',
      addedBy: hr.id,
      addedAt: '2026-06-01T09:00:00.000Z',
    });
    expect(smallList).toEqual({ items: [added], directConsultationAllowed: true });
    expect(largeList.directConsultationAllowed).toBe(false);
    expect(small.transferStore.audit.get(small.transfer.id)?.at(-1)).toMatchObject({
      action: 'representative-added',
      detail: { representative: added.id, kind: 'union' },
    });
  });

  it('refuses a bad representative, and anyone but HR, storing nothing', async () => {
    // Prepare
    const fakes = withFakes();

    // Act
    const bad = await fakes.service
      .add(fakes.transfer.id, { kind: 'union', name: 'Pat', email: 'pat@x.org' }, hr)
      .catch((error: unknown) => error);
    const notHr = await fakes.service
      .add(fakes.transfer.id, { kind: 'employee', name: 'Pat', email: 'pat@x.org' }, manager)
      .catch((error: unknown) => error);

    // Assess
    expect(bad).toBeInstanceOf(ValidationError);
    expect(notHr).toBeInstanceOf(ForbiddenError);
    expect((await fakes.service.list(fakes.transfer.id)).items).toEqual([]);
  });
});

describe('Service: starting the election', () => {
  it('stores the election with its two timers, audits it and starts the nomination emails once', async () => {
    // Prepare
    const fakes = withFakes();

    // Act
    const started = await fakes.service.startElection(fakes.transfer.id, validElection, hr);
    const again = await fakes.service
      .startElection(fakes.transfer.id, validElection, hr)
      .catch((error: unknown) => error);

    // Assess
    expect(started).toEqual({
      ...validElection,
      status: 'nominating',
      candidates: [],
      turnout: { voted: 0, eligible: 11 },
    });
    expect(again).toBeInstanceOf(ConflictError);
    expect(
      fakes.store.timers.get(fakes.transfer.id)?.map((timer) => [timer.owner, timer.kind, timer.dueOn]),
    ).toEqual([
      ['transfer', 'representative-nominations-close', '2026-06-11'],
      ['transfer', 'representative-ballot-closes', '2026-06-21'],
    ]);
    expect(fakes.workflows.started).toEqual([
      expect.objectContaining({
        workflow: 'open-representative-nominations',
        input: { transferId: fakes.transfer.id },
      }),
    ]);
    expect(fakes.transferStore.audit.get(fakes.transfer.id)?.at(-1)?.action).toBe(
      'representative-election-started',
    );
  });

  it('refuses dates out of order and a transfer without staff', async () => {
    // Prepare
    const fakes = withFakes();
    const empty = withFakes(0);

    // Act
    const badDates = await fakes.service
      .startElection(fakes.transfer.id, { ...validElection, ballotClosesOn: '2026-06-05' }, hr)
      .catch((error: unknown) => error);
    const noStaff = await empty.service
      .startElection(empty.transfer.id, validElection, hr)
      .catch((error: unknown) => error);

    // Assess
    expect(badDates).toBeInstanceOf(ValidationError);
    expect(noStaff).toBeInstanceOf(ConflictError);
    expect(fakes.store.elections.size + empty.store.elections.size).toBe(0);
    expect(fakes.workflows.started).toEqual([]);
  });
});

describe('Service: nominations and the ballot through personal links', () => {
  it('records a person standing once, only with their own number and only while nominations are open', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);
    const link = await fakes.link('nomination', 3);

    // Act
    await fakes.service.stand(link, 'e3');
    await fakes.service.stand(link, 'E3');
    const wrong = await fakes.service.stand(link, 'E4').catch((error: unknown) => error);
    fakes.clock.set('2026-06-11T00:00:00.000Z');
    const late = await fakes.service
      .stand(await fakes.link('nomination', 5), 'E5')
      .catch((error: unknown) => error);

    // Assess
    expect(wrong).toBeInstanceOf(EmployeeNumberMismatchError);
    expect(late).toBeInstanceOf(ElectionStageClosedError);
    expect((await fakes.service.viewElection(fakes.transfer.id)).candidates).toEqual([
      { employeeNumber: 'E3', name: 'Person 3' },
    ]);
  });

  it('refuses a link of someone excluded from scope, and a ballot link on the nomination form', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);

    // Act
    const excluded = await fakes.service
      .openNomination(await fakes.link('nomination', 11))
      .catch((error: unknown) => error);
    const otherPurpose = await fakes.service
      .openNomination(await fakes.link('ballot', 2))
      .catch((error: unknown) => error);

    // Assess
    expect(excluded).toBeInstanceOf(InvalidLinkError);
    expect(otherPurpose).toBeInstanceOf(InvalidLinkError);
  });

  it('takes one vote a person for a candidate, kept apart from who voted', async () => {
    // Prepare
    const fakes = withFakes();
    expect(await electionWithCandidates(fakes, [1, 2, 3])).toEqual({ message: 'ballot' });
    const ballot = await fakes.link('ballot', 4);

    // Act
    await fakes.service.vote(ballot, 'E4', 'E1');
    const second = await fakes.service.vote(ballot, 'E4', 'E2').catch((error: unknown) => error);
    const notStanding = await fakes.service
      .vote(await fakes.link('ballot', 5), 'E5', 'E9')
      .catch((error: unknown) => error);
    const checked = await fakes.service.checkVoter(ballot, 'E4');

    // Assess
    expect(second).toBeInstanceOf(AlreadyVotedError);
    expect(notStanding).toBeInstanceOf(ValidationError);
    expect(checked).toEqual({ employeeNumber: 'E4', voted: true });
    expect([...(fakes.store.ballotBoxes.get(fakes.transfer.id)?.values() ?? [])]).toEqual(['E1']);
    expect([...(fakes.store.voted.get(fakes.transfer.id) ?? [])]).toEqual(['E4']);
    expect((await fakes.service.viewElection(fakes.transfer.id)).turnout).toEqual({ voted: 1, eligible: 11 });
  });
});

describe('Steps: the election workflow', () => {
  it('emails each person in scope of a shard their nomination link, once however often it runs', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);

    // Act
    const first = await fakes.steps.sendEmails(fakes.transfer.id, 0, 'nomination');
    await fakes.steps.sendEmails(fakes.transfer.id, 0, 'nomination');
    const offStage = await fakes.steps.sendEmails(fakes.transfer.id, 0, 'ballot');

    // Assess
    const sent = fakes.contents('representative-nomination');
    expect(first).toEqual({ processed: 11, sent: 11 });
    expect(offStage).toEqual({ processed: 0, sent: 0 });
    expect(sent).toHaveLength(11);
    expect(sent.map((email) => email.to)).not.toContain('person.11@council.example.org');
    expect(sent[0]?.content).toMatchObject({
      kind: 'representative-nomination',
      seats: 2,
      link: expect.stringMatching(`^${publicBaseUrl}/forms/nomination/`),
    });
  });

  it('elects the candidates unopposed when they fit the seats, tells HR, and sends no ballot', async () => {
    // Prepare
    const fakes = withFakes();

    // Act
    const closed = await electionWithCandidates(fakes, [1, 2]);
    await fakes.steps.sendEmails(fakes.transfer.id, 0, 'ballot');
    await fakes.steps.sendEmails(fakes.transfer.id, 0, 'result');

    // Assess
    const election = await fakes.service.viewElection(fakes.transfer.id);
    expect(closed).toEqual({ message: 'result' });
    expect(election.result).toMatchObject({
      unopposed: true,
      elected: [{ employeeNumber: 'E1' }, { employeeNumber: 'E2' }],
    });
    expect(fakes.contents('representative-ballot')).toEqual([]);
    expect(fakes.contents('representative-result')).toHaveLength(12);
    expect(
      fakes.contents('representative-result').find((email) => email.to === fakes.transfer.createdBy)?.content,
    ).toMatchObject({
      unopposed: true,
      link: `${publicBaseUrl}/transfers/${fakes.transfer.id}/representatives`,
    });
    expect(fakes.store.timers.get(fakes.transfer.id)?.map((timer) => timer.status)).toEqual([
      'pending',
      'cancelled',
    ]);
    expect(
      (await fakes.service.list(fakes.transfer.id)).items.map((item) => [item.employeeNumber, item.addedBy]),
    ).toEqual([
      ['E1', 'election'],
      ['E2', 'election'],
    ]);
  });

  it('counts the ballot once, records a tie for the last seat for HR rather than drawing, and tells HR once', async () => {
    // Prepare: E1 has 3 votes, E2 and E3 one each, for 2 seats.
    const fakes = withFakes();
    await electionWithCandidates(fakes, [1, 2, 3]);
    for (const [voter, candidate] of [
      [4, 'E1'],
      [5, 'E1'],
      [6, 'E1'],
      [7, 'E2'],
      [8, 'E3'],
    ] as const) {
      await fakes.service.vote(await fakes.link('ballot', voter), `E${voter}`, candidate);
    }
    fakes.clock.set('2026-06-21T00:00:00.000Z');

    // Act
    const counted = await fakes.steps.countVotes(fakes.transfer.id);
    const again = await fakes.steps.countVotes(fakes.transfer.id);

    // Assess
    const election = await fakes.service.viewElection(fakes.transfer.id);
    expect([counted, again]).toEqual([{ message: 'result' }, { message: 'result' }]);
    expect(election.result).toMatchObject({
      elected: [{ employeeNumber: 'E1', name: 'Person 1' }],
      votes: { E1: 3, E2: 1, E3: 1 },
      tie: { candidates: [{ employeeNumber: 'E2' }, { employeeNumber: 'E3' }], votes: 1, seats: 1 },
    });
    const toHr = fakes.contents('representative-result');
    expect(toHr).toHaveLength(1);
    expect(toHr[0]?.content).toMatchObject({ tied: ['Person 2', 'Person 3'], voted: 5, eligible: 11 });
    expect(fakes.transferStore.audit.get(fakes.transfer.id)?.at(-1)).toMatchObject({
      action: 'representative-votes-counted',
      detail: { candidates: 3, elected: 1, voted: 5, eligible: 11, tied: 2 },
    });
  });

  it('does nothing for a cancelled transfer', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);
    fakes.transferStore.putTransfer({ ...fakes.transferStore.view(fakes.transfer.id), status: 'cancelled' });

    // Act
    const closed = await fakes.steps.closeNominations(fakes.transfer.id);
    const sent = await fakes.steps.sendEmails(fakes.transfer.id, 0, 'nomination');

    // Assess
    expect(closed).toEqual({ message: 'none' });
    expect(sent).toEqual({ processed: 0, sent: 0 });
    expect(fakes.mailer.sent).toEqual([]);
  });
});
