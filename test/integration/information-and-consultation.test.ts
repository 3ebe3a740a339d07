/**
 * The duty to inform and consult (TUPE reg 13) through the local stack's HTTP API, its forms and its clock:
 * two union representatives, the transferee's measures given on the link form, the reg 13(2) information
 * sent 20 days before the transfer (warned: fewer than 30), meetings, representations with replies, and
 * HR reminded at transfer date − 3 (working day on or before) of the one left unanswered.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { representationsReminderOn } from '../../functions/domain/information-duty.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
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

const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);

const information = {
  reasons: 'The council and the trust are integrating adult social care under a section 75 agreement.',
  implications: {
    legal: 'Employment transfers with terms and continuous service preserved.',
    economic: 'Pay and pension choices are unchanged on the transfer date.',
    social: 'Teams stay together and keep their managers.',
  },
  transferorMeasures: { none: true },
  agencyWorkers: { count: 3, where: 'Reablement teams', roles: 'Care workers' },
};

interface MilestoneAnswer {
  kind: string;
  dueOn: string;
  status: string;
  sent?: number;
}

describe('Journey: informing and consulting the representatives', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.duty.${run}@example.org`;
  const contactEmail = `transferee.hr.${run}@example.org`;
  const representatives = [
    {
      id: `rep-a-${run}`,
      name: 'Unison branch secretary',
      email: `unison.${run}@example.org`,
      union: 'UNISON',
    },
    { id: `rep-b-${run}`, name: 'GMB organiser', email: `gmb.${run}@example.org`, union: 'GMB' },
  ];
  let hr: ReturnType<typeof api>;
  let token: string;
  let transferId: string;
  let today: string;
  let transferDate: string;
  const representationIds: string[] = [];

  beforeAll(async () => {
    token = await tokenFor('hr', hrEmail);
    hr = api(token);
    today = await localToday();
    transferDate = addDays(today, 20);
  });

  it('creates and launches a transfer due in 20 days and records two union representatives', async () => {
    // Prepare
    const usual = pensionTransferInput(today, addDays, `Inform and consult ${run} (test)`);
    const input = {
      ...usual,
      transferDate,
      pension: { ...usual.pension, electionClosesOn: addDays(today, 10) },
    };

    // Act
    const created = await hr.post('/api/transfers', input);
    transferId = created.json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: rosterRows(4, run) });
    const launched = await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('the launch', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      return transfer.launch?.status === 'done' ? transfer : undefined;
    });
    // The representatives route is another part of this work: they are stored as it stores them.
    for (const representative of representatives) {
      await table.send(
        new PutCommand({
          TableName: localTableName,
          Item: {
            pk: `TRANSFER#${transferId}`,
            sk: `REPRESENTATIVE#${representative.id}`,
            type: 'representative',
            kind: 'union',
            ...representative,
            addedAt: new Date().toISOString(),
            addedBy: hrEmail,
          },
        }),
      );
    }

    // Assess
    expect([created.status, launched.status]).toEqual([201, 202]);
    expect(created.json.informationLeadDays).toBe(30);
  });

  it('refuses to ask for measures before the transferee contact is set, then asks once it is', async () => {
    // Act
    const refused = await hr.post(`/api/transfers/${transferId}/measures-request`);
    const patched = await hr.patch(`/api/transfers/${transferId}`, {
      transfereeContact: { name: 'Trust HR', email: contactEmail },
    });
    const requested = await hr.post(`/api/transfers/${transferId}/measures-request`);
    const email = await waitFor('the measures request', async () => (await outbox(contactEmail))[0]);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'transfereeContact' })]);
    expect(patched.status).toBe(200);
    expect(patched.json.transfereeContact).toEqual({ name: 'Trust HR', email: contactEmail });
    expect(requested.status).toBe(202);
    expect(email.subject).toContain('Measures you envisage');
    expect(email.text).toMatch(/\/forms\/measures\//);
  });

  it('takes the measures on the link form: question, check, confirm, confirmation', async () => {
    // Prepare
    const [email] = await outbox(contactEmail);
    const link = (email as OutboxEmail).text.match(
      /https?:\/\/\S+\/forms\/measures\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/,
    )?.[0];
    expect(link).toBeDefined();
    const form = await openForm(link as string);

    // Act
    const question = await submitForm(
      link as string,
      { none: 'no', measures: 'Payroll moves to the trust’s monthly date.', _csrf: form.csrf },
      form.cookie,
    );
    const confirmed = await submitForm(
      `${link}/confirm`,
      { measures: 'Payroll moves to the trust’s monthly date.', _csrf: form.csrf },
      form.cookie,
    );
    const measures = await hr.get(`/api/transfers/${transferId}/measures`);

    // Assess
    expect(form.status).toBe(200);
    expect(question.status).toBe(200);
    expect(question.html).toContain('Check your answer before sending it');
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toMatch(/\/confirmation$/);
    expect(measures.json.current).toMatchObject({
      none: false,
      measures: 'Payroll moves to the trust’s monthly date.',
    });
  });

  it('stores nothing for bad information, then sends it 20 days before the transfer with a warning', async () => {
    // Act
    const bad = await hr.post(`/api/transfers/${transferId}/information`, { ...information, reasons: '' });
    const before = await hr.get(`/api/transfers/${transferId}/information`);
    const sent = await hr.post(`/api/transfers/${transferId}/information`, information);
    const letters = await Promise.all(
      representatives.map((representative) =>
        waitFor('the information letter', async () => (await outbox(representative.email))[0]),
      ),
    );

    // Assess
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([expect.objectContaining({ path: 'reasons' })]);
    expect(before.json.items).toEqual([]);
    expect(sent.status).toBe(200);
    expect(sent.json.sentOn).toBe(today);
    expect(sent.json.recipients.map((recipient: { email: string }) => recipient.email).sort()).toEqual(
      representatives.map((representative) => representative.email).sort(),
    );
    expect(sent.json.warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'INFORMATION_LESS_THAN_30_DAYS',
    ]);
    for (const letter of letters) {
      expect(letter.subject).toBe(`Information about the transfer: Inform and consult ${run} (test)`);
      expect(letter.text).toContain('Payroll moves to the trust’s monthly date.');
      expect(letter.text).toContain('3 agency workers');
      expect(letter.attachments?.map((file) => file.filename)).toEqual([
        'information-about-the-transfer.pdf',
      ]);
    }
  });

  it('records meetings once per Idempotency-Key', async () => {
    // Prepare
    const meeting = {
      heldOn: today,
      attendees: ['Unison branch secretary', 'HR business partner'],
      notes: 'First meeting.',
    };

    // Act
    const first = await hr.raw('POST', `/api/transfers/${transferId}/consultation-meetings`, meeting);
    const key = `meeting-${run}`;
    const keyed = await keyedPost(token, `/api/transfers/${transferId}/consultation-meetings`, meeting, key);
    const again = await keyedPost(token, `/api/transfers/${transferId}/consultation-meetings`, meeting, key);
    const listed = await hr.get(`/api/transfers/${transferId}/consultation-meetings`);

    // Assess
    expect([first.status, keyed.status, again.status]).toEqual([201, 201, 201]);
    expect(again.json.id).toBe(keyed.json.id);
    expect(listed.json.items).toHaveLength(2);
  });

  it('records representations and replies, refusing a rejection without reasons', async () => {
    // Act
    for (const from of ['UNISON', 'GMB', 'UNISON']) {
      const recorded = await hr.post(`/api/transfers/${transferId}/representations`, {
        receivedOn: today,
        from,
        text: `${from} asks that the payroll date stays the same.`,
      });
      expect(recorded.status).toBe(201);
      representationIds.push(recorded.json.id);
    }
    const [accept, reject] = representationIds;
    const noReasons = await hr.post(`/api/transfers/${transferId}/representations/${reject}/reply`, {
      text: 'We cannot.',
      accepted: false,
    });
    const accepted = await hr.post(`/api/transfers/${transferId}/representations/${accept}/reply`, {
      text: 'Agreed.',
      accepted: true,
    });
    const rejected = await hr.post(`/api/transfers/${transferId}/representations/${reject}/reply`, {
      text: 'We cannot keep the date.',
      accepted: false,
      reasons: 'The trust runs one payroll for all its staff.',
    });
    const unknown = await hr.post(`/api/transfers/${randomUUID()}/representations`, {
      receivedOn: today,
      from: 'UNISON',
      text: 'To nobody.',
    });
    const listed = await hr.get(`/api/transfers/${transferId}/representations`);

    // Assess
    expect(noReasons.status).toBe(422);
    expect(noReasons.json.errors).toEqual([expect.objectContaining({ path: 'reasons' })]);
    expect([accepted.status, rejected.status]).toEqual([200, 200]);
    expect(rejected.json.reply).toMatchObject({ accepted: false, repliedOn: today });
    expect(unknown.status).toBe(404);
    expect(listed.json.items.filter((item: { reply?: unknown }) => item.reply === undefined)).toHaveLength(1);
  });

  it('reminds HR at transfer date − 3 (working day on or before) of the representation left unanswered', async () => {
    // Prepare
    const reminderDay = representationsReminderOn(transferDate);
    const milestones = (await hr.get(`/api/transfers/${transferId}`)).json.milestones as MilestoneAnswer[];
    expect(milestones.find((milestone) => milestone.kind === 'representations-reminder')).toMatchObject({
      dueOn: reminderDay,
      status: 'pending',
    });

    // Act
    await moveClockTo(reminderDay);
    await sweep();
    const reminder = await waitFor('the reminder to HR', async () =>
      (await outbox(hrEmail)).find((email) => email.subject.includes('representation unanswered')),
    );
    const done = await waitFor('the milestone done', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      const milestone = (transfer.milestones as MilestoneAnswer[]).find(
        (item) => item.kind === 'representations-reminder',
      );
      return milestone?.status === 'done' ? milestone : undefined;
    });

    // Assess
    expect(reminder.subject).toMatch(/^Reply before .+: 1 representation unanswered/);
    expect(reminder.text).toContain('From UNISON');
    expect(done.sent).toBe(1);
  });

  it('shows the measures, the letter, the meetings and the representations with their dates in the evidence pack', async () => {
    // Act
    const pack = await hr.get(`/api/transfers/${transferId}/evidence?format=html`);

    // Assess
    expect(pack.status).toBe(200);
    expect(pack.text).toContain('Informing and consulting the representatives');
    expect(pack.text).toContain('Payroll moves to the trust’s monthly date.');
    expect(pack.text).toContain('INFORMATION_LESS_THAN_30_DAYS');
    expect(pack.text).toContain('The trust runs one payroll for all its staff.');
    expect(pack.text).toContain('First meeting.');
  });
});

/** A POST with an Idempotency-Key header. */
async function keyedPost(token: string, path: string, body: unknown, key: string) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}
