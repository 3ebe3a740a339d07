/**
 * Idempotency-Key on every create or record route, through the local stack: the same request twice with
 * one key gives the same status and body with one record, one email and one workflow only; the same key
 * with another body is a 422. And a contracts batch that fails part-way stores nothing (against DynamoDB
 * Local itself, since only a conflict inside the store can make a valid batch fail part-way).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { contractRepository } from '../../functions/adapters/contract-repository.ts';
import type { Contract } from '../../functions/domain/contract.ts';
import { ConflictError } from '../../functions/domain/errors.ts';
import { pendingTimer } from '../../functions/domain/timer.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  moveClockTo,
  outbox,
  sweep,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

const run = randomUUID().slice(0, 8);
const hrEmail = `hr.idempotency.${run}@example.org`;
const managerEmail = `manager.idempotency.${run}@example.org`;

interface Answer {
  status: number;
  text: string;
  replayed: string | null;
  json: unknown;
}

/** One POST with an Idempotency-Key, as a client retrying after a lost answer would send it. */
async function postWithKey(
  token: string,
  path: string,
  key: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': key,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    replayed: response.headers.get('idempotent-replayed'),
    json:
      text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined,
  };
}

/** Sends the request twice with one key, then the key with another body: answers the three. */
async function sendTwiceThenOther(
  token: string,
  path: string,
  body: unknown,
  otherBody: unknown,
  otherPath = path,
): Promise<{ first: Answer; again: Answer; other: Answer }> {
  const key = randomUUID();
  const first = await postWithKey(token, path, key, body);
  const again = await postWithKey(token, path, key, body);
  const other = await postWithKey(token, otherPath, key, otherBody);
  return { first, again, other };
}

function expectSameAnswerThenReused(
  { first, again, other }: { first: Answer; again: Answer; other: Answer },
  status: number,
) {
  expect(first.status, first.text).toBe(status);
  expect(first.replayed).toBeNull();
  expect(again.status).toBe(status);
  expect(again.text).toBe(first.text);
  expect(again.replayed).toBe('true');
  expect(other.status, other.text).toBe(422);
  expect(other.json).toMatchObject({
    status: 422,
    type: 'tag:transfer-desk,2025:problem:idempotency-key-reused',
  });
}

function contractInput(title: string, endDate: string) {
  return {
    kind: 'employment',
    title,
    parties: ['Midlands Partnership NHS Foundation Trust'],
    managerEmail,
    startDate: addDays(endDate, -365),
    endDate,
  };
}

describe('Journey: a retried create or record does it once (Idempotency-Key)', () => {
  let token: string;
  let hr: ReturnType<typeof api>;
  let today: string;

  beforeAll(async () => {
    token = await tokenFor('hr', hrEmail);
    hr = api(token);
    today = await localToday();
  });

  const transferNamed = (name: string) => pensionTransferInput(today, addDays, name);
  const transfersNamed = async (name: string) =>
    ((await hr.get('/api/transfers')).json.items as Array<{ name: string }>).filter(
      (item) => item.name === name,
    );

  it('creates a transfer once', async () => {
    // Act
    const answers = await sendTwiceThenOther(
      token,
      '/api/transfers',
      transferNamed(`Idempotent ${run}`),
      transferNamed(`Idempotent other ${run}`),
    );

    // Assess
    expectSameAnswerThenReused(answers, 201);
    expect(await transfersNamed(`Idempotent ${run}`)).toHaveLength(1);
    expect(await transfersNamed(`Idempotent other ${run}`)).toHaveLength(0);
  });

  describe('on one transfer', () => {
    let transferId: string;
    let people: RosterRowFixture[];

    beforeAll(async () => {
      const created = await hr.post('/api/transfers', transferNamed(`Idempotent roster ${run}`));
      expect(created.status).toBe(201);
      transferId = created.json.id;
      people = rosterRows(3);
    });

    it('imports a roster once', async () => {
      // Act
      const answers = await sendTwiceThenOther(
        token,
        `/api/transfers/${transferId}/staff`,
        { staff: people },
        { staff: rosterRows(1) },
      );

      // Assess
      expectSameAnswerThenReused(answers, 200);
      expect(answers.first.json).toEqual({ added: 3, total: 3 });
      expect((await hr.get(`/api/transfers/${transferId}`)).json.total).toBe(3);
    });

    it('launches once: one invitation each, one workflow', async () => {
      // Prepare: the same key on another transfer's launch is another request.
      const other = await hr.post('/api/transfers', transferNamed(`Idempotent other launch ${run}`));

      // Act
      const answers = await sendTwiceThenOther(
        token,
        `/api/transfers/${transferId}/launch`,
        undefined,
        undefined,
        `/api/transfers/${other.json.id}/launch`,
      );

      // Assess
      expectSameAnswerThenReused(answers, 202);
      const invitations = await waitFor('the three invitations', async () => {
        const emails = (await outbox()).filter((email) =>
          people.some((person) => email.to.includes(person.email)),
        );
        return emails.length >= 3 ? emails : undefined;
      });
      expect(invitations).toHaveLength(3);
      expect((await hr.get(`/api/transfers/${other.json.id}`)).json.status).toBe('draft');
    });

    it('records an objection once', async () => {
      // Prepare
      const person = people[0] as RosterRowFixture;
      const path = `/api/transfers/${transferId}/staff/${person.employeeNumber}/objection`;

      // Act
      const answers = await sendTwiceThenOther(
        token,
        path,
        { receivedOn: today, note: 'Letter filed' },
        { receivedOn: today, note: 'Another letter' },
      );

      // Assess
      expectSameAnswerThenReused(answers, 200);
      const staffCase = (await hr.get(`/api/transfers/${transferId}/staff/${person.employeeNumber}`)).json;
      expect(
        staffCase.history.filter((entry: { action: string }) => entry.action === 'objected'),
      ).toHaveLength(1);
    });
  });

  describe('contracts', () => {
    const contractsTitled = async (prefix: string) =>
      (
        (await hr.get('/api/contracts?dueWithinDays=730')).json.items as Array<{ id: string; title: string }>
      ).filter((item) => item.title.startsWith(prefix));

    it('creates a batch larger than one transaction once', async () => {
      // Prepare: 30 contracts with 6 timers each are 210 items, more than one transaction holds.
      const prefix = `Idempotent batch ${run}`;
      const batch = Array.from({ length: 30 }, (_, index) =>
        contractInput(`${prefix} ${index}`, addDays(today, 300 + index)),
      );

      // Act
      const answers = await sendTwiceThenOther(
        token,
        '/api/contracts',
        { contracts: batch },
        { contracts: batch.slice(1) },
      );

      // Assess
      expectSameAnswerThenReused(answers, 201);
      expect((answers.first.json as { items: unknown[] }).items).toHaveLength(30);
      expect(await contractsTitled(prefix)).toHaveLength(30);
    });

    it('records a decision once', async () => {
      // Prepare
      const created = await hr.post(
        '/api/contracts',
        contractInput(`Idempotent decision ${run}`, addDays(today, 200)),
      );
      const id = created.json.items[0].id as string;

      // Act
      const answers = await sendTwiceThenOther(
        token,
        `/api/contracts/${id}/decision`,
        { decision: 'renew', newEndDate: addDays(today, 565) },
        { decision: 'end' },
      );

      // Assess
      expectSameAnswerThenReused(answers, 200);
      const contract = (await hr.get(`/api/contracts/${id}`)).json;
      expect(contract.decisions).toHaveLength(1);
      expect(contract.terms).toHaveLength(2);
    });

    it('records a justification once', async () => {
      // Prepare: a renewal past four years of continuous service, so the new term needs a justification.
      const created = await hr.post('/api/contracts', {
        ...contractInput(`Idempotent justification ${run}`, addDays(today, 200)),
        continuousServiceStart: addDays(today, -1200),
      });
      const id = created.json.items[0].id as string;
      const renewed = await hr.post(`/api/contracts/${id}/decision`, {
        decision: 'renew',
        newEndDate: addDays(today, 565),
      });
      const termId = renewed.json.renewedAs as string;

      // Act
      const answers = await sendTwiceThenOther(
        token,
        `/api/contracts/${termId}/justification`,
        { text: 'Funded by a grant that ends on the new end date' },
        { text: 'Another reason' },
      );

      // Assess
      expectSameAnswerThenReused(answers, 200);
      const term = (await hr.get(`/api/contracts/${termId}`)).json;
      expect(term.justifications).toEqual([
        expect.objectContaining({ text: 'Funded by a grant that ends on the new end date' }),
      ]);
    });
  });

  describe('consultations', () => {
    const invitee = `invitee.idempotency.${run}@example.org`;
    const title = `Idempotent consultation ${run}`;
    let consultationId: string;

    it('creates a consultation once', async () => {
      // Act
      const answers = await sendTwiceThenOther(
        token,
        '/api/consultations',
        { title, opensOn: today, closesOn: addDays(today, 2), invite: [invitee], public: false },
        {
          title: `${title} other`,
          opensOn: today,
          closesOn: addDays(today, 2),
          invite: [invitee],
          public: false,
        },
      );

      // Assess
      expectSameAnswerThenReused(answers, 201);
      consultationId = (answers.first.json as { id: string }).id;
      const listed = (await hr.get('/api/consultations')).json.items as Array<{ title: string }>;
      expect(listed.filter((item) => item.title.startsWith(title))).toHaveLength(1);
    });

    it('records the outcome once and tells each participant once', async () => {
      // Prepare: the consultation opens (one invitation), runs and closes.
      await sweep();
      await waitFor('the invitation', async () =>
        (await outbox()).find((email) => email.to.includes(invitee) && email.subject.includes(title)),
      );
      await moveClockTo(addDays(today, 3));
      await sweep();

      // Act
      const answers = await sendTwiceThenOther(
        token,
        `/api/consultations/${consultationId}/outcome`,
        { decision: 'proceed', summary: 'We go ahead as planned.' },
        { decision: 'do-not-proceed', summary: 'We stop.' },
      );

      // Assess
      expectSameAnswerThenReused(answers, 200);
      const outcomeEmails = await waitFor('the outcome email', async () => {
        const emails = (await outbox()).filter(
          (email) => email.to.includes(invitee) && email.subject === `Outcome of the consultation: ${title}`,
        );
        return emails.length > 0 ? emails : undefined;
      });
      expect(outcomeEmails).toHaveLength(1);
      expect((await hr.get(`/api/consultations/${consultationId}`)).json.outcome).toMatchObject({
        decision: 'proceed',
      });
    });
  });
});

describe('Store: a contracts batch that fails part-way stores nothing', () => {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const table = { client: documentClient, tableName: () => localTableName };
  const contracts = contractRepository(table);

  const contractWithId = (id: string, index: number): Contract => ({
    id,
    kind: 'employment',
    title: `Part-way ${run} ${index}`,
    parties: ['Midlands Partnership NHS Foundation Trust'],
    managerEmail,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    noticeDays: 30,
    reminderDays: [90, 60, 30, 14],
    requiresConsultation: false,
    status: 'active',
    decisions: [],
    warnings: [],
    createdAt: '2026-06-01T09:00:00.000Z',
    createdBy: hrEmail,
  });
  const withTimers = (contract: Contract) => ({
    contract,
    timers: contract.reminderDays.map((offset) =>
      pendingTimer('contract', contract.id, 'renewal-reminder', '2027-06-01', offset),
    ),
  });

  it('leaves no contract and no timer of the batch when one near its end conflicts with a stored id', async () => {
    // Prepare: 30 contracts of 5 items (150 items: two transactions); the 26th takes a stored id.
    const taken = contractWithId(randomUUID(), 0);
    await contracts.createAll([withTimers(taken)]);
    const batch = Array.from({ length: 30 }, (_, index) =>
      withTimers(index === 25 ? { ...taken, title: 'Clash' } : contractWithId(randomUUID(), index + 1)),
    );

    // Act
    const creating = contracts.createAll(batch);

    // Assess
    await expect(creating).rejects.toBeInstanceOf(ConflictError);
    for (const { contract, timers } of batch) {
      if (contract.id === taken.id) continue;
      expect(await contracts.get(contract.id)).toBeUndefined();
      const raw = await documentClient.send(
        new GetCommand({ TableName: localTableName, Key: { pk: `CONTRACT#${contract.id}`, sk: 'CONTRACT' } }),
      );
      expect(raw.Item).toBeUndefined();
      const timer = timers[0];
      const rawTimer = await documentClient.send(
        new GetCommand({
          TableName: localTableName,
          Key: { pk: `CONTRACT#${contract.id}`, sk: `TIMER#${timer?.key}` },
        }),
      );
      expect(rawTimer.Item).toBeUndefined();
    }
    expect((await contracts.get(taken.id))?.title).toBe(taken.title);
  });

  it('stores every contract of a batch larger than one transaction when nothing conflicts', async () => {
    // Prepare
    const batch = Array.from({ length: 30 }, (_, index) => withTimers(contractWithId(randomUUID(), index)));

    // Act
    await contracts.createAll(batch);

    // Assess
    for (const { contract } of batch) {
      expect((await contracts.get(contract.id))?.title).toBe(contract.title);
    }
    const timer = await documentClient.send(
      new GetCommand({
        TableName: localTableName,
        Key: { pk: `CONTRACT#${batch[0]?.contract.id}`, sk: `TIMER#${batch[0]?.timers[0]?.key}` },
      }),
    );
    expect(timer.Item).toMatchObject({ gsi1pk: 'TIMERS#PENDING' });
    expect(timer.Item).not.toHaveProperty('stagedBy');
    expect(timer.Item).not.toHaveProperty('expiresAt');
  });
});
