/**
 * HR acting on one person through the JSON API of the local stack (DESIGN §6 "People … acted on by HR"):
 * search, a new link that makes the old one stop opening, a corrected email address kept in the audit, a
 * choice received on paper, an objection withdrawn, a lock cleared; bad input stores nothing, and only HR
 * may call any of them.
 */
import { randomUUID } from 'node:crypto';
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
  email: string;
  status: string;
  election?: { option: string; how: string };
  objection?: { withdrawal?: { receivedOn: string } };
  lockedUntil?: string;
  history: Array<{ action: string; by: string; via?: string; receivedOn?: string }>;
}

describe('API: people, acted on by HR', () => {
  let hr: ReturnType<typeof api>;
  let token: string;
  let transferId: string;
  let people: RosterRowFixture[];
  let today: string;

  const person = (index: number) => people[index] as RosterRowFixture;
  const personPath = (index: number, rest = '') =>
    `/api/transfers/${transferId}/staff/${person(index).employeeNumber}${rest}`;
  const caseOf = async (index: number) => (await hr.get(personPath(index))).json as CaseAnswer;
  const linkFor = (email: string, after = 0) =>
    waitFor(`a link emailed to ${email}`, async () => {
      const found = (await outbox()).filter((sent) => sent.to.includes(email)).slice(after);
      return found.length > 0 ? pensionLinkIn(found.at(-1) as OutboxEmail) : undefined;
    });

  beforeAll(async () => {
    token = await tokenFor('hr', 'hr.people@example.org');
    hr = api(token);
    today = await localToday();
    people = rosterRows(6);
    const created = await hr.post('/api/transfers', pensionTransferInput(today, addDays, 'People (test)'));
    transferId = created.json.id as string;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    await waitFor('everyone invited', async () => {
      const list = (await hr.get(`/api/transfers/${transferId}/staff?status=invited`)).json;
      return list.items.length === people.length ? true : undefined;
    });
  });

  it('finds people by part of a name, by email address and by employee number, in the shape of the list', async () => {
    // Act
    const byNumber = await hr.get(
      `/api/transfers/${transferId}/staff?q=${person(1).employeeNumber.toLowerCase()}`,
    );
    const byEmail = await hr.get(
      `/api/transfers/${transferId}/staff?q=${encodeURIComponent(person(2).email)}`,
    );
    const byName = await hr.get(
      `/api/transfers/${transferId}/staff?q=${encodeURIComponent(person(3).name.slice(0, 6))}`,
    );

    // Assess
    expect(byNumber.json.items).toEqual([
      { employeeNumber: person(1).employeeNumber, name: person(1).name, status: 'invited' },
    ]);
    expect(byEmail.json.items.map((item: { employeeNumber: string }) => item.employeeNumber)).toEqual([
      person(2).employeeNumber,
    ]);
    expect(byName.json.items.length).toBeGreaterThanOrEqual(1);
  });

  it('emails a new link on resend and the old one stops opening', async () => {
    // Prepare
    const old = await linkFor(person(0).email);
    const before = (await outbox()).filter((sent) => sent.to.includes(person(0).email)).length;

    // Act
    const resent = await hr.post(personPath(0, '/resend'));
    const fresh = await linkFor(person(0).email, before);

    // Assess
    expect(resent.status).toBe(200);
    expect(fresh).not.toBe(old);
    expect((await openForm(old)).status).toBe(404);
    const opened = await openForm(fresh);
    expect(opened.status).toBe(200);
    const chosen = await submitForm(
      `${fresh}/confirm`,
      { employeeNumber: person(0).employeeNumber, option: 'NHSPS', _csrf: opened.csrf },
      opened.cookie,
    );
    expect(chosen.status).toBeLessThan(400);
    expect((await caseOf(0)).status).toBe('elected');
  });

  it('corrects the email address, keeping the old and new in the audit only', async () => {
    // Act
    const answer = await hr.patch(personPath(1), {
      email: `corrected.${randomUUID().slice(0, 8)}@example.org`,
    });

    // Assess
    expect(answer.status).toBe(200);
    const staffCase = await caseOf(1);
    expect(staffCase.email).toMatch(/^corrected\./);
    expect(staffCase.history.at(-1)).toMatchObject({
      action: 'email-corrected',
      by: 'hr.people@example.org',
    });
    expect(JSON.stringify(staffCase.history)).not.toContain(person(1).email);
  });

  it('refuses a bad email address with 422 problem+json and stores nothing', async () => {
    // Act
    const answer = await hr.patch(personPath(2), { email: 'not an email' });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
    expect(answer.json.errors).toEqual([
      { path: 'email', message: 'Enter the email address in the correct format, like name@example.org' },
    ]);
    expect((await caseOf(2)).email).toBe(person(2).email);
  });

  it('records a paper choice once for one Idempotency-Key, with who took it, when and how', async () => {
    // Prepare
    const body = { option: 'NHSPS', receivedOn: today, how: 'paper', note: 'Form in file 3' };
    const key = randomUUID();
    const send = () =>
      fetch(`${baseUrl()}${personPath(2, '/election')}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });

    // Act
    const first = await send();
    const again = await send();

    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const staffCase = await caseOf(2);
    expect(staffCase.election).toMatchObject({ option: 'NHSPS', how: 'staff' });
    expect(staffCase.history.filter((event) => event.action === 'elected')).toEqual([
      expect.objectContaining({ by: 'hr.people@example.org', via: 'paper', receivedOn: today }),
    ]);
  });

  it('refuses a choice with an option not offered and stores nothing', async () => {
    // Act
    const answer = await hr.post(personPath(3, '/election'), {
      option: 'XYZ',
      receivedOn: today,
      how: 'fax',
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((problem: { path: string }) => problem.path)).toEqual(['option', 'how']);
    expect((await caseOf(3)).status).toBe('invited');
  });

  it('withdraws a recorded objection before the transfer date, and the person is back in the election', async () => {
    // Prepare
    expect((await hr.post(personPath(4, '/objection'), { receivedOn: today })).status).toBe(200);

    // Act
    const answer = await hr.post(personPath(4, '/objection/withdraw'), { receivedOn: today, note: 'Phoned' });
    const twice = await hr.post(personPath(4, '/objection/withdraw'), { receivedOn: today, note: 'Phoned' });

    // Assess
    expect(answer.status).toBe(200);
    expect(twice.status).toBe(200);
    const staffCase = await caseOf(4);
    expect(staffCase.status).toBe('invited');
    expect(staffCase.objection?.withdrawal?.receivedOn).toBe(today);
    expect(staffCase.history.filter((event) => event.action === 'objection-withdrawn')).toHaveLength(1);
  });

  it('restores the choice made before the objection when it is withdrawn, with the tallies as before', async () => {
    // Prepare: the person chose, then objected.
    const tallies = async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json as {
        counts: Record<string, number>;
        elections: Record<string, number>;
      };
      return { elected: transfer.counts.elected ?? 0, nhsps: transfer.elections.NHSPS ?? 0 };
    };
    const chose = await hr.post(personPath(5, '/election'), {
      option: 'NHSPS',
      receivedOn: today,
      how: 'phone',
    });
    expect(chose.status).toBe(200);
    const afterChoice = await tallies();
    expect((await hr.post(personPath(5, '/objection'), { receivedOn: today })).status).toBe(200);
    const whileObjected = await tallies();

    // Act
    const answer = await hr.post(personPath(5, '/objection/withdraw'), { receivedOn: today });

    // Assess
    expect(answer.status).toBe(200);
    const staffCase = await caseOf(5);
    expect(staffCase.status).toBe('elected');
    expect(staffCase.election).toMatchObject({ option: 'NHSPS', how: 'staff' });
    expect(whileObjected).toEqual({ elected: afterChoice.elected - 1, nhsps: afterChoice.nhsps - 1 });
    expect(await tallies()).toEqual(afterChoice);
    const listed = (await hr.get(`/api/transfers/${transferId}/staff?status=elected`)).json.items;
    expect(listed).toContainEqual(
      expect.objectContaining({ employeeNumber: person(5).employeeNumber, election: expect.anything() }),
    );
  });

  it('answers 409 for withdrawing an objection that was never made', async () => {
    const answer = await hr.post(personPath(3, '/objection/withdraw'), { receivedOn: today });
    expect(answer.status).toBe(409);
  });

  it('clears a locked link', async () => {
    // Prepare: five wrong numbers lock the link.
    const link = await linkFor(person(3).email);
    const form = await openForm(link);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitForm(link, { employeeNumber: `WRONG${attempt}`, _csrf: form.csrf }, form.cookie);
    }
    expect((await caseOf(3)).lockedUntil).toBeDefined();

    // Act
    const answer = await hr.raw('DELETE', personPath(3, '/lockout'));

    // Assess
    expect(answer.status).toBe(200);
    const staffCase = await caseOf(3);
    expect(staffCase.lockedUntil).toBeUndefined();
    expect(staffCase.history.at(-1)).toMatchObject({ action: 'link-unlocked' });
  });

  it('refuses a manager on every person route', async () => {
    // Prepare
    const manager = api(await tokenFor('manager', 'manager.people@example.org'));

    // Act
    const answers = await Promise.all([
      manager.get(`/api/transfers/${transferId}/staff?q=a`),
      manager.patch(personPath(1), { email: 'x@example.org' }),
      manager.post(personPath(1, '/resend')),
      manager.post(personPath(1, '/election'), { option: 'NHSPS', receivedOn: today, how: 'phone' }),
      manager.post(personPath(4, '/objection/withdraw'), { receivedOn: today }),
      manager.raw('DELETE', personPath(1, '/lockout')),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
  });
});
