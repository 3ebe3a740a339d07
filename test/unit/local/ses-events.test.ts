import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AcceptedEmail,
  type SesEvent,
  sesEventDelivery,
  sesEventsFor,
} from '../../../infra/local/ses-events.ts';

const email = (messageId: string): AcceptedEmail => ({
  messageId,
  at: 1_790_000_000,
  tags: { 'ledger-ref': [`ref-${messageId}`] },
});

describe('Function: sesEventDelivery', () => {
  it('gives up on an email after its attempts, goes on with the next, and keeps the cursor before it', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'ses-events-'));
    const cursorFile = join(folder, 'ses-events.json');
    const emails = [email('m-0'), email('m-1'), email('m-2')];
    const delivery = sesEventDelivery(emails, cursorFile);
    const delivered: SesEvent[] = [];
    const givenUp: string[] = [];
    try {
      // Act
      await delivery.start({
        attempts: 3,
        retryDelayMs: 1,
        concurrency: 1,
        async deliver(event) {
          if (event.detail.mail.messageId === 'm-1') throw new Error('InternalServerError');
          delivered.push(event);
        },
        onGiveUp: (messageId) => givenUp.push(messageId),
      });
      await delivery.idle();

      // Assess
      expect(givenUp).toEqual(['m-1']);
      expect(delivered.map((event) => [event.detail.mail.messageId, event['detail-type']])).toEqual([
        ['m-0', 'Email Sent'],
        ['m-0', 'Email Delivered'],
        ['m-2', 'Email Sent'],
        ['m-2', 'Email Delivered'],
      ]);
      expect(delivered[0]?.detail.mail.tags).toEqual({ 'ledger-ref': ['ref-m-0'] });
      expect(JSON.parse(await readFile(cursorFile, 'utf8'))).toEqual({ delivered: 1 });
    } finally {
      await delivery.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('Function: sesEventsFor', () => {
  const sentTo = (to: string): AcceptedEmail => ({ ...email('m-sim'), destination: { to: [to] } });
  const kinds = (events: SesEvent[]) => events.map((event) => [event['detail-type'], event.detail.eventType]);

  it("answers SES's mailbox simulator: a bounce, a delivery then a complaint, a delivery", () => {
    // Act
    const bounce = sesEventsFor(sentTo('bounce@simulator.amazonses.com'), 0);
    const complaint = sesEventsFor(sentTo('complaint+jo@simulator.amazonses.com'), 1);
    const success = sesEventsFor(sentTo('success@simulator.amazonses.com'), 2);
    const anyone = sesEventsFor(sentTo('jo@example.org'), 3);

    // Assess
    expect(kinds(bounce)).toEqual([
      ['Email Sent', 'Send'],
      ['Email Bounced', 'Bounce'],
    ]);
    expect(bounce[1]?.detail.bounce).toMatchObject({
      bounceType: 'Permanent',
      bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com' }],
    });
    expect(kinds(complaint)).toEqual([
      ['Email Sent', 'Send'],
      ['Email Delivered', 'Delivery'],
      ['Email Complaint Received', 'Complaint'],
    ]);
    expect(kinds(success)).toEqual([
      ['Email Sent', 'Send'],
      ['Email Delivered', 'Delivery'],
    ]);
    expect(kinds(anyone)).toEqual(kinds(success));
    expect(bounce.every((event) => event.detail.mail.tags['ledger-ref']?.[0] === 'ref-m-sim')).toBe(true);
  });
});
