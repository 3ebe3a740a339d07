/**
 * Issue 11's whole story for a 120-person transfer with no recognised union, through the local stack's
 * HTTP API, its email outbox and its clock: staff elect their representatives (nominations, a secret
 * ballot with 97 votes, the count), the transferee gives its measures through its link, HR sends the
 * reg 13(2) information 45 days before the transfer, records two meetings and answers three
 * representations, gives the employee liability information in time (downloaded by the transferee),
 * and an objection after it produces an update notice. The evidence pack's text shows each with its date.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  answerLinkForm,
  api,
  baseUrl,
  formLinkIn,
  localToday,
  moveClockTo,
  outbox,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';
import { pdfText } from './support/pdf-text.ts';

const rosterSize = 120;
const voters = 97;
const hrEmail = 'hr.collective-duties@example.org';
const transferee = { name: 'Jo Patel', email: `jo.patel.${randomUUID().slice(0, 8)}@trust.example` };

/** "3 March 2027", as the pack writes dates. */
function inWords(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

describe('Journey: the collective duties of a 120-person transfer, proved by its evidence pack', () => {
  let hr: ReturnType<typeof api>;
  let token: string;
  let today: string;
  let transferDate: string;
  let transferId: string;
  let people: RosterRowFixture[];
  const dates: Record<string, string> = {};

  const path = (rest = '') => `/api/transfers/${transferId}${rest}`;
  const onDay = async (offset: number) => {
    const date = addDays(today, offset);
    await moveClockTo(date);
    return date;
  };
  const latestTo = async (address: string, containing: string) =>
    waitFor(`an email to ${address} with "${containing}"`, async () =>
      (await outbox(address)).filter((email) => email.text.includes(containing)).at(-1),
    );

  beforeAll(async () => {
    token = await tokenFor('hr', hrEmail);
    hr = api(token);
    today = await localToday();
    transferDate = addDays(today, 80);
    people = rosterRows(rosterSize);
    const input = pensionTransferInput(today, addDays, `Collective duties ${randomUUID().slice(0, 8)}`);
    const created = await hr.post('/api/transfers', {
      ...input,
      transferDate,
      pension: { ...input.pension, electionClosesOn: addDays(today, 40) },
      transfereeContact: transferee,
    });
    expect(created.status, created.text).toBe(201);
    transferId = created.json.id;
    // Every ELI field is given for someone: a date of birth and the collective agreements for everyone.
    const eli = (index: number) => ({
      dateOfBirth: `19${60 + (index % 35)}-0${1 + (index % 9)}-1${index % 9}`,
      ...(index % 10 === 0 ? { disciplinaryGrievance: `Written warning ${index}, lateness` } : {}),
      ...(index % 17 === 0 ? { claims: `Holiday pay claim ${index}` } : {}),
      collectiveAgreements: 'NJC Green Book',
    });
    const staff = people.map((person, index) => ({ ...person, ...eli(index) }));
    const imported = await hr.post(path('/staff'), { staff });
    expect(imported.status, imported.text).toBe(200);
    expect((await hr.post(path('/launch'))).status).toBe(202);
    await waitFor('the launch', async () =>
      (await hr.get(path())).json.launch?.status === 'done' ? true : undefined,
    );
  });

  it('has no recognised union, so staff elect their representatives: nominations, a secret ballot, the count', async () => {
    // Act
    dates.election = today;
    const started = await hr.post(path('/representative-election'), {
      seats: 2,
      nominationsCloseOn: addDays(today, 5),
      ballotClosesOn: addDays(today, 12),
    });
    expect(started.status, started.text).toBe(201);
    const candidates = people.slice(0, 3);
    for (const candidate of candidates) {
      const nomination = await latestTo(candidate.email, '/forms/nomination/');
      const answer = await answerLinkForm(formLinkIn(nomination, 'nomination'), {
        employeeNumber: candidate.employeeNumber,
        standing: 'yes',
      });
      expect([200, 303]).toContain(answer.status);
    }
    // Nominations close at the end of their day: the timer opens the ballot.
    await onDay(6);
    const votes = [0, 0, 0];
    for (const [index, voter] of people.slice(0, voters).entries()) {
      const pick = index % 7 === 0 ? 2 : index % 2;
      const ballot = await latestTo(voter.email, '/forms/ballot/');
      const answer = await answerLinkForm(formLinkIn(ballot, 'ballot'), {
        employeeNumber: voter.employeeNumber,
        candidate: candidates[pick]?.employeeNumber as string,
      });
      expect([200, 303], answer.html.slice(0, 300)).toContain(answer.status);
      votes[pick] = (votes[pick] ?? 0) + 1;
    }
    dates.count = await onDay(13);
    const election = await waitFor('the count', async () => {
      const answer = (await hr.get(path('/representative-election'))).json;
      return answer?.result ? answer : undefined;
    });

    // Assess
    expect(election.turnout).toMatchObject({ voted: voters, eligible: rosterSize });
    const expected = candidates
      .map((candidate, index) => ({ employeeNumber: candidate.employeeNumber, votes: votes[index] }))
      .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0));
    expect(election.result.elected.map((e: { employeeNumber: string }) => e.employeeNumber).sort()).toEqual(
      expected
        .slice(0, 2)
        .map((e) => e.employeeNumber)
        .sort(),
    );
    const representatives = (await hr.get(path('/representatives'))).json.items;
    expect(representatives).toHaveLength(2);
  });

  it('asks the transferee for its measures, and its contact answers through the link', async () => {
    // Act
    expect((await hr.post(path('/measures-request'))).status).toBe(202);
    const request = await latestTo(transferee.email, '/forms/measures/');
    dates.measures = await localToday();
    const answer = await answerLinkForm(formLinkIn(request, 'measures'), {
      measures: 'Staff will move to the trust payroll on the transfer date; no redundancies are envisaged.',
    });

    // Assess
    expect([200, 303]).toContain(answer.status);
  });

  it('sends the reg 13(2) information to the representatives 45 days before the transfer, with no warning', async () => {
    // Act
    dates.information = await onDay(80 - 45);
    const sent = await hr.post(path('/information'), {
      reasons: 'To integrate adult social care with community health services under a section 75 agreement.',
      implications: {
        legal: 'Employment transfers on existing terms (TUPE reg 4).',
        economic: 'No change to pay.',
        social: 'Teams stay together.',
      },
      transferorMeasures: { none: true },
      agencyWorkers: { count: 4, where: 'Cannock', roles: 'Care workers' },
    });

    // Assess
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.warnings).toEqual([]);
    expect(sent.json.recipients).toHaveLength(2);
  });

  it('records two meetings and three representations, each answered', async () => {
    // Act: recorded afterwards, as minutes are; none may be dated in the future
    dates.replies = await onDay(42);
    dates.meeting1 = addDays(today, 37);
    dates.meeting2 = addDays(today, 41);
    for (const heldOn of [dates.meeting1, dates.meeting2]) {
      const meeting = await hr.post(path('/consultation-meetings'), {
        heldOn,
        attendees: ['HR lead', 'Elected representatives'],
        notes: 'The measures discussed: the payroll date.',
      });
      expect(meeting.status, meeting.text).toBe(201);
    }
    for (const [index, accepted] of [true, false, true].entries()) {
      const received = await hr.post(path('/representations'), {
        receivedOn: addDays(today, 38 + index),
        from: 'Elected representatives',
        text: `Representation ${index + 1}: keep the Leek office open.`,
      });
      expect(received.status, received.text).toBe(201);
      const reply = await hr.post(path(`/representations/${received.json.id}/reply`), {
        text: `Reply ${index + 1}`,
        accepted,
        ...(accepted ? {} : { reasons: 'The office lease ends in March.' }),
      });
      expect(reply.status, reply.text).toBe(200);
    }
  });

  it('gives the liability information on time; the transferee downloads it; an objection after sends an update', async () => {
    // Act
    dates.eli = await onDay(45);
    expect((await hr.post(path('/eli'))).status).toBe(202);
    const given = await waitFor('the ELI given', async () => {
      const answer = (await hr.get(path('/eli'))).json;
      return answer?.status === 'given' ? answer : undefined;
    });
    const email = await latestTo(transferee.email, '/forms/eli/');
    const page = await fetch(formLinkIn(email, 'eli'));
    const html = await page.text();
    const download =
      html.match(/href="([^"]*\/forms\/eli\/[^"]+\.pdf)"/)?.[1] ??
      html.match(/href="(\/forms\/eli\/[^"]+)"/)?.[1];
    expect(download, html.slice(0, 500)).toBeDefined();
    const file = await fetch(new URL(download as string, baseUrl()));
    expect(file.status).toBe(200);
    dates.objection = await onDay(47);
    const objector = people[100] as RosterRowFixture;
    const objection = await hr.post(path(`/staff/${objector.employeeNumber}/objection`), {
      receivedOn: dates.objection,
      note: 'Wishes to stay with the council.',
    });
    expect(objection.status, objection.text).toBe(200);

    // Assess
    expect(given.givenAt).toBeDefined();
    const eli = await waitFor('the update notice', async () => {
      const answer = (await hr.get(path('/eli'))).json;
      return answer.updates.length > 0 && answer.downloads.length > 0 ? answer : undefined;
    });
    expect(eli.updates).toHaveLength(1);
  });

  it("shows each of these with its date in the evidence pack's text", async () => {
    // Act
    const response = await fetch(`${baseUrl()}${path('/evidence')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const text = await pdfText(Buffer.from(await response.arrayBuffer()));

    // Assess: each duty with its date, in words, in its own section
    const day = (date: string | undefined) => inWords(date as string).replace(' ', '\\s');
    const objector = people[100] as RosterRowFixture;
    const expectations: Array<[string, RegExp]> = [
      ['the turnout', new RegExp(`Turnout ${voters} of ${rosterSize} people in scope voted`)],
      ['the count', new RegExp(`Result, counted ${day(dates.count)} at`)],
      [
        'the measures',
        new RegExp(
          `Received ${day(dates.measures)} at \\S+ from ${transferee.email} Measures Staff will move`,
        ),
      ],
      ['the information', new RegExp(`Sent on \\w+ ${day(dates.information)} Sent`)],
      ['the first meeting', new RegExp(`\\w+ ${day(dates.meeting1)} HR lead, Elected representatives`)],
      ['the second meeting', new RegExp(`\\w+ ${day(dates.meeting2)} HR lead, Elected representatives`)],
      ...[1, 2, 3].map((n): [string, RegExp] => [
        `representation ${n}`,
        new RegExp(
          `Received \\w+ ${day(addDays(today, 37 + n))}: Representation ${n}: keep the Leek office open`,
        ),
      ]),
      [
        'the rejected reply',
        new RegExp(
          `Not accepted, replied \\w+ ${day(dates.replies)}: Reply 2 Reasons: The office lease ends in March`,
        ),
      ],
      ['the ELI given', new RegExp(`Given ${day(dates.eli)} at \\S+ To ${transferee.name}`)],
      ['the ELI downloaded', new RegExp(`${day(dates.eli)} at \\S+ information\\.pdf ${transferee.name}`)],
      [
        'the update notice',
        new RegExp(`${day(dates.objection)} at \\S+ An objection \\(employee ${objector.employeeNumber}\\)`),
      ],
    ];
    const missing = expectations.filter(([, pattern]) => !pattern.test(text)).map(([what]) => what);
    expect(missing).toEqual([]);
  });
});
