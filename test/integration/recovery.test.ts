/**
 * What the record says happened, happened, and recovery needs no person: through the local stack's HTTP
 * API and clock. A reminder whose day passed while nothing ran is skipped as late (nothing sent), the
 * liability-information reminder still goes but says it is overdue; a launch that fails part-way is
 * recorded failed, the retry route refuses what is not failed, and `POST /launch` resumes it so everyone
 * is invited exactly once. The launch is made to fail without fault injection: one case in the local
 * DynamoDB is damaged (its employee number removed) before the launch and mended after.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb.ts';
import { employeeKey } from '../../functions/domain/roster.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  moveClockTo,
  type OutboxEmail,
  outbox,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface MilestoneAnswer {
  kind: string;
  dueOn: string;
  status: string;
  sent?: number;
  reason?: string;
  attempt?: number;
}

interface TransferAnswer {
  status: string;
  counts: Record<string, number>;
  milestones: MilestoneAnswer[];
  launch?: MilestoneAnswer;
}

const emailsTo = async (address: string) =>
  (await outbox(address)).filter((email: OutboxEmail) => email.to.includes(address));

describe('Journey: a reminder whose day passed while nothing ran', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.late.${run}@example.org`;
  const people = rosterRows(3, run);
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let today: string;

  const getTransfer = async () => (await hr.get(`/api/transfers/${transferId}`)).json as TransferAnswer;
  const milestoneOf = (transfer: TransferAnswer, kind: string) =>
    transfer.milestones.find((milestone) => milestone.kind === kind);

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
  });

  it('skips the staff reminder as late, sends the liability reminder marked overdue, and escalates', async () => {
    // Prepare: election closes in 35 days, transfer in 70 (liability information due on day 42)
    const input = pensionTransferInput(today, addDays, `Late reminders ${run} (test)`);
    transferId = (await hr.post('/api/transfers', input)).json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    await waitFor('the launch', async () => {
      const transfer = await getTransfer();
      return transfer.launch?.status === 'done' ? transfer : undefined;
    });

    // Act: nothing runs until the clock jumps past the election close and the liability day
    await moveClockTo(addDays(today, 44));
    const settled = await waitFor('the late milestones to settle', async () => {
      const transfer = await getTransfer();
      const reminder = milestoneOf(transfer, 'election-reminder');
      const liability = milestoneOf(transfer, 'liability-information-due');
      const done = (status?: string) => status === 'skipped' || status === 'done' || status === 'failed';
      return done(reminder?.status) && done(liability?.status) ? transfer : undefined;
    });

    // Assess
    expect(settled.launch).toMatchObject({ kind: 'launch', status: 'done', sent: 3 });
    expect(milestoneOf(settled, 'election-reminder')).toMatchObject({
      status: 'skipped',
      sent: 0,
      reason: 'late',
    });
    expect(milestoneOf(settled, 'liability-information-due')).toMatchObject({
      status: 'done',
      sent: 1,
      reason: 'overdue',
    });
    for (const person of people) {
      const reminders = (await emailsTo(person.email)).filter((email) =>
        email.subject.startsWith('Reminder: choose your pension'),
      );
      expect(reminders, person.email).toEqual([]);
    }
    const liabilityEmails = (await emailsTo(hrEmail)).filter((email) =>
      email.subject.includes('employee liability information'),
    );
    // The T−35 reminder, sent late and saying so, and the T−28 escalation: the information was not given.
    expect(milestoneOf(settled, 'liability-information-reminder')).toMatchObject({ status: 'done', sent: 1 });
    expect(liabilityEmails.map((email) => email.subject.split(':')[0]).sort()).toEqual(['Late', 'Overdue']);
    const reminder = liabilityEmails.find((email) => email.subject.startsWith('Overdue: '));
    expect(reminder?.text).toContain('Overdue: this was due on');
  });
});

describe('Journey: a launch that fails part-way is resumed', () => {
  const run = randomUUID().slice(0, 8);
  // Three shards: 0–99, 100–199 and 200; the damaged case is in the middle one.
  const people = rosterRows(201, run);
  const damaged = people[150] as (typeof people)[number];
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let damagedItem: Record<string, unknown>;

  const getTransfer = async () => (await hr.get(`/api/transfers/${transferId}`)).json as TransferAnswer;
  const launchOf = (transfer: TransferAnswer) => transfer.launch;
  const invitationsTo = async (address: string) =>
    (await emailsTo(address)).filter((email) => email.subject.startsWith('Choose your pension scheme'));

  beforeAll(async () => {
    hr = api(await tokenFor('hr', `hr.resume.${run}@example.org`));
    const today = await localToday();
    const input = pensionTransferInput(today, addDays, `Resumed launch ${run} (test)`);
    transferId = (await hr.post('/api/transfers', input)).json.id;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    const key = keys.staffCase(transferId, 1, employeeKey(damaged.employeeNumber));
    const { Item } = await table.send(new GetCommand({ TableName: localTableName, Key: key }));
    if (!Item) throw new Error('the case to damage is not where the shards put it');
    damagedItem = Item;
    const { employeeNumber: _removed, ...broken } = Item;
    await table.send(new PutCommand({ TableName: localTableName, Item: broken }));
  });

  it('records the launch failed with its reason, and the retry route answers 404 and 409 where it should', async () => {
    // Act
    const launched = await hr.post(`/api/transfers/${transferId}/launch`);
    const failed = await waitFor('the launch to fail', async () => {
      const transfer = await getTransfer();
      return launchOf(transfer)?.status === 'failed' ? transfer : undefined;
    });
    const unknownKind = await hr.post(`/api/transfers/${transferId}/milestones/payday/retry`);
    const unknownTransfer = await hr.post(`/api/transfers/${randomUUID()}/milestones/launch/retry`);
    const notFailed = await hr.post(`/api/transfers/${transferId}/milestones/transfer-day/retry`);

    // Assess
    expect(launched.status).toBe(202);
    expect(failed.status).toBe('launched');
    expect(launchOf(failed)).toMatchObject({ status: 'failed', attempt: 1 });
    expect(launchOf(failed)?.reason).toEqual(expect.any(String));
    expect(failed.counts.invited).toBeLessThan(people.length);
    expect(await invitationsTo(damaged.email)).toEqual([]);
    expect([unknownKind.status, unknownTransfer.status, notFailed.status]).toEqual([404, 404, 409]);
  });

  it('resumes on POST /launch once the cause is mended, inviting everyone exactly once', async () => {
    // Prepare: the failed run's other shards may still be sending (a failed Map iteration does not stop
    // the Lambda invocations of the others); resuming now would meet their live claims, fail with
    // EmailClaimHeldError and be retried by the sweep once they expire. Wait until each person recorded
    // invited has their email, then mend the case.
    await waitFor('the failed run to stop sending', async () => {
      const invited = (await getTransfer()).counts.invited ?? 0;
      const sent = (await outbox()).filter(
        (email) =>
          email.subject.startsWith('Choose your pension scheme') && email.to.some((to) => to.includes(run)),
      ).length;
      return sent === invited ? sent : undefined;
    });
    await table.send(new PutCommand({ TableName: localTableName, Item: damagedItem }));

    // Act
    const resumed = await hr.post(`/api/transfers/${transferId}/launch`);
    const done = await waitFor('the resumed launch to end', async () => {
      const transfer = await getTransfer();
      const status = launchOf(transfer)?.status;
      return status === 'done' || status === 'failed' ? transfer : undefined;
    });
    const again = await hr.post(`/api/transfers/${transferId}/launch`);

    // Assess
    expect([resumed.status, again.status]).toEqual([202, 202]);
    expect(done.counts.invited).toBe(people.length);
    expect(launchOf(done)).toMatchObject({ status: 'done', attempt: 2, sent: people.length });
    const counts = await Promise.all(
      people.map(async (person) => (await invitationsTo(person.email)).length),
    );
    expect(counts.filter((count) => count !== 1)).toEqual([]);
    expect(launchOf(await getTransfer())).toMatchObject({ status: 'done', attempt: 2 });
  });
});
