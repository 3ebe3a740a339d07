import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../functions/domain/errors.ts';
import { employeeKey } from '../../../functions/domain/roster.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';
import type {
  CaseStatus,
  Milestone,
  MilestoneRecord,
  StaffCase,
  Transfer,
  TransferStatus,
} from '../../../functions/domain/transfer.ts';
import { milestonesOf } from '../../../functions/domain/transfer-rules.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import { transferChangeSteps, transferChangesService } from '../../../functions/services/transfer-changes.ts';
import { transferService } from '../../../functions/services/transfer-service.ts';
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
import { fixedClock, noonToday, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr.lead@council.example.org', roles: ['hr'] };

function world(now: Date | string = noonToday) {
  const store = new InMemoryTransferStore();
  const ledger = inMemoryEmailLedger();
  // SES's Send events settle the ledger as each send is accepted, as they do for the steps' batched sends.
  const mailer = recordingMailer(ledger);
  const clock = fixedClock(now);
  const workflows = recordingWorkflowStarter();
  const timers = inMemoryTimerRepository();
  const transfers = inMemoryTransferRepository(store, timers);
  const cases = inMemoryCaseRepository(store);
  const { notify, notifyMany } = notifiersWith({ ledger, send: mailer.send, clock });
  const shared = {
    transfers,
    cases,
    notify,
    notifyMany,
    clock,
    readSecret: async () => secret,
    publicBaseUrl: () => publicBaseUrl,
  };
  const reading = transferService({ transfers, cases, ledger, startWorkflow: workflows.start, clock });
  /** The transfers whose employee liability information was given. */
  const given = new Set<string>();
  const service = transferChangesService({
    ...shared,
    startWorkflow: workflows.start,
    timers,
    getCase: (id, employeeNumber) => reading.getCase(id, employeeNumber),
    liabilityGiven: async (id) => given.has(id),
  });
  const steps = transferChangeSteps(shared);
  return { store, ledger, mailer, clock, workflows, service, steps, transfers, given, timers };
}

/** A transfer in `status` with its milestones and one person a status, as `E-<status>`. */
function withPeople(
  store: InMemoryTransferStore,
  status: TransferStatus,
  statuses: CaseStatus[],
  overrides: Partial<Transfer> = {},
): { transfer: Transfer; people: StaffCase[] } {
  const transfer = storedTransfer({
    status,
    nextRosterIndex: statuses.length,
    ...(status === 'draft' ? {} : { launchedAt: '2026-05-02T09:00:00.000Z' }),
    ...overrides,
  });
  store.putTransfer(transfer);
  if (status !== 'draft') store.putMilestones(transfer.id, milestonesOf(transfer));
  const people = statuses.map((caseStatus, index) =>
    staffCase({
      transferId: transfer.id,
      employeeNumber: `E-${caseStatus}-${index}`,
      name: `Person ${index}`,
      email: `person.${index}@council.example.org`,
      status: caseStatus,
      ...(caseStatus === 'elected'
        ? { election: { option: 'NHSPS', how: 'staff', at: '2026-05-20T10:00:00.000Z' } }
        : {}),
    }),
  );
  store.putCases(people);
  return { transfer, people };
}

const contentsOf = (mailer: ReturnType<typeof recordingMailer>): Array<EmailContent & { to: string }> =>
  mailer.sent.map((email) => ({ ...(JSON.parse(email.text) as EmailContent), to: email.to }));

const milestoneOf = (milestones: readonly MilestoneRecord[], kind: Milestone['kind']) =>
  milestones.find((milestone) => milestone.kind === kind);

describe('Function: transferChangesService.moveDates', () => {
  it('stores the new dates, moves pending milestones, audits who moved what and starts the notification', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);

    // Act
    const view = await service.moveDates(
      transfer.id,
      { transferDate: '2026-11-02', electionClosesOn: '2026-10-16' },
      hr,
    );

    // Assess
    expect(view.transferDate).toBe('2026-11-02');
    expect(view.pension.electionClosesOn).toBe('2026-10-16');
    expect(view.dateChanges).toBe(1);
    expect(milestoneOf(view.milestones, 'transfer-day')).toMatchObject({
      dueOn: '2026-11-02',
      status: 'pending',
    });
    expect(milestoneOf(view.milestones, 'election-closes')).toMatchObject({ dueOn: '2026-10-16' });
    expect(store.audit.get(transfer.id)).toEqual(
      expect.arrayContaining([
        {
          at: noonToday.toISOString(),
          by: hr.id,
          action: 'transfer-date-moved',
          detail: { change: 1, from: '2026-10-01', to: '2026-11-02' },
        },
        {
          at: noonToday.toISOString(),
          by: hr.id,
          action: 'election-deadline-moved',
          detail: { change: 1, from: '2026-09-15', to: '2026-10-16' },
        },
      ]),
    );
    expect(workflows.started).toEqual([
      {
        workflow: 'notify-date-change',
        name: `${transfer.id}-date-change-1`,
        input: { transferId: transfer.id, milestone: 'date-change', change: 1 },
      },
    ]);
    // Tracked like the launch: should the run die or fail, the sweep finds it and runs it again.
    expect(store.milestoneItems.get(transfer.id)?.get('date-change')).toMatchObject({
      status: 'running',
      attempt: 1,
      change: 1,
      executionName: `${transfer.id}-date-change-1`,
    });
  });

  it('numbers each change and leaves a milestone that is done where it was', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'election-closed', ['defaulted']);
    const done = store.milestoneItems.get(transfer.id)?.get('election-closes') as Milestone;
    done.status = 'done';

    // Act
    await service.moveDates(transfer.id, { transferDate: '2026-11-02' }, hr);
    const view = await service.moveDates(transfer.id, { transferDate: '2026-12-01' }, hr);

    // Assess
    expect(
      workflows.started.map((execution) =>
        'change' in execution.input ? execution.input.change : undefined,
      ),
    ).toEqual([1, 2]);
    expect(milestoneOf(view.milestones, 'transfer-day')?.dueOn).toBe('2026-12-01');
    expect(milestoneOf(view.milestones, 'election-closes')).toMatchObject({
      dueOn: '2026-09-15',
      status: 'done',
    });
  });

  it('moves the dates of a draft without telling anyone', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'draft', ['imported']);

    // Act
    const view = await service.moveDates(transfer.id, { electionClosesOn: '2026-09-01' }, hr);

    // Assess
    expect(view.pension.electionClosesOn).toBe('2026-09-01');
    expect(workflows.started).toEqual([]);
    expect(store.milestoneItems.get(transfer.id)?.get('date-change')).toBeUndefined();
  });

  it('stores nothing and starts nothing for bad dates, unknown fields or a completed transfer', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);
    const { transfer: completed } = withPeople(store, 'completed', ['transferred']);
    store.writes.length = 0;

    // Act
    const answers = await Promise.allSettled([
      service.moveDates(transfer.id, { transferDate: '2026-05-01' }, hr),
      service.moveDates(transfer.id, { electionClosesOn: '2026-10-05' }, hr),
      service.moveDates(transfer.id, { transferDate: '2026-11-02', name: 'x' }, hr),
      service.moveDates(completed.id, { transferDate: '2026-11-02' }, hr),
      service.moveDates(transfer.id, { transferDate: '2026-11-02' }, { id: 'm@x', roles: ['manager'] }),
    ]);

    // Assess
    const reasons = answers.map((answer) => (answer.status === 'rejected' ? answer.reason : undefined));
    expect(reasons.slice(0, 3).every((reason) => reason instanceof ValidationError)).toBe(true);
    expect(reasons[3]).toBeInstanceOf(ConflictError);
    expect(reasons[4]).toBeInstanceOf(ForbiddenError);
    expect(store.writes).toEqual([]);
    expect(workflows.started).toEqual([]);
  });
});

describe('Function: transferChangesService.previewDates', () => {
  it('answers the moves, the milestones that move and who is emailed, storing and starting nothing', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'launched', ['invited', 'elected', 'objected']);
    store.writes.length = 0;

    // Act
    const preview = await service.previewDates(transfer.id, { transferDate: '2026-11-02' }, hr);

    // Assess
    expect(preview.moves).toEqual([{ field: 'transferDate', from: '2026-10-01', to: '2026-11-02' }]);
    expect(preview.milestones.map((milestone) => [milestone.kind, milestone.dueOn])).toContainEqual([
      'transfer-day',
      '2026-11-02',
    ]);
    expect(preview.milestones.map((milestone) => milestone.kind)).not.toContain('election-closes');
    expect(preview.emailed).toBe(2);
    expect(store.writes).toEqual([]);
    expect(workflows.started).toEqual([]);
  });

  it('refuses what moveDates refuses, with the same errors', async () => {
    // Prepare
    const { store, service } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);

    // Act
    const refused = service.previewDates(transfer.id, { electionClosesOn: '2026-10-05' }, hr);

    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ path: 'electionClosesOn', message: 'The election must close before the transfer date' }],
    });
  });
});

describe('Function: transferChangeSteps.notifyDateChange', () => {
  it('records the move in the history of each person in scope and emails each once, with a link while choosing', async () => {
    // Prepare
    const { store, service, steps, mailer } = world();
    const { transfer, people } = withPeople(store, 'launched', [
      'invited',
      'elected',
      'objected',
      'excluded',
    ]);
    await service.moveDates(transfer.id, { transferDate: '2026-11-02' }, hr);

    // Act
    const first = await steps.notifyDateChange(transfer.id, 0, 1);
    const repeated = await steps.notifyDateChange(transfer.id, 0, 1);

    // Assess
    expect(first).toEqual({ processed: 2, sent: 2 });
    // The repeat counts the emails sent before it too: the ledger answers that they went.
    expect(repeated).toEqual({ processed: 2, sent: 2 });
    const emails = contentsOf(mailer);
    expect(emails.map((email) => email.to).sort()).toEqual([
      'person.0@council.example.org',
      'person.1@council.example.org',
    ]);
    expect(emails[0]).toMatchObject({
      kind: 'dates-moved',
      transferDate: '2026-11-02',
      previousTransferDate: '2026-10-01',
      electionClosesOn: '2026-09-15',
      link: expect.stringMatching(/^https:\/\/transfer-desk\.example\.org\/forms\/pension\//),
    });
    expect(emails[0]).not.toHaveProperty('previousElectionClosesOn');
    const invited = store.caseOf(transfer.id, people[0]?.employeeNumber ?? '');
    expect(invited.history.filter((event) => event.action === 'transfer-date-moved')).toEqual([
      {
        at: noonToday.toISOString(),
        by: hr.id,
        action: 'transfer-date-moved',
        from: '2026-10-01',
        to: '2026-11-02',
      },
    ]);
    expect(store.caseOf(transfer.id, people[2]?.employeeNumber ?? '').history).toEqual([]);
  });

  it('sends a second change as a second email, without a link once the election has closed', async () => {
    // Prepare
    const { store, service, steps, mailer, clock } = world();
    const { transfer } = withPeople(store, 'election-closed', ['defaulted']);
    (store.milestoneItems.get(transfer.id)?.get('election-closes') as Milestone).status = 'done';
    clock.set('2026-09-20T10:00:00.000Z');
    await service.moveDates(transfer.id, { transferDate: '2026-11-02' }, hr);
    await service.moveDates(transfer.id, { transferDate: '2026-12-01' }, hr);

    // Act
    await steps.notifyDateChange(transfer.id, 0, 1);
    await steps.notifyDateChange(transfer.id, 0, 2);

    // Assess
    const emails = contentsOf(mailer);
    expect(emails.map((email) => email.kind === 'dates-moved' && email.previousTransferDate)).toEqual([
      '2026-10-01',
      '2026-11-02',
    ]);
    expect(emails.every((email) => !('link' in email))).toBe(true);
  });

  it('tells no one when the transfer was cancelled in the meantime', async () => {
    // Prepare
    const { store, service, steps, mailer } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);
    await service.moveDates(transfer.id, { transferDate: '2026-11-02' }, hr);
    await service.cancel(transfer.id, hr);

    // Act
    const result = await steps.notifyDateChange(transfer.id, 0, 1);

    // Assess
    expect(result).toEqual({ processed: 0, sent: 0 });
    expect(mailer.sent).toEqual([]);
  });

  it("records an earlier change whose run failed in the later change's run, emailing the latest dates once", async () => {
    // Prepare
    const { store, service, steps, mailer, clock } = world();
    const { transfer, people } = withPeople(store, 'launched', ['invited']);
    await service.moveDates(transfer.id, { transferDate: '2026-11-02' }, hr);
    clock.set('2026-05-20T13:00:00.000Z');
    await service.moveDates(transfer.id, { transferDate: '2026-12-01' }, hr);

    // Act: change 1's run never told anyone; change 2's run (and a repeat of it) does.
    await steps.notifyDateChange(transfer.id, 0, 2);
    await steps.notifyDateChange(transfer.id, 0, 2);

    // Assess
    const history = store.caseOf(transfer.id, people[0]?.employeeNumber ?? '').history;
    expect(
      history.filter((event) => event.action === 'transfer-date-moved').map(({ from, to }) => [from, to]),
    ).toEqual([
      ['2026-10-01', '2026-11-02'],
      ['2026-11-02', '2026-12-01'],
    ]);
    const emails = contentsOf(mailer);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      kind: 'dates-moved',
      transferDate: '2026-12-01',
      previousTransferDate: '2026-11-02',
    });
  });
});

describe('Function: transferChangesService.cancel', () => {
  it('cancels the transfer and its pending milestones and starts the cancel workflow', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'launched', ['invited', 'elected']);

    // Act
    const view = await service.cancel(transfer.id, hr);

    // Assess
    expect(view.status).toBe('cancelled');
    expect(view.milestones.every((milestone) => milestone.status === 'cancelled')).toBe(true);
    expect(view.counts).toMatchObject({ invited: 1, elected: 1 });
    expect(workflows.started).toEqual([
      {
        workflow: 'cancel-transfer',
        name: `${transfer.id}-cancel`,
        input: { transferId: transfer.id, milestone: 'cancel' },
      },
    ]);
    expect(store.audit.get(transfer.id)?.at(-1)).toMatchObject({ by: hr.id, action: 'cancelled' });
    expect(store.milestoneItems.get(transfer.id)?.get('cancel')).toMatchObject({
      status: 'running',
      attempt: 1,
      executionName: `${transfer.id}-cancel`,
    });
  });

  it("cancels its election's pending timers with it, reading them again when a sweep started one meanwhile", async () => {
    // Prepare: the election's two timers, and a contract's that is not the transfer's.
    const { store, service, timers } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);
    const nominations = pendingTimer(
      'transfer',
      transfer.id,
      'representative-nominations-close',
      '2026-06-11',
    );
    const ballot = pendingTimer('transfer', transfer.id, 'representative-ballot-closes', '2026-06-21');
    const contract = pendingTimer('contract', 'contract-1', 'renewal-escalation', '2026-06-11');
    for (const timer of [nominations, ballot, contract]) await timers.putOnce(timer);
    // The sweep starts the nominations timer just after the cancellation read it as pending.
    const read = timers.forOwner;
    let reads = 0;
    timers.forOwner = async (owner, ownerId) => {
      const found = await read(owner, ownerId);
      if (++reads === 1) await timers.markStarted(nominations, 'sweep-run', '2026-06-11T00:00:05.000Z');
      return found;
    };

    // Act
    const view = await service.cancel(transfer.id, hr);

    // Assess
    const statuses = [...timers.timers.values()].map((timer) => [timer.ownerId, timer.kind, timer.status]);
    expect(view.status).toBe('cancelled');
    expect(reads).toBe(2);
    expect(statuses).toEqual([
      [transfer.id, 'representative-nominations-close', 'running'],
      [transfer.id, 'representative-ballot-closes', 'cancelled'],
      ['contract-1', 'renewal-escalation', 'pending'],
    ]);
  });

  it('changes nothing more when asked again, and refuses a completed transfer with a 409', async () => {
    // Prepare
    const { store, service, workflows } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);
    const { transfer: completed } = withPeople(store, 'completed', ['transferred']);
    await service.cancel(transfer.id, hr);
    store.writes.length = 0;

    // Act
    await service.cancel(transfer.id, hr);
    const refused = await service.cancel(completed.id, hr).catch((error: unknown) => error);

    // Assess
    expect(store.writes).toEqual([]);
    expect(workflows.started).toHaveLength(1);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(store.transfers.get(completed.id)?.status).toBe('completed');
  });
});

describe('Function: transferChangeSteps.cancelShard', () => {
  it('tells each person who knew of the transfer once, then deletes everyone, keeping the counts', async () => {
    // Prepare
    const { store, service, steps, mailer, transfers } = world();
    const { transfer } = withPeople(store, 'launched', ['imported', 'invited', 'defaulted', 'objected']);
    await service.cancel(transfer.id, hr);

    // Act
    const result = await steps.cancelShard(transfer.id, 0);
    const repeated = await steps.cancelShard(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 4, sent: 3 });
    expect(repeated).toEqual({ processed: 0, sent: 0 });
    expect(
      contentsOf(mailer)
        .map((email) => [email.kind, email.to])
        .sort(),
    ).toEqual([
      ['transfer-cancelled', 'person.1@council.example.org'],
      ['transfer-cancelled', 'person.2@council.example.org'],
      ['transfer-cancelled', 'person.3@council.example.org'],
    ]);
    expect(store.casesOf(transfer.id).size).toBe(0);
    expect(store.deletedPeople.map((person) => person.employeeKey).sort()).toEqual(
      ['E-imported-0', 'E-invited-1', 'E-defaulted-2', 'E-objected-3'].map(employeeKey).sort(),
    );
    expect((await transfers.get(transfer.id)).total).toBe(4);
  });

  it('deletes a cancelled draft without emailing anyone', async () => {
    // Prepare
    const { store, service, steps, mailer } = world();
    const { transfer } = withPeople(store, 'draft', ['imported', 'imported']);
    await service.cancel(transfer.id, hr);

    // Act
    await steps.cancelShard(transfer.id, 0);

    // Assess
    expect(mailer.sent).toEqual([]);
    expect(store.casesOf(transfer.id).size).toBe(0);
  });

  it('deletes no one from a transfer that is not cancelled', async () => {
    // Prepare
    const { store, steps } = world();
    const { transfer } = withPeople(store, 'launched', ['invited']);

    // Act
    const result = await steps.cancelShard(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 0, sent: 0 });
    expect(store.casesOf(transfer.id).size).toBe(1);
  });
});

describe('Function: transferChangesService.recordObjection', () => {
  it('records the objection, drops the election from the tallies and keeps the note on the case', async () => {
    // Prepare
    const { store, service, mailer } = world();
    const { transfer, people } = withPeople(store, 'launched', ['elected']);
    const person = people[0] as StaffCase;

    // Act
    const view = await service.recordObjection(
      transfer.id,
      person.employeeNumber,
      { receivedOn: '2026-05-29', note: 'Letter in file 12' },
      hr,
    );

    // Assess
    expect(view.status).toBe('objected');
    expect(view.election).toBeUndefined();
    expect(view.objection).toMatchObject({
      receivedOn: '2026-05-29',
      note: 'Letter in file 12',
      recordedBy: hr.id,
    });
    expect(view.history.at(-1)).toMatchObject({ by: hr.id, action: 'objected', receivedOn: '2026-05-29' });
    const after = store.view(transfer.id);
    expect(after.counts).toMatchObject({ elected: 0, objected: 1 });
    expect(after.elections).toMatchObject({ NHSPS: 0 });
    expect(mailer.sent).toEqual([]);
  });

  it('emails HR once with a link to the person when the liability information has been given', async () => {
    // Prepare
    const { store, service, mailer, given } = world();
    const { transfer, people } = withPeople(store, 'launched', ['invited']);
    given.add(transfer.id);
    const person = people[0] as StaffCase;

    // Act
    await service.recordObjection(transfer.id, person.employeeNumber, { receivedOn: '2026-05-29' }, hr);
    const repeated = await service.recordObjection(
      transfer.id,
      person.employeeNumber,
      { receivedOn: '2026-05-29' },
      hr,
    );

    // Assess
    expect(repeated.status).toBe('objected');
    expect(contentsOf(mailer)).toEqual([
      {
        kind: 'objection-after-liability-information',
        to: transfer.createdBy,
        transferName: transfer.name,
        transferee: transfer.transferee,
        employeeNumber: person.employeeNumber,
        receivedOn: '2026-05-29',
        link: `${publicBaseUrl}/transfers/${transfer.id}/staff/${person.employeeNumber}`,
      },
    ]);
    expect(repeated.notifications.map((record) => record.purpose)).toEqual([
      'objection-after-liability-information',
    ]);
  });

  it('does not email HR when the T-28 milestone is done by its escalation but nothing was given', async () => {
    // Prepare
    const { store, service, mailer } = world();
    const { transfer, people } = withPeople(store, 'launched', ['invited']);
    store.putMilestones(transfer.id, [
      {
        kind: 'liability-information-due',
        dueOn: '2026-09-03',
        dueAt: '2026-09-02T23:00:00.000Z',
        status: 'done',
      },
    ]);
    const person = people[0] as StaffCase;

    // Act
    const answer = await service.recordObjection(
      transfer.id,
      person.employeeNumber,
      { receivedOn: '2026-05-29' },
      hr,
    );

    // Assess
    expect(answer.status).toBe('objected');
    expect(contentsOf(mailer)).toEqual([]);
  });

  it('stores nothing for a date on or after the transfer date, in the future, or a person already gone', async () => {
    // Prepare
    const { store, service } = world();
    const { transfer, people } = withPeople(store, 'launched', ['invited', 'transferred']);
    store.writes.length = 0;

    // Act
    const answers = await Promise.allSettled([
      service.recordObjection(transfer.id, people[0]?.employeeNumber ?? '', { receivedOn: '2026-10-01' }, hr),
      service.recordObjection(transfer.id, people[0]?.employeeNumber ?? '', { receivedOn: '2026-06-02' }, hr),
      service.recordObjection(transfer.id, people[1]?.employeeNumber ?? '', { receivedOn: '2026-05-02' }, hr),
    ]);

    // Assess
    const reasons = answers.map((answer) => (answer.status === 'rejected' ? answer.reason : undefined));
    expect(reasons[0]).toBeInstanceOf(ValidationError);
    expect(reasons[1]).toBeInstanceOf(ValidationError);
    expect(reasons[2]).toBeInstanceOf(ConflictError);
    expect(store.writes).toEqual([]);
  });
});
