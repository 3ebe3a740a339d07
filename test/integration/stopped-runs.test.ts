/**
 * A run that dies while recorded `running` is recovered by the sweep, with no person: through the local
 * stack's HTTP API, clock and sweep. The election reminder is claimed as a sweep claims it (through the
 * real repository against the local DynamoDB) under an execution that is never started, as when the stack
 * is killed between the claim and StartExecution. Sweeps within five minutes leave it; a sweep after that
 * asks the local Step Functions, which does not know the execution, and marks it failed; the next sweep
 * after the backoff runs it again, and each person is reminded exactly once. A consultation's opening
 * timer is recovered the same way, and each invitee is invited once.
 */

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { timerRepository } from '../../functions/adapters/timer-repository.ts';
import { transferRepository } from '../../functions/adapters/transfer-repository.ts';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
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
import { localTableAccess } from './support/local-table.ts';

interface MilestoneAnswer {
  kind: string;
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

const localNow = async () =>
  ((await (await fetch(`${baseUrl()}/local/clock`)).json()) as { now: string }).now;

describe('Journey: a milestone whose run died unrecorded is run again by the sweep', () => {
  const run = randomUUID().slice(0, 8);
  const people = rosterRows(3, run);
  const transfers = transferRepository(localTableAccess());
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let today: string;

  const getTransfer = async () => (await hr.get(`/api/transfers/${transferId}`)).json as TransferAnswer;
  const reminderOf = async () =>
    (await getTransfer()).milestones.find((milestone) => milestone.kind === 'election-reminder');
  const remindersTo = async (address: string) =>
    (await outbox()).filter(
      (email) => email.to.includes(address) && email.subject.startsWith('Reminder: choose your pension'),
    );

  beforeAll(async () => {
    hr = api(await tokenFor('hr', `hr.stopped.${run}@example.org`));
    today = await localToday();
    const input = pensionTransferInput(today, addDays, `Stopped run ${run} (test)`);
    transferId = (await hr.post('/api/transfers', input)).json.id;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    await waitFor('the launch', async () =>
      (await getTransfer()).launch?.status === 'done' ? true : undefined,
    );
  });

  it('leaves a young run alone, fails it once Step Functions says it does not exist, then reruns it to done, reminding each person once', async () => {
    // Prepare: a sweep claims the reminder and dies before starting its execution
    const pending = await transfers.milestoneRecord(transferId, 'election-reminder');
    if (pending?.status !== 'pending') throw new Error('the election reminder is not pending');
    const claimed = await transfers.markMilestoneStarted(
      {
        transferId,
        kind: 'election-reminder',
        dueOn: pending.dueOn,
        dueAt: pending.dueAt,
        status: 'pending',
      },
      `${transferId}-election-reminder-never-started`,
      await localNow(),
    );

    // Act
    await sweep();
    const young = await reminderOf();
    await moveClockTo(addDays(today, 1));
    await sweep();
    const stopped = await reminderOf();
    await moveClockTo(addDays(today, 2));
    await sweep();
    const rerun = await waitFor('the rerun reminder to finish', async () => {
      const reminder = await reminderOf();
      return reminder?.status === 'done' || reminder?.status === 'failed' ? reminder : undefined;
    });
    await sweep();

    // Assess
    expect(claimed).toBe(true);
    expect(young).toMatchObject({ status: 'running', attempt: 1 });
    expect(stopped).toMatchObject({ status: 'failed', attempt: 1, reason: 'RunStoppedUnrecorded' });
    expect(rerun).toMatchObject({ status: 'done', attempt: 2, sent: people.length });
    const counts = await Promise.all(people.map(async (person) => (await remindersTo(person.email)).length));
    expect(counts).toEqual(people.map(() => 1));
    expect(await reminderOf()).toMatchObject({ status: 'done', attempt: 2 });
  });
});

describe('Journey: a consultation timer whose run died unrecorded is run again by the sweep', () => {
  const run = randomUUID().slice(0, 8);
  const invitees = [`first.${run}@example.org`, `second.${run}@example.org`];
  const timers = timerRepository(localTableAccess());
  let hr: ReturnType<typeof api>;

  interface ConsultationTimerAnswer {
    kind: string;
    status: string;
    failure?: { attempts: number; reason?: string; retryAt?: string };
  }

  it('fails the opening once Step Functions says its run does not exist, then opens it, inviting each invitee once', async () => {
    // Prepare: a consultation opening tomorrow, whose opening a sweep claims and dies before starting
    hr = api(await tokenFor('hr', `hr.stopped.timer.${run}@example.org`));
    const today = await localToday();
    const created = await hr.post('/api/consultations', {
      title: `Stopped opening ${run} (test)`,
      opensOn: addDays(today, 1),
      closesOn: addDays(today, 40),
      public: false,
      invite: invitees,
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const opening = (await timers.forOwner('consultation', id)).find(
      (timer) => timer.kind === 'consultation-opens',
    );
    if (!opening) throw new Error('the consultation has no opening timer');
    const claimed = await timers.markStarted(
      opening,
      `${id}-consultation-opens-never-started`,
      await localNow(),
    );
    const openingOf = async () =>
      ((await hr.get(`/api/consultations/${id}`)).json.timers as ConsultationTimerAnswer[]).find(
        (timer) => timer.kind === 'consultation-opens',
      );
    const invitationsTo = async (address: string) =>
      (await outbox()).filter(
        (email) => email.to.includes(address) && email.subject.startsWith('Have your say'),
      );

    // Act
    await sweep();
    const young = await openingOf();
    await moveClockTo(addDays(today, 1));
    await sweep();
    const stopped = await openingOf();
    await moveClockTo(addDays(today, 2));
    await sweep();
    const rerun = await waitFor('the rerun opening to finish', async () => {
      const timer = await openingOf();
      return timer?.status === 'done' || timer?.status === 'failed' ? timer : undefined;
    });

    // Assess
    expect(claimed).toBe(true);
    expect(young?.status).toBe('running');
    expect(stopped).toMatchObject({
      status: 'failed',
      failure: { attempts: 1, reason: 'RunStoppedUnrecorded', retryAt: expect.any(String) },
    });
    expect(rerun).toMatchObject({ status: 'done' });
    const counts = await Promise.all(invitees.map(async (address) => (await invitationsTo(address)).length));
    expect(counts).toEqual([1, 1]);
  });
});
