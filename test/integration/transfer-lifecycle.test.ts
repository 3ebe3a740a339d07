/**
 * The whole life of a 907-person transfer through the local stack's HTTP API and its clock: import,
 * launch, choices (one person changes their mind), the deadline and its defaults, transfer day, the
 * elections export, and exactly the emails each person should get. Repeating the sweep and the launch
 * changes nothing.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
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

const rosterSize = 907;
/** HR who runs the transfer: the one "transfer completed" summary goes to them. */
const hrEmail = 'hr.lifecycle@example.org';

interface TransferAnswer {
  /** The launch's record: `done` once every invitation went out. */
  launch?: { status: string; sent?: number };
  id: string;
  status: string;
  total: number;
  counts: Record<string, number>;
  elections: Record<string, number>;
  milestones: Array<{ kind: string; dueOn: string; status: string; sent?: number; reason?: string }>;
}

function emailsTo(emails: readonly OutboxEmail[], address: string): OutboxEmail[] {
  return emails.filter((email) => email.to.includes(address));
}

describe('Journey: a 907-person TUPE transfer from roster to transfer day', () => {
  let hr: ReturnType<typeof api>;
  let today: string;
  let transferId: string;
  let input: ReturnType<typeof pensionTransferInput>;
  let people: RosterRowFixture[];
  const choices = new Map<string, string>();

  const getTransfer = async () => (await hr.get(`/api/transfers/${transferId}`)).json as TransferAnswer;
  const ourEmails = async () => {
    const addresses = new Set(people.flatMap((person) => [person.email, person.managerEmail]));
    return (await outbox()).filter((email) => email.to.some((to) => addresses.has(to)));
  };

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    people = rosterRows(rosterSize);
    input = pensionTransferInput(today, addDays, 'Staffordshire adult social care integration (test)');
  });

  it('creates a draft transfer and imports the roster from one CSV file', async () => {
    // Act
    const created = await hr.post('/api/transfers', input);
    transferId = created.json.id;
    const imported = await hr.post(`/api/transfers/${transferId}/staff`, rosterCsv(people), 'text/csv');

    // Assess
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('draft');
    expect(imported.status).toBe(200);
    expect(imported.json).toEqual({ added: rosterSize, total: rosterSize });
    const first = await hr.get(`/api/transfers/${transferId}/staff/${people[0]?.employeeNumber}`);
    expect(first.json.name).toBe('Smith, Jo "JJ"');
  });

  it('launches, invites every person once, and a second launch sends nothing more', async () => {
    // Act
    const launched = await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('all invitations', async () => {
      const transfer = await getTransfer();
      // Recorded invited first, then emailed: the launch is done once every link went out.
      return transfer.counts.invited === rosterSize && transfer.launch?.status === 'done'
        ? transfer
        : undefined;
    });
    const again = await hr.post(`/api/transfers/${transferId}/launch`);
    await sweep();

    // Assess
    expect(launched.status).toBe(202);
    expect(again.status).toBe(202);
    const emails = await ourEmails();
    const invitations = emails.filter((email) => email.subject.toLowerCase().includes('pension'));
    expect(invitations).toHaveLength(rosterSize);
    for (const person of people.slice(0, 50)) expect(emailsTo(emails, person.email)).toHaveLength(1);
    const transfer = await getTransfer();
    expect(transfer.status).toBe('launched');
    // The reminders (issue 3) fall a week before the election closes and 28 days before transfer; HR's
    // first liability reminder 35 days before, and the reminder of unanswered representations 3 days before.
    expect(transfer.milestones.map((milestone) => [milestone.kind, milestone.status])).toEqual([
      ['election-reminder', 'pending'],
      ['liability-information-reminder', 'pending'],
      ['election-closes', 'pending'],
      ['liability-information-due', 'pending'],
      ['representations-reminder', 'pending'],
      ['transfer-day', 'pending'],
    ]);
  });

  it('records choices made on the form, the last choice counting when someone changes their mind', async () => {
    // Prepare: 150 people choose, the first 100 the NHS scheme, the next 50 to stay in the LGPS
    const emails = await ourEmails();
    const choosers = people.slice(0, 150);

    // Act
    for (const [index, person] of choosers.entries()) {
      const option = index < 100 ? 'NHSPS' : 'LGPS';
      const invitation = emailsTo(emails, person.email)[0] as OutboxEmail;
      const link = pensionLinkIn(invitation);
      const form = await openForm(link);
      const answer = await submitForm(
        `${link}/confirm`,
        { employeeNumber: person.employeeNumber, option, _csrf: form.csrf },
        form.cookie,
      );
      expect([200, 303]).toContain(answer.status);
      choices.set(person.employeeNumber, option);
    }
    // One of the LGPS choosers changes their mind.
    const changer = choosers[149] as RosterRowFixture;
    const link = pensionLinkIn(emailsTo(emails, changer.email)[0] as OutboxEmail);
    const form = await openForm(link);
    const changed = await submitForm(
      `${link}/confirm`,
      { employeeNumber: changer.employeeNumber.toLowerCase(), option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );
    choices.set(changer.employeeNumber, 'NHSPS');

    // Assess
    expect([200, 303]).toContain(changed.status);
    const transfer = await getTransfer();
    expect(transfer.counts.elected).toBe(150);
    expect(transfer.counts.invited).toBe(rosterSize - 150);
    expect(transfer.elections).toEqual({ NHSPS: 101, LGPS: 49 });
    const changerCase = (await hr.get(`/api/transfers/${transferId}/staff/${changer.employeeNumber}`)).json;
    expect(changerCase.election.option).toBe('NHSPS');
    expect(
      changerCase.history.filter((event: { action: string }) => event.action.startsWith('elect')),
    ).toHaveLength(2);
    expect(changerCase.notifications.map((record: { purpose: string }) => record.purpose)).toEqual([
      'invitation',
      // Keyed by the case version each change wrote: invited was 1.
      'election-confirmation#v2',
      'election-confirmation#v3',
    ]);
  });

  it('gives everyone who did not choose the default at the deadline, and the form then says it is closed', async () => {
    // Act
    await moveClockTo(addDays(input.pension.electionClosesOn, 1));
    await sweep();
    const transfer = await getTransfer();

    // Assess
    expect(transfer.status).toBe('election-closed');
    expect(transfer.counts.elected).toBe(150);
    expect(transfer.counts.defaulted).toBe(rosterSize - 150);
    expect(transfer.elections).toEqual({ NHSPS: 101, LGPS: rosterSize - 101 });
    const late = people[500] as RosterRowFixture;
    const link = pensionLinkIn(emailsTo(await ourEmails(), late.email)[0] as OutboxEmail);
    const form = await openForm(link);
    expect(form.html).toMatch(/closed/i);
    const refused = await submitForm(
      `${link}/confirm`,
      { employeeNumber: late.employeeNumber, option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(
      (await hr.get(`/api/transfers/${transferId}/staff/${late.employeeNumber}`)).json.election.how,
    ).toBe('default');
  });

  it('moves everyone in scope to the transferee on transfer day, and a repeated sweep changes nothing', async () => {
    // Act
    await moveClockTo(input.transferDate);
    await sweep();
    const repeated = await sweep();
    const transfer = await getTransfer();

    // Assess
    expect(repeated).toBe(0);
    expect(transfer.status).toBe('completed');
    expect(transfer.counts.transferred).toBe(rosterSize);
    // The clock jumped past the reminders' days: the staff reminder (after the election closed) and HR's
    // liability escalation (on transfer day, too late to help) are recorded skipped, not done. HR's first
    // liability reminder went on the election's last day, and with no representations there was none to
    // remind HR of.
    expect(transfer.milestones.map(({ kind, status, reason }) => [kind, status, reason ?? ''])).toEqual([
      ['election-reminder', 'skipped', 'late'],
      ['liability-information-reminder', 'done', ''],
      ['election-closes', 'done', ''],
      ['liability-information-due', 'skipped', 'late'],
      ['representations-reminder', 'done', ''],
      ['transfer-day', 'done', ''],
    ]);
    const fixedTerm = people.find((person) => person.contractType === 'fixed-term') as RosterRowFixture;
    const moved = (await hr.get(`/api/transfers/${transferId}/staff/${fixedTerm.employeeNumber}`)).json;
    expect(moved.status).toBe('transferred');
    expect(moved.employer).toBe('transferee');
    expect(moved.continuousServiceStart).toBe(fixedTerm.continuousServiceStart);
  });

  it('exports one row a person in elections.csv that agrees with the choices and defaults', async () => {
    // Act
    const answer = await hr.get(`/api/transfers/${transferId}/elections.csv`);
    const rows = parse(answer.text, { columns: true, bom: true }) as Array<Record<string, string>>;

    // Assess
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(rows).toHaveLength(rosterSize);
    for (const row of rows) {
      const chosen = choices.get(row.employeeNumber as string);
      expect(row.option).toBe(chosen ?? 'LGPS');
      expect(row.how).toBe(chosen ? 'staff' : 'default');
      expect(Number.isNaN(Date.parse(row.when as string))).toBe(false);
    }
  });

  it('sent every person exactly the emails they should have had, each manager one listing their people, and HR one summary', async () => {
    // Prepare
    const emails = await ourEmails();
    const changer = people[149] as RosterRowFixture;

    // Assess
    for (const person of people) {
      const received = emailsTo(emails, person.email);
      // The invitation; a confirmation of each choice, or the default's notice; the transfer-day notice.
      const expected = person === changer ? 4 : 3;
      expect(received, person.employeeNumber).toHaveLength(expected);
      const subjects = received.map((email) => email.subject).join(' | ');
      expect(subjects, person.employeeNumber).toMatch(
        choices.has(person.employeeNumber) ? /recorded/i : /given to you/i,
      );
    }
    const managers = new Set(people.map((person) => person.managerEmail));
    for (const manager of managers) {
      const team = people.filter((person) => person.managerEmail === manager);
      const digests = emailsTo(emails, manager);
      expect(digests, manager).toHaveLength(1);
      for (const person of team) {
        expect(digests[0]?.text, manager).toContain(`(employee number ${person.employeeNumber})`);
      }
    }
    expect(emails.every((email) => !email.text.includes('undefined'))).toBe(true);
    const summaries = (await outbox(hrEmail)).filter((email) =>
      email.subject.startsWith('Transfer completed: '),
    );
    expect(summaries.map((email) => email.subject)).toEqual([
      `Transfer completed: ${input.name} (${rosterSize} moved to ${input.transferee})`,
    ]);
    expect(summaries[0]?.text).toContain(`/transfers/${transferId}/exports?file=payroll-changes.csv`);
    expect(baseUrl()).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+$/);
  });
});
