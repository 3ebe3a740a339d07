/**
 * When reality moves, through the local stack's HTTP API and its clock: a transfer date moved twice
 * (pending milestones move each time, done ones stay, each person is told once per change, the history
 * says who moved what from when to when); bad moves refused with nothing changed; objections (the
 * person leaves the election and their employment ends on transfer day; one after the liability
 * information went out emails HR); a cancel (staff told once, links dead, personal data gone, counts
 * kept) and a refused cancel of a completed transfer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  moveClockTo,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  submitForm,
  sweep,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface MilestoneAnswer {
  kind: string;
  dueOn: string;
  status: string;
}

interface TransferAnswer {
  /** The launch's record: `done` once every invitation went out. */
  launch?: { status: string; sent?: number };
  /** Telling staff of the latest date change: `done` with the emails sent once everyone was told. */
  dateChange?: { status: string; sent?: number; change?: number };
  /** Telling staff of the cancellation: `done` once everyone was told and deleted. */
  cancellation?: { status: string; sent?: number };
  id: string;
  status: string;
  total: number;
  transferDate: string;
  pension: { electionClosesOn: string };
  counts: Record<string, number>;
  elections: Record<string, number>;
  milestones: MilestoneAnswer[];
}

interface CaseAnswer {
  status: string;
  election?: { option: string };
  history: Array<{ at: string; by: string; action: string; from?: string; to?: string; receivedOn?: string }>;
  notifications: Array<{ purpose: string }>;
}

interface LaunchedTransfer {
  id: string;
  people: RosterRowFixture[];
  input: ReturnType<typeof pensionTransferInput>;
}

const hrEmail = 'hr.reality@example.org';
/** The transferee's HR contact of the objections transfer, given its liability information late. */
const transfereeContact = { name: 'Trust HR', email: 'trust.hr.reality@example.org' };

const emailsTo = (emails: readonly OutboxEmail[], address: string) =>
  emails.filter((email) => email.to.includes(address));
const withSubject = (emails: readonly OutboxEmail[], pattern: RegExp) =>
  emails.filter((email) => pattern.test(email.subject));

describe('Journey: when reality moves', () => {
  let hr: ReturnType<typeof api>;
  let today: string;
  let moved: LaunchedTransfer;
  let objecting: LaunchedTransfer;

  const getTransfer = async (id: string) => (await hr.get(`/api/transfers/${id}`)).json as TransferAnswer;
  const getCase = async (id: string, employeeNumber: string) =>
    (await hr.get(`/api/transfers/${id}/staff/${employeeNumber}`)).json as CaseAnswer;
  const milestone = (transfer: TransferAnswer, kind: string) =>
    transfer.milestones.find((candidate) => candidate.kind === kind);

  /** Creates, imports and launches a transfer, and waits until everyone is invited. */
  const launchTransfer = async (
    name: string,
    size: number,
    extra: Record<string, unknown> = {},
  ): Promise<LaunchedTransfer> => {
    const input = { ...pensionTransferInput(today, addDays, name), ...extra };
    const people = rosterRows(size);
    const created = await hr.post('/api/transfers', input);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await hr.post(`/api/transfers/${id}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${id}/launch`)).status).toBe(202);
    await waitFor(`${name}: everyone invited`, async () =>
      (await getTransfer(id)).launch?.status === 'done' ? true : undefined,
    );
    return { id, people, input };
  };

  /** Waits until each person has `count` emails whose subject matches, and answers everyone's emails. */
  const waitForEmails = async (people: readonly RosterRowFixture[], subject: RegExp, count: number) =>
    waitFor(`${count} email(s) matching ${subject} to each person`, async () => {
      const emails = await outbox();
      const done = people.every(
        (person) => withSubject(emailsTo(emails, person.email), subject).length >= count,
      );
      return done ? emails : undefined;
    });

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    [moved, objecting] = await Promise.all([
      launchTransfer('Dates moved twice (test)', 6),
      launchTransfer('Objections (test)', 4, { transfereeContact }),
    ]);
    // The first person of the objections transfer chooses the NHS scheme on the form.
    const chooser = objecting.people[0] as RosterRowFixture;
    const link = pensionLinkIn(emailsTo(await outbox(), chooser.email)[0] as OutboxEmail);
    const form = await openForm(link);
    const chosen = await submitForm(
      `${link}/confirm`,
      { employeeNumber: chooser.employeeNumber, option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );
    expect([200, 303]).toContain(chosen.status);
  });

  it('refuses bad date moves with a clear 4xx and changes nothing', async () => {
    // Prepare
    const before = await getTransfer(moved.id);
    const path = `/api/transfers/${moved.id}`;

    // Act
    const past = await hr.patch(path, { transferDate: addDays(today, -1) });
    const electionAfterTransfer = await hr.patch(path, { electionClosesOn: addDays(today, 80) });
    const unknownField = await hr.patch(path, { transferDate: addDays(today, 80), name: 'Renamed' });
    const notJson = await hr.raw('PATCH', path, 'transferDate=2030-01-01', 'text/plain');
    const nothing = await hr.patch(path, {});

    // Assess
    expect(past.status).toBe(422);
    expect(past.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(past.json.errors).toContainEqual({
      path: 'transferDate',
      message: 'The transfer date must be in the future',
    });
    expect(electionAfterTransfer.status).toBe(422);
    expect(electionAfterTransfer.json.errors).toContainEqual({
      path: 'electionClosesOn',
      message: 'The election must close before the transfer date',
    });
    expect(unknownField.status).toBe(422);
    expect(unknownField.json.errors).toContainEqual({ path: 'name', message: 'Unknown field: name' });
    expect(notJson.status).toBe(415);
    expect(nothing.status).toBe(422);
    const after = await getTransfer(moved.id);
    expect(after.transferDate).toBe(before.transferDate);
    expect(after.pension.electionClosesOn).toBe(before.pension.electionClosesOn);
    expect(after.milestones).toEqual(before.milestones);
    const emails = await outbox();
    expect(withSubject(emailsTo(emails, moved.people[0]?.email ?? ''), /dates of your move/)).toEqual([]);
  });

  it('moves the transfer date: pending milestones move and each person is told once, with their link', async () => {
    // Prepare
    const newDate = addDays(today, 84);
    const before = await getTransfer(moved.id);

    // Act
    const answer = await hr.patch(`/api/transfers/${moved.id}`, { transferDate: newDate });
    const emails = await waitForEmails(moved.people, /dates of your move/, 1);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.transferDate).toBe(newDate);
    const after = await getTransfer(moved.id);
    expect(milestone(after, 'transfer-day')).toMatchObject({
      kind: 'transfer-day',
      dueOn: newDate,
      status: 'pending',
    });
    expect(milestone(after, 'liability-information-due')?.dueOn).not.toBe(
      milestone(before, 'liability-information-due')?.dueOn,
    );
    expect(milestone(after, 'election-closes')).toEqual(milestone(before, 'election-closes'));
    for (const person of moved.people) {
      const told = withSubject(emailsTo(emails, person.email), /dates of your move/);
      expect(told, person.employeeNumber).toHaveLength(1);
      expect(told[0]?.text).toMatch(/now moves to Midlands Partnership NHS Foundation Trust on/);
      expect(pensionLinkIn(told[0] as OutboxEmail)).toMatch(/\/forms\/pension\//);
    }
    const run = await waitFor('the date change to be recorded done', async () => {
      const { dateChange } = await getTransfer(moved.id);
      return dateChange?.status === 'done' ? dateChange : undefined;
    });
    expect(run).toMatchObject({ change: 1, sent: moved.people.length });
  });

  it('moves it again after the election closed: done milestones stay done, each person gets a second email and the history shows both moves', async () => {
    // Prepare: the election closes (and its reminder goes) before the second move.
    const firstDate = addDays(today, 84);
    const secondDate = addDays(today, 98);
    await moveClockTo(addDays(moved.input.pension.electionClosesOn, 1));
    await sweep();
    const closed = await getTransfer(moved.id);
    expect(closed.status).toBe('election-closed');
    const lateDeadline = await hr.patch(`/api/transfers/${moved.id}`, {
      electionClosesOn: addDays(today, 50),
    });

    // Act
    const answer = await hr.patch(`/api/transfers/${moved.id}`, { transferDate: secondDate });
    const emails = await waitForEmails(moved.people, /dates of your move/, 2);

    // Assess
    expect(lateDeadline.status).toBe(409);
    expect(answer.status).toBe(200);
    const after = await getTransfer(moved.id);
    expect(milestone(after, 'transfer-day')).toMatchObject({
      kind: 'transfer-day',
      dueOn: secondDate,
      status: 'pending',
    });
    expect(milestone(after, 'election-closes')).toEqual(milestone(closed, 'election-closes'));
    expect(milestone(after, 'election-closes')?.status).toBe('done');
    for (const done of closed.milestones.filter((candidate) => candidate.status === 'done')) {
      expect(milestone(after, done.kind)).toEqual(done);
    }
    for (const person of moved.people) {
      const told = withSubject(emailsTo(emails, person.email), /dates of your move/);
      expect(told, person.employeeNumber).toHaveLength(2);
      expect(told[1]?.text).not.toMatch(/\/forms\/pension\//);
    }
    const history = (await getCase(moved.id, moved.people[0]?.employeeNumber ?? '')).history.filter(
      (event) => event.action === 'transfer-date-moved',
    );
    expect(history.map(({ by, from, to }) => ({ by, from, to }))).toEqual([
      { by: hrEmail, from: moved.input.transferDate, to: firstDate },
      { by: hrEmail, from: firstDate, to: secondDate },
    ]);
  });

  it('records an objection: the person leaves the election, and one on or after the transfer date is refused', async () => {
    // Prepare: the first person chose the NHS scheme (beforeAll); the election has closed since.
    const [objector, other] = objecting.people as [RosterRowFixture, RosterRowFixture];
    const path = `/api/transfers/${objecting.id}/staff/${objector.employeeNumber}/objection`;
    const before = await getTransfer(objecting.id);

    // Act
    const tooLate = await hr.post(path, { receivedOn: objecting.input.transferDate });
    const unknownField = await hr.post(path, { receivedOn: today, reason: 'moving away' });
    const recorded = await hr.post(path, { receivedOn: today, note: 'Letter filed in HR' });

    // Assess
    expect(tooLate.status).toBe(422);
    expect(tooLate.json.errors).toContainEqual({
      path: 'receivedOn',
      message: 'The objection must have been received before the transfer date',
    });
    expect(unknownField.status).toBe(422);
    expect(recorded.status).toBe(200);
    expect(recorded.json.status).toBe('objected');
    expect(recorded.json.objection.receivedOn).toBe(today);
    expect(recorded.json.history.at(-1)).toMatchObject({
      by: hrEmail,
      action: 'objected',
      receivedOn: today,
    });
    const after = await getTransfer(objecting.id);
    expect(after.elections.NHSPS).toBe((before.elections.NHSPS ?? 0) - 1);
    expect(after.counts.objected).toBe(1);
    expect(after.counts.elected).toBe((before.counts.elected ?? 0) - 1);
    const emails = await outbox();
    expect(withSubject(emailsTo(emails, hrEmail), /objection from/)).toEqual([]);
    expect((await getCase(objecting.id, other.employeeNumber)).status).toBe('defaulted');
  });

  it('emails HR to update the transferee when an objection comes after the liability information went out', async () => {
    // Prepare: the T-28 milestone escalates (done, nothing given); then HR gives the information, late
    const late = objecting.people[1] as RosterRowFixture;
    const liabilityDay = milestone(await getTransfer(objecting.id), 'liability-information-due')?.dueOn ?? '';
    expect(liabilityDay).not.toBe('');
    await moveClockTo(addDays(liabilityDay, 1));
    await sweep();
    expect(milestone(await getTransfer(objecting.id), 'liability-information-due')?.status).toBe('done');
    expect((await hr.post(`/api/transfers/${objecting.id}/eli`)).status).toBe(202);

    // Act
    const answer = await hr.post(`/api/transfers/${objecting.id}/staff/${late.employeeNumber}/objection`, {
      receivedOn: addDays(liabilityDay, 1),
    });
    const emails = await waitFor('the email to HR', async () => {
      const found = withSubject(emailsTo(await outbox(), hrEmail), /objection from/);
      return found.length > 0 ? found : undefined;
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain(late.employeeNumber);
    expect(emails[0]?.text).toContain(`/transfers/${objecting.id}/staff/${late.employeeNumber}`);
    expect(answer.json.notifications.map((record: { purpose: string }) => record.purpose)).toContain(
      'objection-after-liability-information',
    );
  });

  it('ends the employment of people who objected on transfer day and moves everyone else', async () => {
    // Act
    await moveClockTo(objecting.input.transferDate);
    await sweep();

    // Assess
    const transfer = await getTransfer(objecting.id);
    expect(transfer.status).toBe('completed');
    expect(transfer.counts).toMatchObject({ 'employment-ended': 2, transferred: 2, objected: 0 });
    const [objector] = objecting.people as [RosterRowFixture];
    expect((await getCase(objecting.id, objector.employeeNumber)).status).toBe('employment-ended');
  });

  it('refuses to cancel, or move the dates of, a completed transfer with a 409 and changes nothing', async () => {
    // Act
    const cancel = await hr.post(`/api/transfers/${objecting.id}/cancel`);
    const move = await hr.patch(`/api/transfers/${objecting.id}`, { transferDate: addDays(today, 200) });

    // Assess
    expect(cancel.status).toBe(409);
    expect(cancel.json.status).toBe(409);
    expect(move.status).toBe(409);
    const transfer = await getTransfer(objecting.id);
    expect(transfer.status).toBe('completed');
    expect(transfer.transferDate).toBe(objecting.input.transferDate);
  });
});

describe('Journey: cancelling a transfer', () => {
  let hr: ReturnType<typeof api>;
  let transfer: LaunchedTransfer;
  let invitations: Map<string, OutboxEmail>;

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    const today = await localToday();
    const input = pensionTransferInput(today, addDays, 'Cancelled (test)');
    const people = rosterRows(3);
    const id = (await hr.post('/api/transfers', input)).json.id as string;
    await hr.post(`/api/transfers/${id}/staff`, { staff: people });
    await hr.post(`/api/transfers/${id}/launch`);
    const emails = await waitFor('the invitations', async () => {
      const all = await outbox();
      return people.every((person) => emailsTo(all, person.email).length === 1) ? all : undefined;
    });
    invitations = new Map(
      people.map((person) => [person.email, emailsTo(emails, person.email)[0] as OutboxEmail]),
    );
    transfer = { id, people, input };
  });

  it('cancels pending milestones, tells each person once, stops the links and deletes the roster, keeping the counts', async () => {
    // Act
    const answer = await hr.post(`/api/transfers/${transfer.id}/cancel`);
    await waitFor('the roster to be deleted', async () => {
      const list = await hr.get(`/api/transfers/${transfer.id}/staff`);
      return list.json.items.length === 0 ? true : undefined;
    });
    const again = await hr.post(`/api/transfers/${transfer.id}/cancel`);
    await waitFor('the cancel workflow to finish', async () => {
      const emails = await outbox();
      return transfer.people.every(
        (person) => withSubject(emailsTo(emails, person.email), /^Cancelled:/).length > 0,
      )
        ? true
        : undefined;
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('cancelled');
    expect(again.status).toBe(200);
    const stored = (await hr.get(`/api/transfers/${transfer.id}`)).json as TransferAnswer;
    expect(stored.status).toBe('cancelled');
    expect(stored.total).toBe(3);
    expect(stored.counts.invited).toBe(3);
    expect(stored.milestones.every((milestone) => milestone.status === 'cancelled')).toBe(true);
    const run = await waitFor('the cancellation to be recorded done', async () => {
      const { cancellation } = (await hr.get(`/api/transfers/${transfer.id}`)).json as TransferAnswer;
      return cancellation?.status === 'done' ? cancellation : undefined;
    });
    // Done, with no count: a rerun could not count who was told before it.
    expect(run).toEqual(expect.not.objectContaining({ sent: expect.anything() }));
    const emails = await outbox();
    for (const person of transfer.people) {
      const cancels = withSubject(emailsTo(emails, person.email), /^Cancelled:/);
      expect(cancels, person.employeeNumber).toHaveLength(1);
      expect(cancels[0]?.text).toContain('has been cancelled');
      const staffCase = await hr.get(`/api/transfers/${transfer.id}/staff/${person.employeeNumber}`);
      expect(staffCase.status).toBe(404);
      const form = await openForm(pensionLinkIn(invitations.get(person.email) as OutboxEmail));
      expect(form.status).toBe(404);
      expect(form.html).toMatch(/not recognised/i);
    }
    expect(await sweep()).toBe(0);
  });
});
