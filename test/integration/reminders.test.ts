/**
 * Milestone reminders through the local stack's HTTP API and its clock: the election reminder a week
 * before the deadline goes to the people who have not chosen, on the working day before a bank holiday
 * it would fall on, once each; HR is reminded of the employee liability information (TUPE reg 11) on the
 * working day on or before transfer date − 28, once. Dates are computed from the local clock's today and
 * the bank holiday file, since the clock only moves forward and other test files move it too.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../functions/domain/business-dates.ts';
import {
  bankHolidayCalendar,
  isWorkingDay,
  workingDayOnOrBefore,
} from '../../functions/domain/working-days.ts';
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

interface TransferAnswer {
  /** The launch's record: `done` once every invitation went out. */
  launch?: { status: string; sent?: number };
  status: string;
  counts: Record<string, number>;
  milestones: Array<{ kind: string; dueOn: string; status: string }>;
}

/** The first weekday bank holiday whose working day before is at least two days after `today`. */
function bankHolidayAfter(today: string): { holiday: string; title: string; workingDayBefore: string } {
  for (const { date, title } of bankHolidayCalendar.events) {
    if (date <= today) continue;
    const workingDayBefore = workingDayOnOrBefore(date);
    if (workingDayBefore >= addDays(today, 2)) return { holiday: date, title, workingDayBefore };
  }
  throw new Error(`No bank holiday in the file far enough after ${today}: refresh the file from GOV.UK`);
}

/** A transfer date 29 to 35 days after `electionClosesOn` whose date − 28 is a Sunday. */
function transferDateWithLiabilityOnSunday(electionClosesOn: string): string {
  for (let days = 29; days <= 35; days++) {
    const transferDate = addDays(electionClosesOn, days);
    if (new Date(`${addDays(transferDate, -28)}T00:00:00Z`).getUTCDay() === 0) return transferDate;
  }
  throw new Error('Seven days in a row always include a Sunday');
}

describe('Journey: reminders on working days', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.reminders.${run}@example.org`;
  let hr: ReturnType<typeof api>;
  let people: RosterRowFixture[];
  let transferId: string;
  let holiday: { holiday: string; title: string; workingDayBefore: string };
  let electionClosesOn: string;
  let transferDate: string;
  let liabilityReminderDay: string;
  let chooser: RosterRowFixture;
  let today: string;

  const getTransfer = async () => (await hr.get(`/api/transfers/${transferId}`)).json as TransferAnswer;
  const emailsTo = async (address: string) =>
    (await outbox()).filter((email: OutboxEmail) => email.to.includes(address));
  const remindersTo = async (address: string) =>
    (await emailsTo(address)).filter((email) => email.subject.startsWith('Reminder: choose your pension'));
  /** HR's escalation at T−28 when the liability information has not been given (the T−35 reminder aside). */
  const liabilityEscalations = async () =>
    (await emailsTo(hrEmail)).filter((email) =>
      email.subject.startsWith('Late: employee liability information not given'),
    );

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    holiday = bankHolidayAfter(today);
    electionClosesOn = addDays(holiday.holiday, 7);
    transferDate = transferDateWithLiabilityOnSunday(electionClosesOn);
    liabilityReminderDay = workingDayOnOrBefore(addCalendarDays(transferDate, -28));
    people = rosterRows(4, run);
    chooser = people[0] as RosterRowFixture;
  });

  it('launches a transfer whose election reminder would fall on a bank holiday, with the reminder on the working day before', async () => {
    // Prepare
    const usual = pensionTransferInput(today, addDays, `Reminders on working days ${run} (test)`);
    const input = { ...usual, transferDate, pension: { ...usual.pension, electionClosesOn } };

    // Act
    const created = await hr.post('/api/transfers', input);
    transferId = created.json.id;
    const imported = await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    const launched = await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('the invitations', async () => {
      const transfer = await getTransfer();
      // Recorded invited first, then emailed: the launch is done once every link went out.
      return transfer.counts.invited === people.length && transfer.launch?.status === 'done'
        ? transfer
        : undefined;
    });

    // Assess
    expect([created.status, imported.status, launched.status]).toEqual([201, 200, 202]);
    expect(isWorkingDay(holiday.holiday)).toBe(false);
    const milestones = (await getTransfer()).milestones;
    expect(milestones.find((milestone) => milestone.kind === 'election-reminder')).toMatchObject({
      dueOn: holiday.workingDayBefore,
      status: 'pending',
    });
    expect(milestones.find((milestone) => milestone.kind === 'liability-information-due')).toMatchObject({
      dueOn: liabilityReminderDay,
      status: 'pending',
    });
    expect(liabilityReminderDay < addCalendarDays(transferDate, -28)).toBe(true);
  });

  it('sends no reminder the day before the working day before the holiday', async () => {
    // Prepare: one person chooses on the form, as staff do.
    const link = pensionLinkIn((await emailsTo(chooser.email))[0] as OutboxEmail);
    const form = await openForm(link);
    const chosen = await submitForm(
      `${link}/confirm`,
      { employeeNumber: chooser.employeeNumber, option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );
    expect([200, 303]).toContain(chosen.status);

    // Act
    await moveClockTo(addDays(holiday.workingDayBefore, -1));
    await sweep();

    // Assess
    for (const person of people) expect(await remindersTo(person.email)).toEqual([]);
    const transfer = await getTransfer();
    expect(transfer.counts).toMatchObject({ elected: 1, invited: people.length - 1 });
    expect(transfer.milestones.find((milestone) => milestone.kind === 'election-reminder')?.status).toBe(
      'pending',
    );
  });

  it('reminds everyone who has not chosen, once, on the working day before the holiday, with their own link', async () => {
    // Act
    await moveClockTo(holiday.workingDayBefore);
    await sweep();

    // Assess
    expect(await remindersTo(chooser.email)).toEqual([]);
    for (const person of people.slice(1)) {
      const reminders = await remindersTo(person.email);
      expect(reminders, person.employeeNumber).toHaveLength(1);
      const reminder = reminders[0] as OutboxEmail;
      expect(reminder.text).toContain(`Dear ${person.name},`);
      const form = await openForm(pensionLinkIn(reminder));
      expect(form.status).toBe(200);
    }
    const reminder = (await getTransfer()).milestones.find(
      (milestone) => milestone.kind === 'election-reminder',
    );
    expect(reminder).toMatchObject({ dueOn: holiday.workingDayBefore, status: 'done' });
  });

  it('sends nothing more on the holiday itself or when the sweep runs again', async () => {
    // Act
    await moveClockTo(holiday.holiday);
    await sweep();
    await sweep();

    // Assess
    expect(await remindersTo(chooser.email)).toEqual([]);
    for (const person of people.slice(1)) expect(await remindersTo(person.email)).toHaveLength(1);
    expect(await liabilityEscalations()).toEqual([]);
  });

  it('escalates to HR, once, on the working day on or before transfer date − 28 when the liability information was not given', async () => {
    // Prepare
    await moveClockTo(addDays(liabilityReminderDay, -1));
    await sweep();
    const dayBefore = await liabilityEscalations();

    // Act
    await moveClockTo(liabilityReminderDay);
    await sweep();
    const onTheDay = await liabilityEscalations();
    await moveClockTo(addCalendarDays(transferDate, -28));
    await sweep();

    // Assess
    expect(dayBefore).toEqual([]);
    expect(onTheDay).toHaveLength(1);
    expect(await liabilityEscalations()).toHaveLength(1);
    const email = onTheDay[0] as OutboxEmail;
    expect(email.text).toContain(`/transfers/${transferId}`);
    expect(email.text).toContain('regulation 11');
    const milestone = (await getTransfer()).milestones.find(
      (candidate) => candidate.kind === 'liability-information-due',
    );
    expect(milestone).toMatchObject({ dueOn: liabilityReminderDay, status: 'done' });
    for (const person of people) {
      expect((await emailsTo(person.email)).some((sent) => sent.subject.includes('liability'))).toBe(false);
    }
  });
});
