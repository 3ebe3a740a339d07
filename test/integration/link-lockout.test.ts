/**
 * Guessing employee numbers on personal links, through the local stack: five wrong numbers lock a link
 * for fifteen minutes (a fresh cookie and CSRF pair do not help, and the right number is refused too),
 * the attempts and the lock are in the person's history, HR sees the lock on the person's page and in
 * the API, and once the lock has passed the right number works again. A client guessing across many
 * links is refused with 429.
 */
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
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
  status: string;
  election?: { option: string };
  lockedUntil?: string;
  lockout?: unknown;
  history: Array<{ action: string; until?: string }>;
}

/** Links needed to reach the per-client limit (50 wrong numbers an hour) with five wrong numbers each. */
const linksForClientLimit = 11;

/** Posts a form from another loopback address, as a client elsewhere would (the limit is per client). */
function submitFrom(
  localAddress: string,
  url: string,
  fields: Record<string, string>,
  cookie: string,
): Promise<{ status: number; html: string }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(fields).toString();
    const sent = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          cookie,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, html: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('Journey: guessing employee numbers', () => {
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let people: RosterRowFixture[];
  let links: string[];

  const getCase = async (employeeNumber: string) =>
    (await hr.get(`/api/transfers/${transferId}/staff/${employeeNumber}`)).json as CaseAnswer;
  const wrongNumberFor = (person: RosterRowFixture, attempt: number) =>
    `${person.employeeNumber.slice(0, -2)}9${attempt}`;

  beforeAll(async () => {
    hr = api(await tokenFor('hr', 'hr.lockout@example.org'));
    const today = await localToday();
    people = rosterRows(1 + linksForClientLimit);
    const created = await hr.post('/api/transfers', pensionTransferInput(today, addDays, 'Lockout (test)'));
    expect(created.status).toBe(201);
    transferId = created.json.id as string;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    links = await waitFor('everyone emailed their link', async () => {
      const emails = await outbox();
      const received = people.map((person) => emails.find((email) => email.to.includes(person.email)));
      return received.every(Boolean)
        ? received.map((email) => pensionLinkIn(email as OutboxEmail))
        : undefined;
    });
  });

  it('locks the link after five wrong numbers and refuses the sixth attempt even with the right number', async () => {
    // Prepare
    const person = people[0] as RosterRowFixture;
    const link = links[0] as string;
    const form = await openForm(link);

    // Act
    const wrong = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      wrong.push(
        await submitForm(
          link,
          { employeeNumber: wrongNumberFor(person, attempt), _csrf: form.csrf },
          form.cookie,
        ),
      );
    }
    const fresh = await openForm(link);
    const sixth = await submitForm(
      `${link}/confirm`,
      { employeeNumber: person.employeeNumber, option: 'NHSPS', _csrf: fresh.csrf },
      fresh.cookie,
    );

    // Assess
    expect(wrong.slice(0, 4).map((answer) => answer.status)).toEqual([422, 422, 422, 422]);
    expect(wrong[4]?.status).toBe(423);
    expect(fresh.cookie).not.toBe(form.cookie);
    expect(sixth.status).toBe(423);
    expect(sixth.html).toContain('You cannot use this link for now');
    expect(sixth.html).toMatch(/You can try again after <strong>\d{1,2}:\d{2}(?:am|pm)<\/strong>/);
    const staffCase = await getCase(person.employeeNumber);
    expect(staffCase.status).toBe('invited');
    expect(staffCase.election).toBeUndefined();
  });

  it('shows HR the attempts in the history and the lock on the person page and in the API', async () => {
    // Prepare
    const person = people[0] as RosterRowFixture;

    // Act
    const staffCase = await getCase(person.employeeNumber);
    const page = await hr.get(`/transfers/${transferId}/staff/${person.employeeNumber}`);

    // Assess
    const actions = staffCase.history.map((event) => event.action);
    expect(actions.filter((action) => action === 'wrong-employee-number')).toHaveLength(5);
    expect(actions.filter((action) => action === 'link-locked')).toHaveLength(1);
    expect(staffCase.lockedUntil).toBeDefined();
    expect(staffCase.history.find((event) => event.action === 'link-locked')?.until).toBe(
      staffCase.lockedUntil,
    );
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Locked \(until \d{1,2}:\d{2}(?:am|pm)\)/);
    expect(page.text).toContain('A wrong employee number was entered on their link');
    expect(page.text).not.toContain(wrongNumberFor(person, 1));
  });

  it('takes the right number once the lock has passed, and forgets the wrong ones', async () => {
    // Prepare: the local clock only moves in whole days; a day is well past the fifteen minutes.
    const person = people[0] as RosterRowFixture;
    const link = links[0] as string;
    const moved = await fetch(`${baseUrl()}/local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceDays: 1 }),
    });
    expect(moved.status).toBe(200);
    const form = await openForm(link);

    // Act
    const chosen = await submitForm(
      `${link}/confirm`,
      { employeeNumber: person.employeeNumber, option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );

    // Assess
    expect(chosen.status).toBe(303);
    const staffCase = await getCase(person.employeeNumber);
    expect(staffCase.election?.option).toBe('NHSPS');
    expect(staffCase.lockedUntil).toBeUndefined();
    expect(staffCase.lockout).toBeUndefined();
  });

  it('refuses a client guessing across many links with 429, the right number too', async () => {
    // Prepare: a client of its own on another loopback address, so no other test shares its count.
    const client = `127.0.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 2}`;
    const guessed = people.slice(1);
    const forms = await Promise.all(links.slice(1).map((link) => openForm(link)));

    // Act: five wrong numbers on each of ten links, then one more on the eleventh.
    const answers: number[] = [];
    for (const [index, person] of guessed.slice(0, -1).entries()) {
      const form = forms[index] as Awaited<ReturnType<typeof openForm>>;
      for (let attempt = 1; attempt <= 5; attempt++) {
        const answer = await submitFrom(
          client,
          links[index + 1] as string,
          { employeeNumber: wrongNumberFor(person, attempt), _csrf: form.csrf },
          form.cookie,
        );
        answers.push(answer.status);
      }
    }
    const last = guessed.at(-1) as RosterRowFixture;
    const lastForm = forms.at(-1) as Awaited<ReturnType<typeof openForm>>;
    const lastLink = links.at(-1) as string;
    const overLimit = await submitFrom(
      client,
      lastLink,
      { employeeNumber: wrongNumberFor(last, 1), _csrf: lastForm.csrf },
      lastForm.cookie,
    );
    const rightNumber = await submitFrom(
      client,
      `${lastLink}/confirm`,
      { employeeNumber: last.employeeNumber, option: 'NHSPS', _csrf: lastForm.csrf },
      lastForm.cookie,
    );
    const elsewhere = await submitForm(
      `${lastLink}/confirm`,
      { employeeNumber: last.employeeNumber, option: 'NHSPS', _csrf: lastForm.csrf },
      lastForm.cookie,
    );

    // Assess
    expect(answers.filter((status) => status === 422)).toHaveLength(40);
    expect(answers.filter((status) => status === 423)).toHaveLength(10);
    expect(overLimit.status).toBe(429);
    expect(overLimit.html).toContain('Too many wrong employee numbers have been entered from this network');
    expect(rightNumber.status).toBe(429);
    expect(elsewhere.status).toBe(303);
  });
});
