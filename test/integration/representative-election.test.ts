/**
 * The election of employee representatives (TUPE reg 14) through the local stack's HTTP API, its forms and
 * its clock, on a 25-person roster: a union representative added; the election started (a second refused);
 * nomination links to everyone in scope, three people standing; nominations closing with the clock, ballot
 * links to everyone; twenty votes (a repeated vote and a tampered link refused); the clock past the ballot's
 * close, the count, the elected recorded as representatives and the result emailed to staff and HR; and the
 * whole table read to show that no stored item links a vote to a voter. Dates come from the local clock.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  answerLinkForm,
  api,
  baseUrl,
  formLinkIn,
  localToday,
  moveClockTo,
  type OutboxEmail,
  openForm,
  outbox,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface ElectionAnswer {
  seats: number;
  status: string;
  candidates: Array<{ employeeNumber: string; name: string }>;
  turnout: { voted: number; eligible: number };
  result?: {
    elected: Array<{ employeeNumber: string; name: string }>;
    votes: Record<string, number>;
    unopposed: boolean;
    tie?: unknown;
  };
}

describe('Journey: an election of employee representatives from nominations to the count', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.representatives.${run}@example.org`;
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  let hr: ReturnType<typeof api>;
  let people: RosterRowFixture[];
  let transferId: string;
  let today: string;
  let nominationsCloseOn: string;
  let ballotClosesOn: string;

  const person = (index: number) => people[index] as RosterRowFixture;
  const emailsTo = async (address: string, subjectStart: string) =>
    (await outbox(address)).filter((email) => email.subject.startsWith(subjectStart));
  /** The one email of a kind each person in scope got, once every one has it. */
  const everyoneGot = (subjectStart: string) =>
    waitFor(`"${subjectStart}" to all ${people.length}`, async () => {
      const emails = await Promise.all(people.map((each) => emailsTo(each.email, subjectStart)));
      return emails.every((found) => found.length === 1)
        ? emails.map((found) => found[0] as OutboxEmail)
        : undefined;
    });
  const election = async () =>
    (await hr.get(`/api/transfers/${transferId}/representative-election`)).json as ElectionAnswer;

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    nominationsCloseOn = addDays(today, 3);
    ballotClosesOn = addDays(today, 10);
    people = rosterRows(25, run);
    const transfer = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, `Represented transfer ${run} (test)`),
    );
    transferId = transfer.json.id;
    const imported = await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    expect([transfer.status, imported.status]).toEqual([201, 200]);
  });

  it('adds a union representative, refusing one without its union, and lists them', async () => {
    // Act
    const refused = await hr.post(`/api/transfers/${transferId}/representatives`, {
      kind: 'union',
      name: 'Pat Organiser',
      email: `pat.${run}@example.org`,
    });
    const added = await hr.post(`/api/transfers/${transferId}/representatives`, {
      kind: 'union',
      name: 'Pat Organiser',
      email: `pat.${run}@example.org`,
      union: 'UNISON',
    });
    const listed = await hr.get(`/api/transfers/${transferId}/representatives`);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'union' })]);
    expect(added.status).toBe(201);
    expect(listed.json).toEqual({
      items: [
        expect.objectContaining({ kind: 'union', name: 'Pat Organiser', union: 'UNISON', addedBy: hrEmail }),
      ],
      directConsultationAllowed: false,
    });
  });

  it('starts the election once and emails everyone in scope their nomination link', async () => {
    // Act
    const started = await hr.post(`/api/transfers/${transferId}/representative-election`, {
      seats: 2,
      nominationsCloseOn,
      ballotClosesOn,
    });
    const again = await hr.post(`/api/transfers/${transferId}/representative-election`, {
      seats: 3,
      nominationsCloseOn,
      ballotClosesOn,
    });
    const nominations = await everyoneGot('Stand as an employee representative');

    // Assess
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({
      seats: 2,
      status: 'nominating',
      turnout: { voted: 0, eligible: 25 },
    });
    expect(again.status).toBe(409);
    expect(nominations).toHaveLength(25);
  });

  it('records three candidates, once each, and refuses a wrong employee number', async () => {
    // Prepare
    const linkOf = async (index: number) =>
      formLinkIn(
        (await emailsTo(person(index).email, 'Stand as an employee representative'))[0] as OutboxEmail,
        'nomination',
      );

    // Act
    const stood = [];
    for (const index of [1, 2, 3]) {
      stood.push(
        await answerLinkForm(await linkOf(index), {
          employeeNumber: person(index).employeeNumber,
          standing: 'yes',
        }),
      );
    }
    const twice = await answerLinkForm(await linkOf(1), {
      employeeNumber: person(1).employeeNumber,
      standing: 'yes',
    });
    const wrongNumber = await answerLinkForm(await linkOf(4), {
      employeeNumber: person(5).employeeNumber,
      standing: 'yes',
    });
    const declined = await answerLinkForm(await linkOf(6), {
      employeeNumber: person(6).employeeNumber,
      standing: 'no',
    });

    // Assess
    expect([...stood, twice, declined].map((answer) => answer.status)).toEqual([303, 303, 303, 303, 303]);
    expect(wrongNumber.status).toBe(422);
    expect(wrongNumber.html).toContain('The employee number does not match our records for this link');
    expect((await election()).candidates.map((candidate) => candidate.employeeNumber).sort()).toEqual(
      [1, 2, 3].map((index) => person(index).employeeNumber).sort(),
    );
  });

  it('opens the ballot when nominations close and emails everyone their ballot link', async () => {
    // Act
    await moveClockTo(addDays(nominationsCloseOn, 1));
    const ballots = await everyoneGot('Vote for your employee representatives');
    const lateNomination = await openForm(
      formLinkIn(
        (await emailsTo(person(8).email, 'Stand as an employee representative'))[0] as OutboxEmail,
        'nomination',
      ),
    );

    // Assess
    expect(ballots).toHaveLength(25);
    expect(ballots[0]?.text).toContain(person(1).name);
    expect((await election()).status).toBe('balloting');
    expect(lateNomination.status).toBe(410);
  });

  it('takes one secret vote a person, refusing a second vote and a tampered link', async () => {
    // Prepare: 10 votes for the first candidate, 8 for the second, 2 for the third.
    const [first, second, third] = [person(1), person(2), person(3)];
    const choices = [
      ...Array.from({ length: 10 }, () => first),
      ...Array.from({ length: 8 }, () => second),
      ...Array.from({ length: 2 }, () => third),
    ];
    const ballotLink = async (index: number) =>
      formLinkIn(
        (await emailsTo(person(index).email, 'Vote for your employee representatives'))[0] as OutboxEmail,
        'ballot',
      );

    // Act
    const votes = [];
    for (const [index, candidate] of choices.entries()) {
      votes.push(
        await answerLinkForm(await ballotLink(index), {
          employeeNumber: person(index).employeeNumber,
          candidate: candidate.employeeNumber,
        }),
      );
    }
    const repeated = await answerLinkForm(await ballotLink(0), {
      employeeNumber: person(0).employeeNumber,
      candidate: third.employeeNumber,
    });
    const link = await ballotLink(21);
    const tampered = await openForm(`${link.slice(0, -4)}${link.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`);

    // Assess
    expect(votes.map((answer) => answer.status)).toEqual(choices.map(() => 303));
    expect(repeated.status).toBe(409);
    expect(repeated.html).toContain('You have already voted');
    expect(tampered.status).toBe(404);
    expect((await election()).turnout).toEqual({ voted: 20, eligible: 25 });
  });

  it('stores no item that links a vote to a voter', async () => {
    // Act: every item of the table, whatever its partition.
    const items: Array<Record<string, unknown>> = [];
    for await (const page of paginateScan({ client: documentClient }, { TableName: localTableName })) {
      items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
    }
    const ofTransfer = items.filter((item) => String(item.pk).includes(transferId));
    const votes = ofTransfer.filter((item) => String(item.sk).startsWith('VOTE#'));
    const markers = ofTransfer.filter((item) => String(item.sk).startsWith('VOTED#'));
    const voters = people.slice(0, 20).map((each) => each.employeeNumber.toUpperCase());

    // Assess
    expect(votes).toHaveLength(20);
    expect(markers).toHaveLength(20);
    for (const vote of votes) {
      // The candidate only: no voter, time, shard or anything shared with a marker.
      expect(Object.keys(vote).sort()).toEqual(['candidate', 'pk', 'sk']);
      expect(String(vote.sk)).toMatch(/^VOTE#[0-9a-f-]{36}$/);
    }
    for (const marker of markers) {
      expect(Object.keys(marker).sort()).toEqual(['pk', 'sk', 'type']);
    }
    expect(new Set(votes.map((vote) => vote.pk)).has(markers[0]?.pk)).toBe(false);
    // No item anywhere in the table holds a voter's number beside a vote (a vote's candidate is whom it is
    // for, not who cast it).
    for (const item of items) {
      const { candidate: _votedFor, ...rest } = item;
      const text = JSON.stringify(rest).toUpperCase();
      const namesAVoter = voters.some((voter) => text.includes(voter));
      const holdsAVote = 'candidate' in item || text.includes('VOTE#');
      expect(namesAVoter && holdsAVote, JSON.stringify(item)).toBe(false);
    }
  });

  it('counts the ballot once it closes, records the elected and emails the result to staff and HR', async () => {
    // Act
    await moveClockTo(addDays(ballotClosesOn, 1));
    const results = await everyoneGot('Result of the election of employee representatives');
    const hrResult = await waitFor(
      'the result to HR',
      async () => (await emailsTo(hrEmail, 'Result of the election of employee representatives'))[0],
    );
    const counted = await election();
    const representatives = (await hr.get(`/api/transfers/${transferId}/representatives`)).json;
    const pack = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence?format=html`, {
      headers: { authorization: `Bearer ${await tokenFor('hr', hrEmail)}` },
    });

    // Assess
    expect(counted.status).toBe('closed');
    expect(counted.result).toMatchObject({
      elected: [{ employeeNumber: person(1).employeeNumber }, { employeeNumber: person(2).employeeNumber }],
      votes: {
        [person(1).employeeNumber]: 10,
        [person(2).employeeNumber]: 8,
        [person(3).employeeNumber]: 2,
      },
      unopposed: false,
    });
    expect(counted.result?.tie).toBeUndefined();
    expect(representatives.items).toEqual([
      expect.objectContaining({ kind: 'union' }),
      ...[1, 2].map((index) =>
        expect.objectContaining({
          kind: 'employee',
          name: person(index).name,
          email: person(index).email,
          employeeNumber: person(index).employeeNumber,
          addedBy: 'election',
        }),
      ),
    ]);
    expect(results).toHaveLength(25);
    for (const text of [results[0]?.text ?? '', hrResult.text]) {
      expect(text).toContain('20 of 25 people voted');
      expect(text).toContain(`${person(2).name}: 8 votes (elected)`);
      expect(text).toContain(`${person(3).name}: 2 votes`);
    }
    expect(pack.status).toBe(200);
    const html = await pack.text();
    expect(html).toContain('Representatives and election');
    expect(html).toContain('20 of 25 people in scope voted');
  });
});

describe('Journey: a transfer cancelled while its election is open', () => {
  const run = randomUUID().slice(0, 8);
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );

  it("cancels the election's timers with the transfer, and its links then say the election has closed", async () => {
    // Prepare: a launched transfer whose staff were asked to stand
    const hr = api(await tokenFor('hr', `hr.cancelled-election.${run}@example.org`));
    const today = await localToday();
    const people = rosterRows(4, run);
    const transferId = (
      await hr.post(
        '/api/transfers',
        pensionTransferInput(today, addDays, `Cancelled election ${run} (test)`),
      )
    ).json.id as string;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    const started = await hr.post(`/api/transfers/${transferId}/representative-election`, {
      seats: 1,
      nominationsCloseOn: addDays(today, 3),
      ballotClosesOn: addDays(today, 10),
    });
    expect(started.status, started.text).toBe(201);
    const nominationTo = async (address: string) =>
      (await outbox(address)).find((email) =>
        email.subject.startsWith('Stand as an employee representative'),
      );
    const nomination = await waitFor('a nomination link', () => nominationTo(people[0]?.email as string));
    const link = formLinkIn(nomination, 'nomination');

    // Act
    const cancelled = await hr.post(`/api/transfers/${transferId}/cancel`);
    const { Items: timers = [] } = await documentClient.send(
      new QueryCommand({
        TableName: localTableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :timer)',
        ExpressionAttributeValues: { ':pk': `TRANSFER#${transferId}`, ':timer': 'TIMER#' },
      }),
    );
    const form = await openForm(link);
    await moveClockTo(addDays(today, 4));
    const ballots = await Promise.all(
      people.map(async (person) =>
        (await outbox(person.email)).filter((email) => email.text.includes('/forms/ballot/')),
      ),
    );

    // Assess
    expect(cancelled.status).toBe(200);
    expect(timers.map((timer) => [timer.kind, timer.status]).sort()).toEqual([
      ['representative-ballot-closes', 'cancelled'],
      ['representative-nominations-close', 'cancelled'],
    ]);
    expect(form.status).toBe(410);
    expect(form.html).toContain('The election has closed');
    expect(ballots.flat()).toEqual([]);
  });
});
