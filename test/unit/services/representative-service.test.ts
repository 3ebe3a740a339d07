import { describe, expect, it } from 'vitest';
import { createLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import {
  ConflictError,
  EmployeeNumberMismatchError,
  ForbiddenError,
  InvalidLinkError,
  LinkLockedError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import { AlreadyVotedError, ElectionStageClosedError } from '../../../functions/domain/representatives.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import { peopleService } from '../../../functions/services/people-service.ts';
import { representativeElectionSteps } from '../../../functions/services/representative-election-steps.ts';
import { representativeService } from '../../../functions/services/representative-service.ts';
import {
  InMemoryRepresentativeStore,
  inMemoryRepresentativeRepository,
} from '../../fixtures/domain/in-memory-representatives.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryClientRateLimits,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  notifiersWith,
  recordingMailer,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr.officer@council.example.org', roles: ['hr'] };
const manager: Actor = { id: 'manager@council.example.org', roles: ['manager'] };
const client = { sourceIp: '192.0.2.10' };
const validElection = { seats: 2, nominationsCloseOn: '2026-06-10', ballotClosesOn: '2026-06-20' };

/** What was thrown, for asserting on it. */
const thrownBy = (call: () => Promise<unknown>) =>
  call().then(
    () => undefined,
    (error: unknown) => error,
  );

/** A transfer of `people` (the last of them excluded from scope), with every fake the service and steps use. */
function withFakes(people = 12) {
  const transferStore = new InMemoryTransferStore();
  const store = new InMemoryRepresentativeStore();
  const clock = fixedClock('2026-06-01T09:00:00.000Z');
  const ledger = inMemoryEmailLedger();
  // SES's Send events settle the ledger as each send is accepted, as they do for the steps' batched sends.
  const mailer = recordingMailer(ledger);
  const workflows = recordingWorkflowStarter();
  const transfers = inMemoryTransferRepository(transferStore);
  const cases = inMemoryCaseRepository(transferStore);
  const representatives = inMemoryRepresentativeRepository(store);
  const { notify, notifyMany } = notifiersWith({ ledger, send: mailer.send, clock });
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
  const clientLimits = inMemoryClientRateLimits();
  const service = representativeService({
    transfers,
    cases,
    representatives,
    startWorkflow: workflows.start,
    readSecret,
    clock,
    clientLimits,
  });
  // HR's clear of a locked link, as the person page calls it.
  const personActions = peopleService({
    transfers,
    cases,
    notify,
    clock,
    readSecret,
    publicBaseUrl: () => publicBaseUrl,
    getCase: async (id, employeeNumber) => ({
      ...(await cases.get(id, 0, employeeNumber)),
      notifications: [],
    }),
  });
  const steps = representativeElectionSteps({
    transfers,
    cases,
    representatives,
    notify,
    notifyMany,
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
  const stored = (index: number) => transferStore.casesOf(transfer.id).get(`E${index}`);
  return {
    transfer,
    transferStore,
    store,
    clock,
    mailer,
    workflows,
    service,
    steps,
    personActions,
    link,
    contents,
    stored,
  };
}

/** An election with `standing` candidates (by roster index), nominations now closed. */
async function electionWithCandidates(fakes: ReturnType<typeof withFakes>, standing: number[]) {
  await fakes.service.startElection(fakes.transfer.id, validElection, hr);
  for (const index of standing)
    await fakes.service.stand(await fakes.link('nomination', index), `e${index}`, client);
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
    await fakes.service.stand(link, 'e3', client);
    await fakes.service.stand(link, 'E3', client);
    const wrong = await fakes.service.stand(link, 'E4', client).catch((error: unknown) => error);
    fakes.clock.set('2026-06-11T00:00:00.000Z');
    const late = await fakes.service
      .stand(await fakes.link('nomination', 5), 'E5', client)
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
    await fakes.service.vote(ballot, 'E4', 'E1', client);
    const second = await fakes.service.vote(ballot, 'E4', 'E2', client).catch((error: unknown) => error);
    const notStanding = await fakes.service
      .vote(await fakes.link('ballot', 5), 'E5', 'E9', client)
      .catch((error: unknown) => error);
    const checked = await fakes.service.checkVoter(ballot, 'E4', client);

    // Assess
    expect(second).toBeInstanceOf(AlreadyVotedError);
    expect(notStanding).toBeInstanceOf(ValidationError);
    expect(checked).toEqual({ employeeNumber: 'E4', voted: true });
    expect([...(fakes.store.ballotBoxes.get(fakes.transfer.id)?.values() ?? [])]).toEqual(['E1']);
    expect([...(fakes.store.voted.get(fakes.transfer.id) ?? [])]).toEqual(['E4']);
    expect((await fakes.service.viewElection(fakes.transfer.id)).turnout).toEqual({ voted: 1, eligible: 11 });
  });
});

describe('Service: wrong employee numbers on nomination and ballot links', () => {
  it('locks the link on the fifth wrong number as the pension form does, refusing even the right one and recording nothing', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);
    const nomination = await fakes.link('nomination', 3);

    // Act
    const answers = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      answers.push(await thrownBy(() => fakes.service.stand(nomination, `E9${attempt}`, client)));
    }
    const rightNumber = await thrownBy(() => fakes.service.stand(nomination, 'E3', client));
    const ballot = await fakes.link('ballot', 3);
    const onTheBallot = await thrownBy(() => fakes.service.checkVoter(ballot, 'E3', client));

    // Assess
    expect(answers.slice(0, 4).every((error) => error instanceof EmployeeNumberMismatchError)).toBe(true);
    expect(answers[4]).toBeInstanceOf(LinkLockedError);
    expect((answers[4] as LinkLockedError).until).toBe('2026-06-01T09:15:00.000Z');
    expect(rightNumber).toBeInstanceOf(LinkLockedError);
    expect(onTheBallot).toBeInstanceOf(LinkLockedError);
    expect((await fakes.service.viewElection(fakes.transfer.id)).candidates).toEqual([]);
    // The same count on the person's case as the pension link's: the person page shows it, HR clears it.
    expect(fakes.stored(3)?.lockout).toMatchObject({
      wrongAttempts: 5,
      lockedUntil: '2026-06-01T09:15:00.000Z',
    });
    expect(fakes.stored(3)?.history.map((event) => event.action)).toEqual([
      ...Array(5).fill('wrong-employee-number'),
      'link-locked',
    ]);
  });

  it('counts wrong numbers on the ballot link too, and takes the right one once HR clears the lock', async () => {
    // Prepare
    const fakes = withFakes();
    await electionWithCandidates(fakes, [1, 2, 3]);
    const ballot = await fakes.link('ballot', 4);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await thrownBy(() => fakes.service.checkVoter(ballot, `E9${attempt}`, client));
    }
    const locked = await thrownBy(() => fakes.service.checkVoter(ballot, 'E4', client));

    // Act
    await fakes.personActions.clearLockout(fakes.transfer.id, 'E4', hr);
    const checked = await fakes.service.checkVoter(ballot, 'E4', client);

    // Assess
    expect(locked).toBeInstanceOf(LinkLockedError);
    expect(checked).toEqual({ employeeNumber: 'E4', voted: false });
    expect(fakes.stored(4)?.lockout).toBeUndefined();
    expect(fakes.stored(4)?.history.at(-1)?.action).toBe('link-unlocked');
  });
});

describe('Service: the forms of a cancelled transfer', () => {
  it('says the election is closed, even once its people are deleted, and records nothing', async () => {
    // Prepare
    const fakes = withFakes();
    await fakes.service.startElection(fakes.transfer.id, validElection, hr);
    await fakes.service.stand(await fakes.link('nomination', 1), 'E1', client);
    fakes.transferStore.putTransfer({ ...fakes.transferStore.view(fakes.transfer.id), status: 'cancelled' });
    fakes.transferStore.casesOf(fakes.transfer.id).delete('E2');
    const nomination = await fakes.link('nomination', 2);
    const ballot = await fakes.link('ballot', 3);

    // Act
    const nominationForm = await fakes.service.openNomination(nomination);
    const ballotForm = await fakes.service.openBallot(ballot);
    const standing = await thrownBy(() => fakes.service.stand(nomination, 'E2', client));
    const voting = await thrownBy(() => fakes.service.vote(ballot, 'E3', 'E1', client));

    // Assess
    expect(nominationForm).toMatchObject({ open: false, cancelled: true, candidates: [] });
    expect(ballotForm).toMatchObject({ open: false, cancelled: true, candidates: [] });
    expect(standing).toBeInstanceOf(ElectionStageClosedError);
    expect(voting).toBeInstanceOf(ElectionStageClosedError);
    expect((await fakes.service.viewElection(fakes.transfer.id)).candidates).toHaveLength(1);
    expect(fakes.stored(3)?.history).toEqual([]);
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
      await fakes.service.vote(await fakes.link('ballot', voter), `E${voter}`, candidate, client);
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
