import { describe, expect, it } from 'vitest';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { TransientStepError } from '../../../functions/domain/errors.ts';
import {
  contractsWithFakes,
  hrActor,
  linkSecret,
  managerActor,
  newContractInput,
  publicBaseUrl,
} from '../../fixtures/domain/contracts.ts';

/** A contract created on 1 June 2026 ending on 31 December 2026: reminders from 2 October, escalation 2 December. */
async function contractEndingAtYearEnd(overrides: Record<string, unknown> = {}) {
  const fakes = contractsWithFakes();
  const [contract] = await fakes.service.create(newContractInput(overrides), hrActor);
  if (!contract) throw new Error('nothing created');
  return { fakes, contract };
}

const contentOf = (text: string | undefined) => JSON.parse(text ?? '{}') as EmailContent;

describe('Function: contractSteps.sendReminder', () => {
  it('emails the manager once per offset with the days left, the notice deadline and a decision link', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    fakes.clock.set('2026-10-02T08:00:00.000Z');

    // Act
    const first = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');
    const repeated = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');

    // Assess
    expect([first, repeated]).toEqual([{ processed: 1 }, { processed: 1 }]);
    expect(fakes.mailer.sent.map((email) => email.to)).toEqual([managerActor.id]);
    const content = contentOf(fakes.mailer.sent[0]?.text);
    expect(content).toMatchObject({
      kind: 'renewal-reminder',
      title: contract.title,
      endDate: '2026-12-31',
      noticeDeadline: '2026-12-01',
      daysLeft: 90,
    });
    const link = 'link' in content ? content.link : '';
    const token = link.slice(`${publicBaseUrl}/forms/renewal/`.length);
    expect(await readLinkToken(linkSecret, token, 'renewal', fakes.clock.now())).toEqual({
      purpose: 'renewal',
      contractId: contract.id,
    });
    const view = await fakes.service.get(contract.id, hrActor);
    expect(view.reminders.find((reminder) => reminder.key === 'renewal-reminder#90')?.sentAt).toBe(
      '2026-10-02T08:00:00.000Z',
    );
  });

  it('says the deadline has passed in a reminder sent after it, and not in one sent before', async () => {
    // Prepare: the notice deadline is 1 December.
    const { fakes, contract } = await contractEndingAtYearEnd();

    // Act
    fakes.clock.set('2026-12-01T08:00:00.000Z');
    await fakes.steps.sendReminder(contract.id, 'renewal-reminder#30');
    fakes.clock.set('2026-12-17T08:00:00.000Z');
    await fakes.steps.sendReminder(contract.id, 'renewal-reminder#14');

    // Assess
    const [onTheDeadline, afterIt] = fakes.mailer.sent.map((email) => contentOf(email.text));
    expect(onTheDeadline).not.toHaveProperty('deadlinePassed');
    expect(afterIt).toMatchObject({ kind: 'renewal-reminder', deadlinePassed: true, daysLeft: 14 });
  });

  it('reminds HR who created the contract when it names no manager', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    const stored = fakes.repository.contracts.get(contract.id);
    if (stored) delete stored.managerEmail;
    fakes.clock.set('2026-10-02T08:00:00.000Z');

    // Act
    await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');

    // Assess
    expect(fakes.mailer.sent.map((email) => email.to)).toEqual([hrActor.id]);
  });

  it('sends only the nearest reminder when several are due at once (a late sweep or a clock jump)', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    fakes.clock.set('2026-12-02T08:00:00.000Z');

    // Act
    const ninety = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');
    const sixty = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#60');
    const thirty = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#30');

    // Assess
    expect([ninety, sixty, thirty]).toEqual([{ processed: 0 }, { processed: 0 }, { processed: 1 }]);
    expect(fakes.mailer.sent).toHaveLength(1);
    expect(contentOf(fakes.mailer.sent[0]?.text)).toMatchObject({ daysLeft: 29 });
  });

  it('stays quiet once the contract is decided', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    await fakes.service.decide(contract.id, { decision: 'end' }, managerActor);
    fakes.clock.set('2026-10-02T08:00:00.000Z');

    // Act
    const result = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');

    // Assess
    expect(result).toEqual({ processed: 0 });
    // Only the decision's own emails (to the manager and HR) went, no reminder.
    expect(fakes.mailer.sent.map((email) => email.subject)).toEqual(['renewal-decided', 'renewal-decided']);
  });

  it('throws a transient error the workflow retries when the email cannot be sent, and sends on the retry', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    fakes.clock.set('2026-10-02T08:00:00.000Z');
    fakes.mailer.failNext(1);

    // Act
    const failing = fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');
    await expect(failing).rejects.toBeInstanceOf(TransientStepError);
    const retried = await fakes.steps.sendReminder(contract.id, 'renewal-reminder#90');

    // Assess
    expect(retried).toEqual({ processed: 1 });
    expect(fakes.mailer.sent).toHaveLength(1);
  });
});

describe('Function: contractSteps.escalate', () => {
  it('tells HR once after the notice deadline and records the escalation on the contract', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    fakes.clock.set('2026-12-02T08:00:00.000Z');

    // Act
    const first = await fakes.steps.escalate(contract.id);
    const repeated = await fakes.steps.escalate(contract.id);

    // Assess
    expect([first, repeated]).toEqual([{ processed: 1 }, { processed: 1 }]);
    expect(fakes.mailer.sent.map((email) => email.to)).toEqual([hrActor.id]);
    expect(contentOf(fakes.mailer.sent[0]?.text)).toMatchObject({
      kind: 'renewal-escalation',
      managerEmail: managerActor.id,
      noticeDeadline: '2026-12-01',
      link: `${publicBaseUrl}/contracts/${contract.id}`,
    });
    expect((await fakes.service.get(contract.id, hrActor)).escalatedAt).toBe('2026-12-02T08:00:00.000Z');
  });

  it('does not escalate a decided contract, nor before the deadline has passed', async () => {
    // Prepare
    const { fakes, contract } = await contractEndingAtYearEnd();
    const decided = await contractEndingAtYearEnd();
    await decided.fakes.service.decide(
      decided.contract.id,
      { decision: 'renew', newEndDate: '2027-06-30' },
      hrActor,
    );
    fakes.clock.set('2026-12-01T12:00:00.000Z');
    decided.fakes.clock.set('2026-12-02T08:00:00.000Z');

    // Act
    const early = await fakes.steps.escalate(contract.id);
    const afterDecision = await decided.fakes.steps.escalate(decided.contract.id);

    // Assess
    expect([early, afterDecision]).toEqual([{ processed: 0 }, { processed: 0 }]);
    expect(fakes.mailer.sent).toEqual([]);
    expect(decided.fakes.mailer.sent.map((email) => email.subject)).not.toContain('renewal-escalation');
  });
});
