import { describe, expect, it, vi } from 'vitest';
import {
  claimLifetimeMs,
  type LedgerKey,
  ledgerReference,
} from '../../../functions/adapters/email-ledger.ts';
import { functions } from '../../../functions/catalog.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { EmailClaimHeldError, TransientStepError } from '../../../functions/domain/errors.ts';
import { retryBackoffMinutes } from '../../../functions/domain/milestone-outcome.ts';
import { heldClaimWait, manyNotifier, notifier } from '../../../functions/services/notifier.ts';
import {
  inMemoryEmailLedger,
  noMetrics,
  plainRender,
  recordingMailer,
  recordingMetrics,
} from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock } from '../../fixtures/domain/transfers.ts';

const key: LedgerKey = {
  transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
  employeeKey: 'E1001',
  purpose: 'default-applied',
};
const to = 'asha.patel@council.example.org';
const content: EmailContent = {
  kind: 'default-applied',
  name: 'Asha Patel',
  transferName: 'Adult social care to the partnership trust',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  option: { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
};

function notifierWithFakes() {
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer();
  const render = vi.fn(plainRender);
  const clock = fixedClock('2026-09-15T23:00:05.000Z');
  const metrics = recordingMetrics();
  const notify = notifier({ ledger, send: mailer.send, render, clock, recordMetric: metrics.recordMetric });
  return { notify, ledger, mailer, render, clock, metrics };
}

describe('Function: notifier', () => {
  it('records the version of the template the email was rendered from with its claim', async () => {
    // Prepare
    const ledger = inMemoryEmailLedger();
    const notify = notifier({
      ledger,
      send: recordingMailer().send,
      render: plainRender,
      templateVersion: (rendered) => (rendered.kind === 'default-applied' ? '0123456789ab' : undefined),
      clock: fixedClock('2026-09-15T23:00:05.000Z'),
      recordMetric: noMetrics,
    });

    // Act
    await notify(key, to, content);

    // Assess
    const [recorded] = await ledger.allForTransfer(key.transferId);
    expect(recorded?.template).toBe('0123456789ab');
  });

  it('renders the content, sends it once and marks it sent in the ledger', async () => {
    // Prepare
    const { notify, ledger, mailer, render } = notifierWithFakes();

    // Act
    const outcome = await notify(key, to, content);

    // Assess
    expect(outcome).toBe('sent');
    expect(render).toHaveBeenCalledExactlyOnceWith(content);
    expect(mailer.sent).toEqual([{ to, ...plainRender(content), reference: ledgerReference(key) }]);
    expect(await ledger.forPerson(key.transferId, key.employeeKey)).toEqual([
      {
        purpose: 'default-applied',
        to,
        subject: 'default-applied',
        status: 'sent',
        sentAt: '2026-09-15T23:00:05.000Z',
      },
    ]);
  });

  it('skips an email the ledger says is sent, so a repeated step sends nothing twice', async () => {
    // Prepare
    const { notify, mailer } = notifierWithFakes();
    await notify(key, to, content);

    // Act
    const outcome = await notify(key, to, content);

    // Assess
    expect(outcome).toBe('already-sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends the same purpose separately to each person', async () => {
    // Prepare
    const { notify, mailer } = notifierWithFakes();

    // Act
    await notify(key, to, content);
    await notify({ ...key, employeeKey: 'E1002' }, 'ben.okafor@council.example.org', content);

    // Assess
    expect(mailer.sent.map((email) => email.to)).toEqual([to, 'ben.okafor@council.example.org']);
  });

  it('releases the claim and throws TransientStepError when the send fails, and the retry sends it', async () => {
    // Prepare
    const { notify, ledger, mailer } = notifierWithFakes();
    mailer.failNext(1);

    // Act
    const failed = notify(key, to, content);

    // Assess
    await expect(failed).rejects.toThrow(TransientStepError);
    await expect(failed).rejects.toHaveProperty('cause.name', 'TooManyRequestsException');
    expect(ledger.records.size).toBe(0);
    expect(await notify(key, to, content)).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('counts EmailsSent once for an email it sends, and not when a repeated step finds it sent', async () => {
    // Prepare
    const { notify, metrics } = notifierWithFakes();

    // Act
    await notify(key, to, content);
    await notify(key, to, content);

    // Assess
    expect(metrics.valuesOf('EmailsSent')).toEqual([1]);
  });

  it('does not count an email SES refused or another sender holds; the send that goes out counts once', async () => {
    // Prepare
    const { notify, ledger, mailer, clock, metrics } = notifierWithFakes();
    mailer.failNext(1);
    await notify(key, to, content).catch(() => undefined);
    const other = { ...key, employeeKey: 'E1002' };
    await ledger.claim(other, { to, subject: 'default-applied' }, clock.now());
    await notify(other, to, content).catch(() => undefined);

    // Act
    await notify(key, to, content);

    // Assess
    expect(metrics.recorded).toEqual([{ metric: 'EmailsSent', value: 1 }]);
  });

  it('throws EmailClaimHeldError while another sender holds an unexpired claim, and sends once it expires', async () => {
    // Prepare: a sender claimed the email and died (kill -9) before sending or releasing it
    const { notify, ledger, mailer, clock } = notifierWithFakes();
    await ledger.claim(key, { to, subject: 'default-applied' }, clock.now());

    // Act
    const whileClaimed = notify(key, to, content);
    await expect(whileClaimed).rejects.toThrow(EmailClaimHeldError);
    clock.set(new Date(clock.now().getTime() + claimLifetimeMs - 1));
    const justBeforeExpiry = notify(key, to, content);
    await expect(justBeforeExpiry).rejects.toHaveProperty('name', 'EmailClaimHeldError');
    clock.set(new Date(clock.now().getTime() + 2));
    const afterExpiry = await notify(key, to, content);
    const repeated = await notify(key, to, content);

    // Assess
    expect([afterExpiry, repeated]).toEqual(['sent', 'already-sent']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps a claim shorter than the first sweep retry and longer than any sending function runs', () => {
    // Assess: a dead sender's claim has expired when the sweep first runs its failed milestone again,
    // and no live sender (at most 120 s, its Lambda timeout) outlives its claim.
    const slowestSender = Math.max(
      ...functions.filter((fn) => fn.access.sendsEmail).map((fn) => fn.timeoutSeconds),
    );
    expect(claimLifetimeMs).toBeGreaterThan(2 * slowestSender * 1000);
    expect(claimLifetimeMs).toBeLessThan((retryBackoffMinutes[0] ?? 0) * 60_000);
  });

  it('tags the send with the ledger reference, its owner and a hash that shows no employee number', async () => {
    // Prepare
    const { notify, mailer } = notifierWithFakes();

    // Act
    await notify(key, to, content);

    // Assess
    const reference = mailer.sent[0]?.reference ?? '';
    expect(reference).toMatch(/^[A-Za-z0-9_-]{80}$/);
    expect(reference).toBe(ledgerReference(key));
    expect(reference.startsWith(`${key.transferId}_`)).toBe(true);
    expect(Buffer.from(reference.slice(37), 'base64url').toString('latin1')).not.toContain(key.employeeKey);
  });

  it("does not send again after the claim expires when SES's Send event settled the dead sender's email", async () => {
    // Prepare: a sender claimed and sent the email, then died before markSent; SES's Send event arrives
    const { notify, ledger, mailer, clock } = notifierWithFakes();
    const dying = notifier({
      ledger: { ...ledger, markSent: () => Promise.reject(new Error('killed')) },
      send: mailer.send,
      render: plainRender,
      clock,
      recordMetric: noMetrics,
    });
    await expect(dying(key, to, content)).rejects.toThrow('killed');
    const sentAt = clock.now();
    const settled = await ledger.settle(ledgerReference(key), {
      status: 'sent',
      messageId: 'ses-1',
      sentAt,
      at: sentAt,
    });

    // Act: the retried step runs after the claim would have expired
    clock.set(new Date(clock.now().getTime() + claimLifetimeMs + 1));
    const retried = await notify(key, to, content);

    // Assess
    expect(settled).toBe('settled');
    expect(retried).toBe('already-sent');
    expect(mailer.sent).toHaveLength(1);
    expect(ledger.records.get([...ledger.records.keys()][0] ?? '')).toMatchObject({
      status: 'sent',
      messageId: 'ses-1',
    });
  });

  it('leaves a delivered email delivered when its own markSent comes after the Delivery event', async () => {
    // Prepare: SES's events overtook the sender
    const { ledger, mailer, clock } = notifierWithFakes();
    const reference = ledgerReference(key);
    const lateMarkSent = notifier({
      ledger: {
        ...ledger,
        async markSent(ledgerKey, messageId, sentAt) {
          const outcome = { messageId, sentAt, at: sentAt };
          await ledger.settle(reference, { ...outcome, status: 'sent' });
          await ledger.settle(reference, { ...outcome, status: 'delivered' });
          await ledger.markSent(ledgerKey, messageId, sentAt);
        },
      },
      send: mailer.send,
      render: plainRender,
      clock,
      recordMetric: noMetrics,
    });

    // Act
    const outcome = await lateMarkSent(key, to, content);

    // Assess
    expect(outcome).toBe('sent');
    expect((await ledger.forPerson(key.transferId, key.employeeKey))[0]?.status).toBe('delivered');
  });
});

describe('Function: manyNotifier', () => {
  const people = ['E1', 'E2', 'E3'].map((employeeKey) => ({
    key: { ...key, employeeKey },
    to: `${employeeKey.toLowerCase()}@council.example.org`,
    content,
  }));

  function manyWithFakes() {
    const ledger = inMemoryEmailLedger();
    const mailer = recordingMailer();
    const clock = fixedClock('2026-09-15T23:00:05.000Z');
    const metrics = recordingMetrics();
    const claimMany = vi.spyOn(ledger, 'claimMany');
    const markSent = vi.spyOn(ledger, 'markSent');
    const notifyMany = manyNotifier({
      ledger,
      send: mailer.send,
      render: plainRender,
      clock,
      recordMetric: metrics.recordMetric,
      sendsAtOnce: () => 2,
      pause: async () => {
        pauses += 1;
        await whilePaused();
      },
    });
    let pauses = 0;
    let whilePaused: () => Promise<void> = async () => undefined;
    return {
      notifyMany,
      ledger,
      mailer,
      metrics,
      claimMany,
      markSent,
      pauses: () => pauses,
      onPause: (work: () => Promise<void>) => {
        whilePaused = work;
      },
    };
  }

  it("claims every email in one call and leaves marking them sent to SES's Send events", async () => {
    // Prepare
    const { notifyMany, ledger, mailer, metrics, claimMany, markSent } = manyWithFakes();

    // Act
    const result = await notifyMany(people);

    // Assess
    expect(result).toEqual({ sent: 3, alreadySent: 0 });
    expect(claimMany).toHaveBeenCalledTimes(1);
    expect(markSent).not.toHaveBeenCalled();
    expect(mailer.sent.map((email) => [email.to, email.reference])).toEqual(
      people.map((person) => [person.to, ledgerReference(person.key)]),
    );
    expect([...ledger.records.values()].map((record) => record.status)).toEqual([
      'claimed',
      'claimed',
      'claimed',
    ]);
    expect(metrics.valuesOf('EmailsSent')).toEqual([3]);
  });

  it('releases a failed send, marks the others sent itself so the retry skips them, and throws TransientStepError', async () => {
    // Prepare
    const { notifyMany, ledger, mailer } = manyWithFakes();
    mailer.failNext(1);

    // Act
    const failed = await notifyMany(people).catch((error: unknown) => error);
    const retried = await notifyMany(people);

    // Assess
    expect(failed).toBeInstanceOf(TransientStepError);
    expect(retried).toEqual({ sent: 1, alreadySent: 2 });
    expect(mailer.sent.map((email) => email.to).sort()).toEqual(people.map((person) => person.to).sort());
    expect(ledger.records.size).toBe(3);
  });

  it("skips an email another sender held once SES's Send event settles it while it waits", async () => {
    // Prepare: another sender sent E2 and its Send event arrives during the first pause
    const { notifyMany, ledger, mailer, pauses, onPause } = manyWithFakes();
    const heldKey = people[1]?.key as LedgerKey;
    await ledger.claim(heldKey, { to: 'e2@council.example.org', subject: 's' }, new Date());
    onPause(async () => {
      const at = new Date();
      await ledger.settle(ledgerReference(heldKey), { status: 'sent', messageId: 'other', sentAt: at, at });
    });

    // Act
    const result = await notifyMany(people);

    // Assess
    expect(result).toEqual({ sent: 2, alreadySent: 1 });
    expect(pauses()).toBe(1);
    expect(mailer.sent.map((email) => email.to)).toEqual([
      'e1@council.example.org',
      'e3@council.example.org',
    ]);
  });

  it('sends what it claimed, waits out the wait for what another sender holds, then throws EmailClaimHeldError', async () => {
    // Prepare: another sender holds E2's claim and never settles it
    const { notifyMany, ledger, mailer, pauses } = manyWithFakes();
    await ledger.claim(
      people[1]?.key as LedgerKey,
      { to: 'e2@council.example.org', subject: 's' },
      new Date(),
    );

    // Act
    const held = await notifyMany(people).catch((error: unknown) => error);

    // Assess
    expect(held).toBeInstanceOf(EmailClaimHeldError);
    expect(pauses()).toBe(heldClaimWait.deadlineMs / heldClaimWait.pollMs);
    expect(mailer.sent.map((email) => email.to)).toEqual([
      'e1@council.example.org',
      'e3@council.example.org',
    ]);
    const statuses = [...ledger.records.values()].map((record) => [record.key, record.status]);
    expect(statuses).toContainEqual([people[0]?.key, 'sent']);
    expect(statuses).toContainEqual([people[1]?.key, 'claimed']);
  });
});
