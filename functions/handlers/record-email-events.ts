/**
 * SES's own events, delivered by EventBridge (a configuration set with an EventBridge destination on the
 * default bus), settle the email ledger: delivered, bounced or complained about. A delivery, a bounce or a
 * delayed delivery also says SES accepted the send, so a send whose sender died before it could record it
 * is settled by them, and its retry does not send it again. The Send event says nothing the sender's own
 * record does not, so it is not routed here (a third of the invocations and writes); it is still settled
 * if it comes.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type DeliveryOutcome,
  type EmailLedger,
  emailLedger,
  ledgerReferenceTag,
  type SettleResult,
} from '../adapters/email-ledger.ts';
import { logger, observability } from '../observability.ts';
import * as z from '../zod.ts';

/** The SES event types this function settles the ledger from, and the status each one means. */
const statusOfEventType = {
  Send: 'sent',
  // SES accepted it and is still trying: sent, not yet delivered (or bounced).
  DeliveryDelay: 'sent',
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
} as const;

const timestamp = z.iso.datetime({ offset: true });

// Only what is read: the destination, headers and bounce recipients (personal data) are left unparsed.
const sesEvent = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      timestamp,
      messageId: z.string().check(z.minLength(1), z.maxLength(256)),
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    delivery: z.optional(z.object({ timestamp })),
    bounce: z.optional(z.object({ timestamp })),
    complaint: z.optional(z.object({ timestamp })),
  }),
});

export type RecordEmailEventResult = SettleResult | 'ignored';

/** The ledger reference an event's send was tagged with, and what the event says happened to it. */
function outcomeOf(
  event: z.output<typeof sesEvent>,
): { reference: string; outcome: DeliveryOutcome } | undefined {
  const { eventType, mail, delivery, bounce, complaint } = event.detail;
  if (!Object.hasOwn(statusOfEventType, eventType)) return undefined;
  const status = statusOfEventType[eventType as keyof typeof statusOfEventType];
  const reference = mail.tags?.[ledgerReferenceTag]?.[0];
  if (reference === undefined || !/^[A-Za-z0-9_-]{1,256}$/.test(reference)) return undefined;
  const sentAt = new Date(mail.timestamp);
  const settledBy = { sent: undefined, delivered: delivery, bounced: bounce, complained: complaint }[status];
  const at = new Date(settledBy?.timestamp ?? mail.timestamp);
  return { reference, outcome: { status, messageId: mail.messageId, sentAt, at } };
}

export function recordEmailEvents(ledger: Pick<EmailLedger, 'settle'>) {
  return middy<unknown, { result: RecordEmailEventResult }, Error, Context>()
    .use(observability())
    .handler(async (event) => {
      const parsed = sesEvent.safeParse(event);
      const settling = parsed.success ? outcomeOf(parsed.data) : undefined;
      if (settling === undefined) {
        // Not an SES event about one of our ledger's emails (another sender's, another event type).
        logger.info('email event ignored');
        return { result: 'ignored' };
      }
      const result = await ledger.settle(settling.reference, settling.outcome);
      // Ids only: the message id and the reference (a hash) name the email without saying whose it is.
      const ids = { messageId: settling.outcome.messageId, reference: settling.reference };
      if (result === 'unknown') logger.warn('email event for no ledger item', ids);
      // One for every email at the info level would be most of the product's log bytes: debug only.
      else logger.debug('email event recorded', { ...ids, status: settling.outcome.status, result });
      return { result };
    });
}

export const handler = recordEmailEvents(emailLedger());
