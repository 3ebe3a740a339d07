import { describe, expect, it } from 'vitest';
import { type LedgerKey, ledgerReference } from '../../../functions/adapters/email-ledger.ts';
import { recordEmailEvents } from '../../../functions/handlers/record-email-events.ts';
import { inMemoryEmailLedger } from '../../fixtures/domain/in-memory-stores.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';

const key: LedgerKey = {
  transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
  employeeKey: 'E1001',
  purpose: 'invitation',
};
const claimedAt = new Date('2026-07-01T11:00:00.000Z');

/** An SES event as EventBridge delivers it from a configuration set's EventBridge destination. */
function sesEvent(
  eventType: 'Send' | 'DeliveryDelay' | 'Delivery' | 'Bounce' | 'Complaint' | 'Open',
  tags: Record<string, string[]> = { 'ledger-ref': [ledgerReference(key)] },
) {
  const detailType = {
    Send: 'Email Sent',
    DeliveryDelay: 'Email Delivery Delayed',
    Delivery: 'Email Delivered',
    Bounce: 'Email Bounced',
    Complaint: 'Email Complaint Received',
    Open: 'Email Opened',
  }[eventType];
  const mail = {
    timestamp: '2026-07-01T11:00:01.000Z',
    messageId: '0102019a-ses-message',
    source: 'transfer-desk@example.org',
    destination: ['asha.patel@council.example.org'],
    tags: { 'ses:configuration-set': ['transfer-desk'], ...tags },
  };
  return {
    version: '0',
    id: 'c9f2ad1e-5b1e-4d3c-8f3a-1d2e3f4a5b6c',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-07-01T11:00:02Z',
    region: 'eu-west-2',
    resources: [],
    detail: {
      eventType,
      mail,
      ...(eventType === 'Send' ? { send: {} } : {}),
      ...(eventType === 'DeliveryDelay'
        ? {
            deliveryDelay: {
              timestamp: '2026-07-01T11:04:00.000Z',
              delayType: 'TransientCommunicationFailure',
            },
          }
        : {}),
      ...(eventType === 'Delivery'
        ? { delivery: { timestamp: '2026-07-01T11:00:02.000Z', recipients: mail.destination } }
        : {}),
      ...(eventType === 'Bounce'
        ? { bounce: { timestamp: '2026-07-01T11:00:03.000Z', bounceType: 'Permanent' } }
        : {}),
      ...(eventType === 'Complaint'
        ? { complaint: { timestamp: '2026-07-01T11:05:00.000Z', complaintFeedbackType: 'abuse' } }
        : {}),
    },
  };
}

async function claimedLedger() {
  const ledger = inMemoryEmailLedger();
  await ledger.claim(key, { to: 'asha.patel@council.example.org', subject: 'Choose' }, claimedAt);
  const record = () => [...ledger.records.values()][0];
  return { ledger, record, handler: recordEmailEvents(ledger) };
}

describe('Function: record-email-events', () => {
  it('marks a claimed email sent from the Send event, with its message id, and drops the claim expiry', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();

    // Act
    const answer = await handler(sesEvent('Send'), lambdaContext());

    // Assess
    expect(answer).toEqual({ result: 'settled' });
    expect(record()).toMatchObject({
      status: 'sent',
      messageId: '0102019a-ses-message',
      sentAt: '2026-07-01T11:00:01.000Z',
    });
    expect(record()?.claimExpiresAt).toBeUndefined();
  });

  it('settles an email still claimed (its sender died after SES accepted it) from the Delivery event alone', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();

    // Act
    const answer = await handler(sesEvent('Delivery'), lambdaContext());

    // Assess
    expect(answer).toEqual({ result: 'settled' });
    expect(record()).toMatchObject({
      status: 'delivered',
      messageId: '0102019a-ses-message',
      sentAt: '2026-07-01T11:00:01.000Z',
    });
    expect(record()?.claimExpiresAt).toBeUndefined();
  });

  it('marks a claimed email sent from a DeliveryDelay event, and its later delivery delivered', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();

    // Act
    const delayed = await handler(sesEvent('DeliveryDelay'), lambdaContext());
    const statusAfterDelay = record()?.status;
    const delivered = await handler(sesEvent('Delivery'), lambdaContext());

    // Assess
    expect([delayed, delivered]).toEqual([{ result: 'settled' }, { result: 'settled' }]);
    expect(statusAfterDelay).toBe('sent');
    expect(record()).toMatchObject({ status: 'delivered', sentAt: '2026-07-01T11:00:01.000Z' });
  });

  it('moves a sent email to delivered on the Delivery event, and a repeated event changes nothing', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();
    await handler(sesEvent('Send'), lambdaContext());

    // Act
    const first = await handler(sesEvent('Delivery'), lambdaContext());
    const repeated = await handler(sesEvent('Delivery'), lambdaContext());

    // Assess
    expect([first, repeated]).toEqual([{ result: 'settled' }, { result: 'unchanged' }]);
    expect(record()?.status).toBe('delivered');
  });

  it('moves a sent email to bounced on the Bounce event', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();
    await handler(sesEvent('Send'), lambdaContext());

    // Act
    const answer = await handler(sesEvent('Bounce'), lambdaContext());

    // Assess
    expect(answer).toEqual({ result: 'settled' });
    expect(record()?.status).toBe('bounced');
  });

  it('moves a delivered email to complained on the Complaint event, and a late Delivery leaves it so', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();
    await handler(sesEvent('Send'), lambdaContext());
    await handler(sesEvent('Delivery'), lambdaContext());

    // Act
    const complaint = await handler(sesEvent('Complaint'), lambdaContext());
    const lateDelivery = await handler(sesEvent('Delivery'), lambdaContext());

    // Assess
    expect([complaint, lateDelivery]).toEqual([{ result: 'settled' }, { result: 'unchanged' }]);
    expect(record()?.status).toBe('complained');
  });

  it('leaves a bounced email bounced when a Complaint event arrives', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();
    await handler(sesEvent('Bounce'), lambdaContext());

    // Act
    const answer = await handler(sesEvent('Complaint'), lambdaContext());

    // Assess
    expect(answer).toEqual({ result: 'unchanged' });
    expect(record()?.status).toBe('bounced');
  });

  it('never moves an email backwards: a late Send or a Delivery after a bounce leaves it bounced', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();
    await handler(sesEvent('Bounce'), lambdaContext());

    // Act
    const lateSend = await handler(sesEvent('Send'), lambdaContext());
    const lateDelivery = await handler(sesEvent('Delivery'), lambdaContext());

    // Assess
    expect([lateSend, lateDelivery]).toEqual([{ result: 'unchanged' }, { result: 'unchanged' }]);
    expect(record()).toMatchObject({ status: 'bounced', messageId: '0102019a-ses-message' });
  });

  it('ignores an event whose send carries no ledger reference, or a malformed one', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();

    // Act
    const untagged = await handler(sesEvent('Send', {}), lambdaContext());
    const malformed = await handler(sesEvent('Send', { 'ledger-ref': ['not/valid=='] }), lambdaContext());

    // Assess
    expect([untagged, malformed]).toEqual([{ result: 'ignored' }, { result: 'ignored' }]);
    expect(record()?.status).toBe('claimed');
  });

  it('ignores event types it does not settle from, and events that are not from SES', async () => {
    // Prepare
    const { handler, record } = await claimedLedger();

    // Act
    const opened = await handler(sesEvent('Open'), lambdaContext());
    const notSes = await handler({ ...sesEvent('Send'), source: 'aws.s3' }, lambdaContext());

    // Assess
    expect([opened, notSes]).toEqual([{ result: 'ignored' }, { result: 'ignored' }]);
    expect(record()?.status).toBe('claimed');
  });

  it('answers unknown for a reference no ledger item carries, and changes nothing', async () => {
    // Prepare
    const { handler, ledger } = await claimedLedger();
    const other = ledgerReference({ ...key, purpose: 'election-reminder' });

    // Act
    const answer = await handler(sesEvent('Send', { 'ledger-ref': [other] }), lambdaContext());

    // Assess
    expect(answer).toEqual({ result: 'unknown' });
    expect([...ledger.records.values()].map((record) => record.status)).toEqual(['claimed']);
  });
});
