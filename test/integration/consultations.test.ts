/**
 * Consultations through the local stack's HTTP API, its forms and its clock: bad input stores nothing; the
 * twelve-week warning and its justification; invitations on the opening day to a transfer's staff and to
 * listed invitees, once each; responses on the personal and public forms (an invitee changing theirs, a
 * public response with name and organisation, the per-client rate limit); the reminder seven days before
 * the close on a working day, to non-responders only, once; the close with the owner's summary and its
 * CSV; the outcome sent to every participant once. Every date comes from the local clock's today, since
 * the clock only moves forward and other test files move it too.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { workingDayOnOrBefore } from '../../functions/domain/working-days.ts';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  answerLinkForm,
  api,
  formLinkIn,
  localToday,
  moveClockTo,
  type OutboxEmail,
  openForm,
  outbox,
  submitForm,
  sweep,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface ConsultationAnswer {
  id: string;
  title: string;
  status: string;
  invited: number;
  responded: number;
  publicResponses: number;
  publicUrl?: string;
  warnings: Array<{ code: string }>;
  linkedTo?: { kind: string; id: string; name: string };
  responsesByDay: Array<{ date: string; invited: number; public: number }>;
  timers: Array<{ kind: string; dueOn: string; status: string }>;
  outcome?: { decision: string; summary: string };
}

/** A closing date 15 to 21 days after `opensOn` whose date − 7 is a Sunday, so the reminder moves to Friday. */
function closingDateWithReminderOnSunday(opensOn: string): string {
  for (let days = 15; days <= 21; days++) {
    const closesOn = addDays(opensOn, days);
    if (new Date(`${addDays(closesOn, -7)}T00:00:00Z`).getUTCDay() === 0) return closesOn;
  }
  throw new Error('Seven days in a row always include a Sunday');
}

describe('Journey: a consultation from creation to outcome', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.consultations.${run}@example.org`;
  const invitees = [`partner.one.${run}@example.org`, `Partner.Two.${run}@Example.org`];
  const title = `Adult social care integration ${run} (test)`;
  let hr: ReturnType<typeof api>;
  let people: RosterRowFixture[];
  let transferId: string;
  let consultationId: string;
  let opensOn: string;
  let closesOn: string;
  let reminderOn: string;

  const getConsultation = async () =>
    (await hr.get(`/api/consultations/${consultationId}`)).json as ConsultationAnswer;
  const emailsTo = async (address: string, subjectStart: string) =>
    (await outbox()).filter(
      (email) => email.to.includes(address.toLowerCase()) && email.subject.startsWith(subjectStart),
    );
  const participants = () => [
    ...people.map((person) => person.email),
    ...invitees.map((e) => e.toLowerCase()),
  ];
  const invitationsTo = (address: string) => emailsTo(address, 'Have your say by');
  const remindersTo = (address: string) => emailsTo(address, 'Reminder: the consultation closes');
  const inviteeLink = async (address: string) =>
    formLinkIn((await invitationsTo(address))[0] as OutboxEmail, 'consultation');
  const titlesListed = async () =>
    ((await hr.get('/api/consultations')).json as { items: Array<{ title: string }> }).items.map(
      (item) => item.title,
    );

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    const today = await localToday();
    opensOn = addDays(today, 1);
    closesOn = closingDateWithReminderOnSunday(opensOn);
    reminderOn = workingDayOnOrBefore(addDays(closesOn, -7));
    people = rosterRows(3, run);
    const transfer = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, `Consulted transfer ${run} (test)`),
    );
    transferId = transfer.json.id;
    const imported = await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    expect([transfer.status, imported.status]).toEqual([201, 200]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    // Prepare
    const today = await localToday();
    const bad = `Refused consultation ${run} (test)`;
    const valid = { title: bad, opensOn: addDays(today, 2), closesOn: addDays(today, 30), public: true };
    const cases: Array<{ body: unknown; status: number; path?: string; contentType?: string }> = [
      { body: { ...valid, title: '' }, status: 422, path: 'title' },
      { body: { ...valid, closesOn: valid.opensOn }, status: 422, path: 'closesOn' },
      { body: { ...valid, opensOn: addDays(today, -1) }, status: 422, path: 'opensOn' },
      { body: { ...valid, public: false }, status: 422, path: 'invite' },
      { body: { ...valid, colour: 'blue' }, status: 422, path: 'colour' },
      { body: { ...valid, invite: ['not an email'] }, status: 422, path: 'invite[0]' },
      { body: { ...valid, transferId: randomUUID() }, status: 422, path: 'transferId' },
      { body: { ...valid, contractId: randomUUID() }, status: 422, path: 'contractId' },
      { body: { ...valid, transferId, contractId: randomUUID() }, status: 422, path: 'contractId' },
      { body: { ...valid, closesOn: '2026-02-30' }, status: 422, path: 'closesOn' },
      { body: '{"title": ', status: 400 },
      { body: 'title=x', status: 415, contentType: 'application/x-www-form-urlencoded' },
    ];

    // Act
    const answers: Array<Awaited<ReturnType<typeof hr.post>>> = [];
    for (const { body, contentType } of cases)
      answers.push(await hr.post('/api/consultations', body, contentType));

    // Assess
    cases.forEach(({ status, path }, index) => {
      const answer = answers[index] as (typeof answers)[number];
      expect(answer.status, JSON.stringify(cases[index]?.body)).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      if (path) expect(answer.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    });
    expect(await titlesListed()).not.toContain(bad);
  });

  it('warns about a public consultation shorter than twelve weeks unless a justification is recorded', async () => {
    // Prepare
    const today = await localToday();
    const fourWeeks = { opensOn: addDays(today, 3), closesOn: addDays(today, 30), public: true };

    // Act
    const warned = await hr.post('/api/consultations', { ...fourWeeks, title: `Four weeks ${run} (test)` });
    const justified = await hr.post('/api/consultations', {
      ...fourWeeks,
      title: `Four weeks justified ${run} (test)`,
      shortPeriodJustification: 'The partnership agreement must be signed before the financial year ends.',
    });
    const twelveWeeks = await hr.post('/api/consultations', {
      ...fourWeeks,
      closesOn: addDays(fourWeeks.opensOn, 12 * 7 - 1),
      title: `Twelve weeks ${run} (test)`,
    });
    const listed = (await hr.get('/api/consultations')).json as {
      items: Array<{ id: string; warnings: Array<{ code: string }> }>;
    };

    // Assess
    expect([warned.status, justified.status, twelveWeeks.status]).toEqual([201, 201, 201]);
    expect(warned.json.warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS',
    ]);
    expect(justified.json.warnings).toEqual([]);
    expect(twelveWeeks.json.warnings).toEqual([]);
    expect(listed.items.find((item) => item.id === warned.json.id)?.warnings).toHaveLength(1);
    expect((await hr.get(`/api/consultations/${warned.json.id}`)).json.warnings).toHaveLength(1);
  });

  it('creates a consultation linked to the transfer with listed invitees, scheduled, with its three timers', async () => {
    // Act
    const created = await hr.post('/api/consultations', {
      title,
      description: 'How the two services will work together from the transfer date.',
      opensOn,
      closesOn,
      transferId,
      invite: [...invitees, invitees[0]],
      public: true,
      shortPeriodJustification: 'The transfer date is fixed by the partnership agreement.',
    });
    consultationId = created.json.id;

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/consultations/${consultationId}`);
    expect(created.json).toMatchObject({
      title,
      status: 'scheduled',
      invited: 2,
      responded: 0,
      publicResponses: 0,
      warnings: [],
      linkedTo: { kind: 'transfer', id: transferId },
    });
    expect(created.json.publicUrl).toMatch(/\/forms\/consultation\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]$/);
    expect(created.json.timers).toEqual([
      { kind: 'consultation-opens', dueOn: opensOn, status: 'pending' },
      { kind: 'consultation-reminder', dueOn: reminderOn, status: 'pending' },
      { kind: 'consultation-closes', dueOn: addDays(closesOn, 1), status: 'pending' },
    ]);
    const early = await hr.post(`/api/consultations/${consultationId}/outcome`, {
      decision: 'proceed',
      summary: 'Too early.',
    });
    expect(early.status).toBe(409);
  });

  it("invites each of the transfer's staff and each listed invitee once on the opening day, with their own link", async () => {
    // Act
    await moveClockTo(opensOn);
    await sweep();
    await sweep();

    // Assess
    for (const address of participants()) {
      const invitations = await invitationsTo(address);
      expect(invitations, address).toHaveLength(1);
      expect(invitations[0]?.text).toContain(title);
    }
    const personal = (await invitationsTo(people[1]?.email ?? ''))[0] as OutboxEmail;
    expect(personal.text).toContain(`Dear ${people[1]?.name},`);
    const opened = await getConsultation();
    expect(opened).toMatchObject({ status: 'open', invited: 5 });
    expect(opened.publicUrl).toMatch(/\/forms\/consultation\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]$/);
    expect(opened.timers[0]).toMatchObject({ kind: 'consultation-opens', status: 'done' });
  });

  it('takes responses: an invitee changes theirs and only the latest counts, once', async () => {
    // Prepare
    const [first] = people as [RosterRowFixture];
    const link = await inviteeLink(first.email);

    // Act
    const original = await answerLinkForm(link, {
      response: 'I am worried about my travel to the new base.',
    });
    const changed = await answerLinkForm(link, { response: '=Changed: the new base is fine for me.' });
    const invitee = await answerLinkForm(await inviteeLink(invitees[0] as string), {
      response: 'The partnership supports the proposal.',
    });

    // Assess
    expect([original.status, changed.status, invitee.status]).toEqual([303, 303, 303]);
    const consultation = await getConsultation();
    expect(consultation).toMatchObject({ responded: 2, publicResponses: 0 });
    expect(consultation.responsesByDay).toEqual([{ date: opensOn, invited: 2, public: 0 }]);
    const csv = (await hr.get(`/api/consultations/${consultationId}/responses.csv`)).text;
    expect(csv).toContain("'=Changed: the new base is fine for me.");
    expect(csv).not.toContain('worried about my travel');
  });

  it('takes public responses with name and organisation, and limits how many one client sends in an hour', async () => {
    // Prepare
    const { publicUrl } = await getConsultation();

    // Act
    const named = await answerLinkForm(publicUrl as string, {
      response: 'The voluntary sector welcomes the joint service.',
      name: 'Sam Taylor',
      organisation: `Carers Forum ${run}`,
    });
    const more: number[] = [];
    for (let count = 2; count <= 5; count++) {
      more.push((await answerLinkForm(publicUrl as string, { response: `Public response ${count}` })).status);
    }
    const tooMany = await answerLinkForm(publicUrl as string, { response: 'One too many' });

    // Assess
    expect(named.status).toBe(303);
    expect(more).toEqual([303, 303, 303, 303]);
    expect(tooMany.status).toBe(429);
    const consultation = await getConsultation();
    expect(consultation).toMatchObject({ responded: 2, publicResponses: 5 });
    const csv = (await hr.get(`/api/consultations/${consultationId}/responses.csv`)).text;
    expect(csv).toContain(`Sam Taylor,Carers Forum ${run}`);
    expect(csv).not.toContain('One too many');
  });

  it('reminds only those who have not responded, on the working day before a weekend reminder day, once', async () => {
    // Prepare
    const responders = [people[0]?.email as string, (invitees[0] as string).toLowerCase()];
    const silent = participants().filter((address) => !responders.includes(address));

    // Act
    await moveClockTo(addDays(reminderOn, -1));
    await sweep();
    const dayBefore = await Promise.all(participants().map(remindersTo));
    await moveClockTo(reminderOn);
    await sweep();
    await moveClockTo(addDays(closesOn, -7));
    await sweep();

    // Assess
    expect(dayBefore.flat()).toEqual([]);
    for (const address of responders) expect(await remindersTo(address), address).toEqual([]);
    for (const address of silent) expect(await remindersTo(address), address).toHaveLength(1);
    const timers = (await getConsultation()).timers;
    expect(timers.find((timer) => timer.kind === 'consultation-reminder')).toMatchObject({
      dueOn: reminderOn,
      status: 'done',
    });
  });

  it('closes after the closing day, refuses later responses, and sends the owner the summary with every response as CSV, once', async () => {
    // Act
    await moveClockTo(addDays(closesOn, 1));
    await sweep();
    await sweep();
    const lateLink = await inviteeLink(people[2]?.email as string);
    const lateForm = await openForm(lateLink);
    const late = await submitForm(
      `${lateLink}/confirm`,
      { response: 'Too late', _csrf: lateForm.csrf },
      lateForm.cookie,
    );

    // Assess
    expect(lateForm.status).toBe(410);
    expect(late.status).toBeGreaterThanOrEqual(400);
    const consultation = await getConsultation();
    expect(consultation).toMatchObject({ status: 'closed', responded: 2, publicResponses: 5 });
    const summaries = await emailsTo(hrEmail, 'Consultation closed');
    expect(summaries).toHaveLength(1);
    const summary = summaries[0] as OutboxEmail;
    expect(summary.subject).toContain('(7 responses)');
    expect(summary.text).toContain('People invited: 5');
    expect(summary.text).not.toContain('Sam Taylor');
    const attachment = summary.attachments?.find((file) => file.filename === 'responses.csv');
    const rows = parse(attachment?.content ?? '', { columns: true, bom: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(7);
    expect(
      rows
        .filter((row) => row.respondent === 'invited')
        .map((row) => row.response)
        .sort(),
    ).toEqual(["'=Changed: the new base is fine for me.", 'The partnership supports the proposal.']);
    expect(rows.find((row) => row.name === 'Sam Taylor')).toMatchObject({
      respondent: 'public',
      organisation: `Carers Forum ${run}`,
    });
    const exported = (await hr.get(`/api/consultations/${consultationId}/responses.csv`)).text;
    expect(parse(exported, { columns: true, bom: true })).toEqual(rows);
  });

  it('records the outcome once, refuses bad or repeated outcomes, and tells every participant once', async () => {
    // Act
    const bad = await hr.post(`/api/consultations/${consultationId}/outcome`, {
      decision: 'maybe',
      summary: '',
    });
    const recorded = await hr.post(`/api/consultations/${consultationId}/outcome`, {
      decision: 'proceed-with-changes',
      summary: 'The service moves as planned; travel to the new base is paid for a year.',
    });
    const again = await hr.post(`/api/consultations/${consultationId}/outcome`, {
      decision: 'do-not-proceed',
      summary: 'Changed our mind.',
    });
    await waitFor('the outcome emails', async () => {
      const counts = await Promise.all(
        participants().map(
          async (address) => (await emailsTo(address, 'Outcome of the consultation')).length,
        ),
      );
      return counts.every((count) => count === 1) ? counts : undefined;
    });

    // Assess
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'decision',
      'summary',
    ]);
    expect(recorded.status).toBe(200);
    expect(recorded.json).toMatchObject({ status: 'decided', outcome: { decision: 'proceed-with-changes' } });
    expect(again.status).toBe(409);
    expect((await getConsultation()).outcome).toMatchObject({ decision: 'proceed-with-changes' });
    const outcome = (
      await emailsTo(people[0]?.email as string, 'Outcome of the consultation')
    )[0] as OutboxEmail;
    expect(outcome.text).toContain('travel to the new base is paid for a year');
    expect(outcome.text).toContain('go ahead with changes');
  });
});

describe("Journey: a transfer's own consultation", () => {
  const run = randomUUID().slice(0, 8);

  it('is created once when the transfer is launched, however often, and invites the staff when it opens', async () => {
    // Prepare
    const hr = api(await tokenFor('hr', `hr.transfer-consultation.${run}@example.org`));
    const today = await localToday();
    const opensOn = addDays(today, 1);
    const consultation = { opensOn, closesOn: addDays(today, 20) };
    const name = `Transfer with a consultation ${run} (test)`;
    const people = rosterRows(2, run);
    const created = await hr.post('/api/transfers', {
      ...pensionTransferInput(today, addDays, name),
      consultation,
    });
    const transferId = created.json.id as string;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });

    // Act
    const launches = [
      (await hr.post(`/api/transfers/${transferId}/launch`)).status,
      (await hr.post(`/api/transfers/${transferId}/launch`)).status,
    ];
    const listed = (await hr.get('/api/consultations')).json as {
      items: Array<{ id: string; title: string; status: string; opensOn: string; public: boolean }>;
    };
    const linked = listed.items.filter((item) => item.title.includes(name));
    await moveClockTo(opensOn);
    await sweep();

    // Assess
    expect(launches).toEqual([202, 202]);
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ status: 'scheduled', opensOn, public: false });
    const view = (await hr.get(`/api/consultations/${linked[0]?.id}`)).json as ConsultationAnswer;
    expect(view).toMatchObject({
      status: 'open',
      invited: 2,
      linkedTo: { kind: 'transfer', id: transferId },
    });
    for (const person of people) {
      const invitations = (await outbox()).filter(
        (email) => email.to.includes(person.email) && email.subject.startsWith('Have your say by'),
      );
      expect(invitations, person.email).toHaveLength(1);
    }
  });
});
