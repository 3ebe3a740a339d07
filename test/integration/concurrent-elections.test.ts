/**
 * Fifty confirmations at once for one person, alternating the two schemes, through the pension form's
 * final POST on the local stack: every recorded change moves the tallies from the choice it replaced, so
 * the transfer's tallies, each case, elections.csv and the funds' exports agree; every recorded change is
 * in the history with exactly one confirmation email; a change that kept losing the race gets 409.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  submitForm,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface CaseAnswer {
  employeeNumber: string;
  status: string;
  election?: { option: string; how: string };
  history: Array<{ action: string; from?: string; to?: string; option?: string }>;
  notifications: Array<{ purpose: string; status: string }>;
}

const concurrentChanges = 50;
const options = ['LGPS', 'NHSPS'] as const;

const emailsTo = (emails: readonly OutboxEmail[], address: string) =>
  emails.filter((email) => email.to.includes(address));

describe('Journey: fifty concurrent changes of mind', () => {
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let people: RosterRowFixture[];
  let answers: Array<{ status: number; html: string }>;

  const getCase = async (employeeNumber: string) =>
    (await hr.get(`/api/transfers/${transferId}/staff/${employeeNumber}`)).json as CaseAnswer;
  const tallyOf = (choices: ReadonlyArray<string | undefined>) =>
    Object.fromEntries(
      options
        .map((code) => [code, choices.filter((choice) => choice === code).length] as const)
        .filter(([, count]) => count > 0),
    );

  beforeAll(async () => {
    hr = api(await tokenFor('hr', 'hr.concurrency@example.org'));
    const today = await localToday();
    people = rosterRows(3);
    const created = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, 'Concurrent changes (test)'),
    );
    expect(created.status).toBe(201);
    transferId = created.json.id as string;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    const invitations = await waitFor('everyone invited and emailed', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      const emails = await outbox();
      const received = people.map((person) => emailsTo(emails, person.email)[0]);
      return transfer.counts.invited === people.length && received.every(Boolean)
        ? (received as OutboxEmail[])
        : undefined;
    });

    // Another person chooses once, so the tallies have more than one person in them.
    const [changer, other] = people as [RosterRowFixture, RosterRowFixture];
    const otherLink = pensionLinkIn(invitations[1] as OutboxEmail);
    const otherForm = await openForm(otherLink);
    const chosen = await submitForm(
      `${otherLink}/confirm`,
      { employeeNumber: other.employeeNumber, option: 'NHSPS', _csrf: otherForm.csrf },
      otherForm.cookie,
    );
    expect(chosen.status).toBe(303);

    // Act: fifty confirmations for one person at once, alternating the schemes.
    const link = pensionLinkIn(invitations[0] as OutboxEmail);
    const form = await openForm(link);
    answers = await Promise.all(
      Array.from({ length: concurrentChanges }, (_, index) =>
        submitForm(
          `${link}/confirm`,
          {
            employeeNumber: changer.employeeNumber,
            option: options[index % 2] as string,
            _csrf: form.csrf,
          },
          form.cookie,
        ),
      ),
    );
  });

  it('records each change or refuses it with a clear 409, never a 500', () => {
    // Assess
    const statuses = answers.map((answer) => answer.status);
    expect(
      statuses.every((status) => status === 303 || status === 409),
      statuses.join(','),
    ).toBe(true);
    expect(statuses.filter((status) => status === 303).length).toBeGreaterThan(0);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.html).toContain('was not saved');
    }
  });

  it('keeps every recorded change in the history, each from the choice it really replaced', async () => {
    // Prepare
    const recorded = answers.filter((answer) => answer.status === 303).length;

    // Act
    const changer = await getCase((people[0] as RosterRowFixture).employeeNumber);

    // Assess
    const choices = changer.history.filter(
      (event) => event.action === 'elected' || event.action === 'election-changed',
    );
    expect(choices).toHaveLength(recorded);
    expect(choices[0]?.action).toBe('elected');
    for (const [index, event] of choices.entries()) {
      if (index > 0) expect(event.from).toBe(choices[index - 1]?.to);
    }
    expect(changer.election?.option).toBe(choices.at(-1)?.to);
  });

  it('sends exactly one confirmation email for each recorded change', async () => {
    // Prepare
    const recorded = answers.filter((answer) => answer.status === 303).length;
    const changer = people[0] as RosterRowFixture;

    // Act
    const confirmations = await waitFor('a confirmation email for each recorded change', async () => {
      const received = emailsTo(await outbox(), changer.email).filter((email) =>
        email.subject.startsWith('Pension choice recorded'),
      );
      return received.length >= recorded ? received : undefined;
    });
    const staffCase = await getCase(changer.employeeNumber);

    // Assess
    expect(confirmations).toHaveLength(recorded);
    const purposes = staffCase.notifications
      .filter((record) => record.purpose.startsWith('election-confirmation'))
      .map((record) => record.purpose);
    expect(purposes).toHaveLength(recorded);
    expect(new Set(purposes).size).toBe(recorded);
  });

  it('agrees everywhere: the tallies, each case, elections.csv and the funds’ exports', async () => {
    // Act
    const transfer = (await hr.get(`/api/transfers/${transferId}`)).json as {
      elections: Record<string, number>;
    };
    const cases = await Promise.all(people.map((person) => getCase(person.employeeNumber)));
    const csv = await hr.get(`/api/transfers/${transferId}/elections.csv`);
    const rows = parse(csv.text, { columns: true, bom: true }) as Array<Record<string, string>>;
    const schemeMembers = await Promise.all(
      options.map(async (code) => {
        const answer = await hr.get(`/api/transfers/${transferId}/exports/scheme-${code}.csv`);
        expect(answer.status).toBe(200);
        return [code, (parse(answer.text, { columns: true, bom: true }) as unknown[]).length] as const;
      }),
    );

    // Assess
    const perCase = tallyOf(cases.map((staffCase) => staffCase.election?.option));
    expect(Object.values(perCase).reduce((sum, count) => sum + count, 0)).toBe(2);
    // The tallies keep an option that went back to 0 as 0.
    expect(Object.fromEntries(Object.entries(transfer.elections).filter(([, count]) => count !== 0))).toEqual(
      perCase,
    );
    expect(tallyOf(rows.map((row) => row.option || undefined))).toEqual(perCase);
    expect(Object.fromEntries(schemeMembers.filter(([, count]) => count > 0))).toEqual(perCase);
  });
});
