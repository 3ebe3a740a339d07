/**
 * Contracts and renewals through the local stack's HTTP API and its clock only: bad input refused with
 * nothing stored, a manager kept to their own contracts, reminders on working days and never twice with a
 * decision link, HR escalated once after the notice deadline, a renewal chain, the four-year warning (for
 * a contract HR created and for a fixed-term person who came over on a transfer), and an ended contract
 * reminding nobody. Every date is computed from the local clock's today, since the clock only moves
 * forward and other test files move it too; titles and emails are unique to this run.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../functions/domain/business-dates.ts';
import { escalationDayOf } from '../../functions/domain/contract-rules.ts';
import { workingDayOnOrBefore } from '../../functions/domain/working-days.ts';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  moveClockTo,
  type OutboxEmail,
  outbox,
  sweep,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface ContractAnswer {
  id: string;
  title: string;
  status: string;
  startDate: string;
  endDate: string;
  managerEmail?: string;
  employeeNumber?: string;
  continuousServiceStart?: string;
  previousContractId?: string;
  nextContractId?: string;
  escalatedAt?: string;
  awaitingDecision: boolean;
  terms: Array<{ id: string; startDate: string; endDate: string; status: string }>;
  reminders: Array<{ key: string; dueOn: string; status: string; sentAt?: string }>;
  decisions: Array<{ decision: string; by: string; via: string; status: string }>;
  warnings: Array<{ code: string }>;
}

const run = randomUUID().slice(0, 8);
const hrEmail = `hr.contracts.${run}@example.org`;
const managerFor = (role: string) => `${role}.${run}@example.org`;

const emailsTo = async (address: string) =>
  (await outbox()).filter((email: OutboxEmail) => email.to.includes(address));
const remindersFor = async (address: string, title: string) =>
  (await emailsTo(address)).filter(
    (email) =>
      email.subject.startsWith('Decide ') &&
      (email.subject.endsWith(`renew or end ${title}`) ||
        email.subject.endsWith(`renew or end ${title} (notice deadline passed)`)),
  );
const escalationsOf = async (title: string) =>
  (await emailsTo(hrEmail)).filter((email) => email.subject.startsWith(`No decision made: ${title} ends`));
const fourYearEmailsOf = async (title: string) =>
  (await emailsTo(hrEmail)).filter((email) => email.subject.endsWith(`check the renewal of ${title}`));

/** A contract as HR posts it, for `managerEmail`, ending on `endDate`. */
function contractInput(
  title: string,
  managerEmail: string,
  endDate: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    kind: 'employment',
    title,
    parties: ['Midlands Partnership NHS Foundation Trust'],
    managerEmail,
    startDate: addDays(endDate, -365),
    endDate,
    employeeNumber: `E${run.toUpperCase()}`,
    ...overrides,
  };
}

describe('Journey: contracts and renewals', () => {
  let hr: ReturnType<typeof api>;
  let today: string;

  const create = async (input: Record<string, unknown>): Promise<ContractAnswer> => {
    const answer = await hr.post('/api/contracts', input);
    expect(answer.status, answer.text).toBe(201);
    return (answer.json as { items: ContractAnswer[] }).items[0] as ContractAnswer;
  };

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
  });

  describe('bad input', () => {
    const manager = managerFor('refused');

    it('refuses bad contracts with a clear 4xx and stores none of them', async () => {
      // Prepare
      const good = contractInput(`Refused ${run}`, manager, addDays(today, 200));
      const csv = [
        'kind,title,parties,managerEmail,startDate,endDate',
        `employment,Refused CSV ${run},Trust,${manager},${addDays(today, -10)},${addDays(today, 100)}`,
        `employment,Refused CSV ${run},Trust,${manager},${addDays(today, -10)},not-a-date`,
      ].join('\n');

      // Act
      const listed = await hr.post('/api/contracts', {
        contracts: [
          good,
          { ...good, endDate: addDays(today, -1) },
          { ...good, colour: 'teal', kind: 'lease' },
        ],
      });
      const fromCsv = await hr.post('/api/contracts', csv, 'text/csv');
      const asText = await hr.post('/api/contracts', 'kind=employment', 'text/plain');
      const tooMany = await hr.post('/api/contracts', { contracts: Array.from({ length: 501 }, () => good) });
      const notJson = await hr.post('/api/contracts', '{"kind":', 'application/json');
      const mine = await api(await tokenFor('manager', manager)).get('/api/contracts?dueWithinDays=730');

      // Assess
      expect(listed.status).toBe(422);
      expect(listed.headers.get('content-type')).toContain('application/problem+json');
      expect(listed.json.errors.map((error: { path: string }) => error.path).sort()).toEqual([
        'contracts.1.endDate',
        'contracts.2.colour',
        'contracts.2.kind',
      ]);
      expect(fromCsv.status).toBe(422);
      expect(fromCsv.json.errors).toEqual([{ path: 'contracts.1.endDate', message: expect.any(String) }]);
      expect([asText.status, tooMany.status, notJson.status]).toEqual([415, 413, 400]);
      expect(mine.json.items).toEqual([]);
    });

    it('refuses a bad decision or window with a clear 4xx and records nothing', async () => {
      // Prepare
      const contract = await create(contractInput(`Bad decision ${run}`, manager, addDays(today, 200)));
      const path = `/api/contracts/${contract.id}/decision`;

      // Act
      const noDate = await hr.post(path, { decision: 'renew' });
      const earlier = await hr.post(path, { decision: 'renew', newEndDate: addDays(today, 100) });
      const endWithDate = await hr.post(path, { decision: 'end', newEndDate: addDays(today, 400) });
      const unknown = await hr.post(path, { decision: 'extend', by: 'me' });
      const window = await hr.get('/api/contracts?dueWithinDays=0');
      const words = await hr.get('/api/contracts?dueWithinDays=soon');
      const missing = await hr.post(`/api/contracts/${randomUUID()}/decision`, { decision: 'end' });

      // Assess
      expect([noDate, earlier, endWithDate, unknown, window, words].map((answer) => answer.status)).toEqual([
        422, 422, 422, 422, 422, 422,
      ]);
      expect(earlier.json.errors).toEqual([
        { path: 'newEndDate', message: expect.stringContaining('after the current end date') },
      ]);
      expect(missing.status).toBe(404);
      const after = (await hr.get(`/api/contracts/${contract.id}`)).json as ContractAnswer;
      expect(after).toMatchObject({ status: 'active', decisions: [], awaitingDecision: true });
    });
  });

  describe("a manager and another manager's contract", () => {
    const mine = managerFor('own');
    const theirs = managerFor('other');
    let own: ContractAnswer;
    let other: ContractAnswer;

    beforeAll(async () => {
      own = await create(contractInput(`Own contract ${run}`, mine, addDays(today, 150)));
      other = await create(contractInput(`Other contract ${run}`, theirs, addDays(today, 160)));
    });

    it("refuses another manager's contract with 403 on GET and on the decision, and lists only their own", async () => {
      // Prepare
      const manager = api(await tokenFor('manager', mine));

      // Act
      const seen = await manager.get(`/api/contracts/${other.id}`);
      const decided = await manager.post(`/api/contracts/${other.id}/decision`, { decision: 'end' });
      const listed = await manager.get('/api/contracts?dueWithinDays=365');
      const ownView = await manager.get(`/api/contracts/${own.id}`);
      const hrList = await hr.get('/api/contracts?dueWithinDays=365');

      // Assess
      expect([seen.status, decided.status]).toEqual([403, 403]);
      expect(listed.status).toBe(200);
      expect(listed.json.items.map((item: { id: string }) => item.id)).toEqual([own.id]);
      expect(ownView.status).toBe(200);
      expect(hrList.json.items.map((item: { id: string }) => item.id)).toEqual(
        expect.arrayContaining([own.id, other.id]),
      );
      expect(((await hr.get(`/api/contracts/${other.id}`)).json as ContractAnswer).status).toBe('active');
    });
  });

  describe('the four-year rule for a contract HR created', () => {
    it('answers a renewal past four years of continuous service with the warning and emails HR once', async () => {
      // Prepare
      const manager = managerFor('fouryears');
      const title = `Support worker four years ${run}`;
      const continuousServiceStart = addCalendarDays(today, -4 * 365 + 100);
      const contract = await create(
        contractInput(title, manager, addDays(today, 60), {
          startDate: addDays(today, -300),
          continuousServiceStart,
        }),
      );

      // Act
      const answer = await api(await tokenFor('manager', manager)).post(
        `/api/contracts/${contract.id}/decision`,
        {
          decision: 'renew',
          newEndDate: addDays(today, 400),
        },
      );
      await sweep();

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.json.warnings).toEqual([expect.objectContaining({ code: 'FIXED_TERM_FOUR_YEAR_RULE' })]);
      const next = (await hr.get(`/api/contracts/${answer.json.renewedAs}`)).json as ContractAnswer;
      expect(next.warnings.map((warning) => warning.code)).toEqual(['FIXED_TERM_FOUR_YEAR_RULE']);
      expect(next.continuousServiceStart).toBe(continuousServiceStart);
      expect(await fourYearEmailsOf(title)).toHaveLength(1);
    });

    it('records HR’s objective justification on the new term, refusing a manager, blank text and a term with no warning', async () => {
      // Prepare
      const manager = managerFor('justified');
      const title = `Support worker justified ${run}`;
      const contract = await create(
        contractInput(title, manager, addDays(today, 60), {
          startDate: addDays(today, -300),
          continuousServiceStart: addCalendarDays(today, -4 * 365 + 100),
        }),
      );
      const managerApi = api(await tokenFor('manager', manager));
      const renewed = await managerApi.post(`/api/contracts/${contract.id}/decision`, {
        decision: 'renew',
        newEndDate: addDays(today, 400),
      });
      const termId = renewed.json.renewedAs as string;

      // Act
      const byManager = await managerApi.post(`/api/contracts/${termId}/justification`, { text: 'Because' });
      const blank = await hr.post(`/api/contracts/${termId}/justification`, { text: '   ' });
      const noWarning = await hr.post(`/api/contracts/${contract.id}/justification`, { text: 'Because' });
      const recorded = await hr.post(`/api/contracts/${termId}/justification`, {
        text: 'The post is funded by a grant that ends on the new end date',
      });

      // Assess
      expect(byManager.status).toBe(403);
      expect(blank.status).toBe(422);
      expect(blank.json.errors).toEqual([
        { path: 'text', message: 'Enter the objective justification for the fixed term' },
      ]);
      expect(noWarning.status).toBe(409);
      expect(recorded.status, recorded.text).toBe(200);
      const term = (await hr.get(`/api/contracts/${termId}`)).json;
      expect(term.justifications).toEqual([
        {
          text: 'The post is funded by a grant that ends on the new end date',
          by: hrEmail,
          at: expect.any(String),
        },
      ]);
      expect(term.needsJustification).toBe(false);
    });

    it('emails the manager and HR once each about a decision, and keeps it under decided', async () => {
      // Prepare
      const manager = managerFor('decided');
      const title = `Care coordinator decided ${run}`;
      const contract = await create(contractInput(title, manager, addDays(today, 25)));

      // Act
      const decided = await hr.post(`/api/contracts/${contract.id}/decision`, { decision: 'end' });
      await sweep();

      // Assess
      expect(decided.status).toBe(200);
      const aboutIt = (email: OutboxEmail) => email.subject.startsWith(`Decided to end: ${title} on `);
      expect((await emailsTo(manager)).filter(aboutIt)).toHaveLength(1);
      expect((await emailsTo(hrEmail)).filter(aboutIt)).toHaveLength(1);
      const open = (await hr.get('/api/contracts?dueWithinDays=30')).json.items as ContractAnswer[];
      const decidedList = (await hr.get('/api/contracts?dueWithinDays=30&filter=decided')).json
        .items as ContractAnswer[];
      expect(open.map((item) => item.id)).not.toContain(contract.id);
      expect(decidedList.map((item) => item.id)).toContain(contract.id);
    });
  });

  describe('a renewal chain', () => {
    const manager = managerFor('chain');
    const title = `Reablement chain ${run}`;
    let first: ContractAnswer;
    let secondId: string;
    let thirdId: string;

    it('reminds the manager at once of a contract whose reminder days have passed, once', async () => {
      // Prepare: ends in 20 days, so the 90, 60 and 30 day reminders collapse into one due today.
      first = await create(contractInput(title, manager, addDays(today, 20), { noticeDays: 10 }));

      // Act
      await sweep();
      await sweep();

      // Assess
      const reminders = await remindersFor(manager, title);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.text).toMatch(/\/forms\/renewal\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/);
    });

    it('renews twice into linked terms, cancelling the old reminders and reminding of the new term', async () => {
      // Prepare
      const managerApi = api(await tokenFor('manager', manager));

      // Act
      const renewed = await managerApi.post(`/api/contracts/${first.id}/decision`, {
        decision: 'renew',
        newEndDate: addDays(today, 80),
        note: 'Funding confirmed',
      });
      secondId = renewed.json.renewedAs;
      await sweep();
      const renewedAgain = await hr.post(`/api/contracts/${secondId}/decision`, {
        decision: 'renew',
        newEndDate: addDays(today, 200),
      });
      thirdId = renewedAgain.json.renewedAs;

      // Assess
      expect([renewed.status, renewedAgain.status]).toEqual([200, 200]);
      const third = (await managerApi.get(`/api/contracts/${thirdId}`)).json as ContractAnswer;
      expect(third.terms).toEqual([
        { id: first.id, startDate: first.startDate, endDate: addDays(today, 20), status: 'renewed' },
        { id: secondId, startDate: addDays(today, 21), endDate: addDays(today, 80), status: 'renewed' },
        { id: thirdId, startDate: addDays(today, 81), endDate: addDays(today, 200), status: 'active' },
      ]);
      expect(third.previousContractId).toBe(secondId);
      const old = (await managerApi.get(`/api/contracts/${first.id}`)).json as ContractAnswer;
      expect(old).toMatchObject({ status: 'renewed', nextContractId: secondId, awaitingDecision: false });
      expect(old.decisions).toEqual([
        expect.objectContaining({ decision: 'renew', by: manager, via: 'api' }),
      ]);
      expect(old.reminders.filter((reminder) => reminder.status === 'pending')).toEqual([]);
      expect(old.reminders.filter((reminder) => reminder.status === 'cancelled').length).toBeGreaterThan(0);
      // The second term's 90-day reminder had passed: it came at once, a second email in all.
      expect(await remindersFor(manager, title)).toHaveLength(2);
      const second = (await hr.get(`/api/contracts/${secondId}`)).json as ContractAnswer;
      expect(second.reminders.find((reminder) => reminder.sentAt !== undefined)?.key).toBe(
        'renewal-reminder#90',
      );
    });
  });

  describe('an ended contract', () => {
    const manager = managerFor('ended');
    const title = `Ended contract ${run}`;
    let contract: ContractAnswer;

    it('records the end, who and when, and cancels every reminder', async () => {
      // Prepare
      contract = await create(
        contractInput(title, manager, addDays(today, 40), { reminderDays: [30, 14, 7] }),
      );

      // Act
      const answer = await api(await tokenFor('manager', manager)).post(
        `/api/contracts/${contract.id}/decision`,
        {
          decision: 'end',
        },
      );

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.json.contract).toMatchObject({ status: 'ended', awaitingDecision: false });
      expect(answer.json.contract.decisions).toEqual([
        expect.objectContaining({ decision: 'end', by: manager, status: 'applied' }),
      ]);
      expect(
        new Set(answer.json.contract.reminders.map((reminder: { status: string }) => reminder.status)),
      ).toEqual(new Set(['cancelled']));
    });
  });

  describe('a fixed-term person who came over on a transfer', () => {
    let people: RosterRowFixture[];
    let fixedTerm: RosterRowFixture;
    let transferId: string;
    let transferDate: string;

    it('appears as a contract of their manager with the transferee from transfer day', async () => {
      // Prepare
      transferDate = addDays(today, 30);
      people = rosterRows(3, `${run}t`);
      fixedTerm = {
        ...(people[0] as RosterRowFixture),
        contractType: 'fixed-term',
        contractEndDate: addDays(transferDate, 200),
        continuousServiceStart: addCalendarDays(today, -5 * 365),
      };
      const input = {
        ...pensionTransferInput(today, addDays, `Contracts transfer ${run} (test)`),
        transferDate,
        pension: {
          ...pensionTransferInput(today, addDays, '').pension,
          electionClosesOn: addDays(today, 10),
        },
      };
      const created = await hr.post('/api/transfers', input);
      transferId = created.json.id;
      const imported = await hr.post(`/api/transfers/${transferId}/staff`, {
        staff: [fixedTerm, ...people.slice(1)],
      });
      const launched = await hr.post(`/api/transfers/${transferId}/launch`);
      expect([created.status, imported.status, launched.status]).toEqual([201, 200, 202]);

      // Act
      await moveClockTo(transferDate);
      await waitFor('the transfer to complete', async () => {
        const transfer = (await hr.get(`/api/transfers/${transferId}`)).json as { status: string };
        return transfer.status === 'completed' ? transfer : undefined;
      });

      // Assess
      const managerApi = api(await tokenFor('manager', fixedTerm.managerEmail));
      const listed = await managerApi.get('/api/contracts?dueWithinDays=365');
      expect(listed.json.items).toEqual([
        expect.objectContaining({
          title: `${fixedTerm.jobTitle} (fixed-term)`,
          employeeNumber: fixedTerm.employeeNumber,
          endDate: fixedTerm.contractEndDate,
          parties: [input.transferee],
          awaitingDecision: true,
        }),
      ]);
      const contract = (await managerApi.get(`/api/contracts/${listed.json.items[0].id}`))
        .json as ContractAnswer;
      expect(contract).toMatchObject({
        startDate: transferDate,
        continuousServiceStart: fixedTerm.continuousServiceStart,
      });
      expect(contract.reminders.map((reminder) => reminder.key)).toContain('renewal-reminder#90');
    });

    it('warns of the four-year rule, counting their transferred service, when the manager renews', async () => {
      // Prepare
      const managerApi = api(await tokenFor('manager', fixedTerm.managerEmail));
      const [item] = (await managerApi.get('/api/contracts?dueWithinDays=365')).json
        .items as ContractAnswer[];

      // Act
      const answer = await managerApi.post(`/api/contracts/${item?.id}/decision`, {
        decision: 'renew',
        newEndDate: addDays(fixedTerm.contractEndDate as string, 365),
      });

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.json.warnings).toEqual([expect.objectContaining({ code: 'FIXED_TERM_FOUR_YEAR_RULE' })]);
      expect(await fourYearEmailsOf(`${fixedTerm.jobTitle} (fixed-term)`)).toEqual([
        expect.objectContaining({ text: expect.stringContaining(fixedTerm.employeeNumber) }),
      ]);
    });
  });

  describe('reminders on working days and the escalation', () => {
    const manager = managerFor('reminded');
    const title = `Care manager reminders ${run}`;
    let start: string;
    let endDate: string;
    let thirtyDayReminder: string;
    let escalationDay: string;
    let contract: ContractAnswer;

    beforeAll(async () => {
      start = await localToday();
      // An end date whose 30-day reminder would fall on a Saturday, so it moves to the working day before.
      for (let days = 38; days <= 52 && endDate === undefined; days++) {
        const candidate = addDays(start, days);
        if (new Date(`${addDays(candidate, -30)}T00:00:00Z`).getUTCDay() === 6) endDate = candidate;
      }
      thirtyDayReminder = workingDayOnOrBefore(addDays(endDate, -30));
      escalationDay = escalationDayOf({ endDate, noticeDays: 30 });
    });

    it('reminds the manager at once of the passed 90 and 60 day reminders, in one email', async () => {
      // Prepare
      contract = await create(contractInput(title, manager, endDate));

      // Act
      await sweep();

      // Assess
      expect(await remindersFor(manager, title)).toHaveLength(1);
    });

    it('sends the 30-day reminder on the working day before the Saturday it would fall on, once, with a decision link', async () => {
      // Act
      await moveClockTo(addDays(thirtyDayReminder, -1));
      const before = await remindersFor(manager, title);
      await moveClockTo(thirtyDayReminder);
      const onTheDay = await remindersFor(manager, title);
      await sweep();
      const afterAnotherSweep = await remindersFor(manager, title);

      // Assess
      expect(thirtyDayReminder < addDays(endDate, -30)).toBe(true);
      expect(before).toHaveLength(1);
      expect(onTheDay).toHaveLength(2);
      expect(afterAnotherSweep).toHaveLength(2);
      expect(onTheDay[1]?.text).toMatch(/https?:\/\/\S+\/forms\/renewal\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/);
      expect(onTheDay[1]?.subject).toContain('Decide by');
    });

    it('escalates to HR once on the first working day after the notice deadline with no decision', async () => {
      // Act
      await moveClockTo(addDays(escalationDay, -1));
      const before = await escalationsOf(title);
      await moveClockTo(escalationDay);
      const onTheDay = await escalationsOf(title);
      await moveClockTo(addDays(escalationDay, 1));
      const dayAfter = await escalationsOf(title);

      // Assess
      expect(before).toEqual([]);
      expect(onTheDay).toHaveLength(1);
      expect(dayAfter).toHaveLength(1);
      expect(onTheDay[0]?.text).toContain(`/contracts/${contract.id}`);
      const view = (await hr.get(`/api/contracts/${contract.id}`)).json as ContractAnswer;
      expect(view.escalatedAt).toBeDefined();
      expect(view.reminders.find((reminder) => reminder.key === 'renewal-escalation')?.status).toBe('done');
    });

    it('sends the 14-day reminder on its working day, and no reminder twice', async () => {
      // Prepare
      const fourteenDayReminder = workingDayOnOrBefore(addDays(endDate, -14));

      // Act
      await moveClockTo(fourteenDayReminder);
      await sweep();

      // Assess: it comes after the notice deadline, so it asks for a decision now.
      const reminders = await remindersFor(manager, title);
      expect(reminders).toHaveLength(3);
      expect(reminders[2]?.subject).toBe(`Decide now: renew or end ${title} (notice deadline passed)`);
      const view = (await hr.get(`/api/contracts/${contract.id}`)).json as ContractAnswer;
      expect(view.reminders.map(({ key, dueOn, status }) => ({ key, dueOn, status }))).toEqual(
        expect.arrayContaining([
          { key: 'renewal-reminder#60', dueOn: start, status: 'done' },
          { key: 'renewal-reminder#30', dueOn: thirtyDayReminder, status: 'done' },
          { key: 'renewal-reminder#14', dueOn: fourteenDayReminder, status: 'done' },
          { key: 'renewal-reminder#7', dueOn: workingDayOnOrBefore(addDays(endDate, -7)), status: 'pending' },
        ]),
      );
      expect(view.reminders.filter((reminder) => reminder.sentAt !== undefined)).toHaveLength(4);
    });

    it('kept the ended contract and the renewed terms quiet while the clock passed their reminder days', async () => {
      // Assess
      // The manager heard of the decision once, and of nothing after it.
      const toEndedManager = await emailsTo(managerFor('ended'));
      expect(toEndedManager.map((email) => email.subject)).toEqual([
        expect.stringMatching(/^Decided to end: /),
      ]);
      expect(await remindersFor(managerFor('chain'), `Reablement chain ${run}`)).toHaveLength(2);
    });
  });
});
