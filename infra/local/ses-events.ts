/**
 * The events the local SES publishes, as SES does through a configuration set with an EventBridge
 * destination: for each accepted email an "Email Sent" event, then "Email Delivered", on the default bus —
 * or, for SES's mailbox simulator addresses, what SES answers for them: a bounce, or a delivery followed by
 * a complaint.
 * They are delivered asynchronously, in the order the emails were accepted, retried with backoff a bounded
 * number of times as EventBridge retries a target, and a cursor file records how many accepted emails have
 * had all their events delivered — so events not delivered before a crash are delivered on the next start.
 */
import { randomUUID } from 'node:crypto';
import { readJsonFile, serialisedJsonWriter } from './data-files.ts';
import { localAccountId, localRegion } from './local-aws.ts';

/** An accepted email as the local SES keeps it: what its events tell. */
export interface AcceptedEmail {
  messageId?: string;
  /** Epoch seconds. */
  at: number;
  /** The tags the send carried (SES `EmailTags`), as SES events give them: name → values. */
  tags?: Record<string, string[]>;
  /** Who it was sent to: the mailbox simulator's addresses make SES bounce or complain. */
  destination?: { to: string[] };
}

/** SES's mailbox simulator: what sending to each address makes SES report (any other address is delivered). */
export const mailboxSimulator = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
  success: 'success@simulator.amazonses.com',
} as const;

export interface SesEvent {
  version: '0';
  id: string;
  'detail-type': 'Email Sent' | 'Email Delivered' | 'Email Bounced' | 'Email Complaint Received';
  source: 'aws.ses';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    eventType: 'Send' | 'Delivery' | 'Bounce' | 'Complaint';
    mail: { timestamp: string; messageId: string; tags: Record<string, string[]> };
    send?: Record<string, never>;
    delivery?: { timestamp: string; recipients: string[] };
    bounce?: {
      timestamp: string;
      bounceType: 'Permanent';
      bounceSubType: 'General';
      bouncedRecipients: Array<{ emailAddress: string }>;
    };
    complaint?: {
      timestamp: string;
      complaintFeedbackType: 'abuse';
      complainedRecipients: Array<{ emailAddress: string }>;
    };
  };
}

/** The events SES publishes for one accepted email, in the order it publishes them. */
export function sesEventsFor(email: AcceptedEmail, position: number): SesEvent[] {
  const timestamp = new Date(email.at * 1000).toISOString();
  const mail = {
    timestamp,
    messageId: email.messageId ?? `local-message-${position}`,
    tags: email.tags ?? {},
  };
  const envelope = (detailType: SesEvent['detail-type']) => ({
    version: '0' as const,
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses' as const,
    account: localAccountId,
    time: timestamp,
    region: localRegion,
    resources: [],
  });
  const recipients = email.destination?.to ?? [];
  // SES's simulator takes a label after a `+` (bounce+jo@simulator.amazonses.com), so tests can tell sends apart.
  const simulated = (address: string) =>
    recipients.filter((recipient) => recipient.toLowerCase().replace(/\+[^@]*@/, '@') === address);
  const bounced = simulated(mailboxSimulator.bounce);
  const complained = simulated(mailboxSimulator.complaint);
  const sent: SesEvent = { ...envelope('Email Sent'), detail: { eventType: 'Send', mail, send: {} } };
  if (bounced.length > 0) {
    const bounce = {
      timestamp,
      bounceType: 'Permanent' as const,
      bounceSubType: 'General' as const,
      bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress })),
    };
    return [sent, { ...envelope('Email Bounced'), detail: { eventType: 'Bounce', mail, bounce } }];
  }
  const delivered: SesEvent = {
    ...envelope('Email Delivered'),
    detail: { eventType: 'Delivery', mail, delivery: { timestamp, recipients } },
  };
  if (complained.length === 0) return [sent, delivered];
  const complaint = {
    timestamp,
    complaintFeedbackType: 'abuse' as const,
    complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
  };
  return [
    sent,
    delivered,
    { ...envelope('Email Complaint Received'), detail: { eventType: 'Complaint', mail, complaint } },
  ];
}

export interface SesEventDeliveryOptions {
  /** Hands one event to its targets (the catalog's functions for SES events); a rejection is retried. */
  deliver: (event: SesEvent) => Promise<void>;
  /**
   * How many times an event is tried before it is left for the next start (30 by default: with the
   * delays capped at 10 s, over four minutes, enough for DynamoDB Local to come back after it died).
   */
  attempts?: number;
  /** The first retry's delay, doubled each time up to 10 s (250 ms by default). */
  retryDelayMs?: number;
  /** How many emails' events are under way at once (4 by default). */
  concurrency?: number;
  /** Told when an email's events could not be delivered after every attempt (ids only). */
  onGiveUp?: (messageId: string, error: unknown) => void;
}

interface DeliveryCursor {
  /** How many accepted emails, from the first, have had every event delivered. */
  delivered: number;
}

export interface SesEventDelivery {
  /** Delivers the events of every accepted email past the cursor, and of each one accepted from now on. */
  start(options: SesEventDeliveryOptions): Promise<void>;
  /** Tells the delivery that another email was accepted (kept at the next position). */
  accepted(): void;
  /** Resolves when every email accepted until now has had its events delivered or given up. */
  idle(): Promise<void>;
  /** Whether an accepted email's events are still to be delivered (or retried). */
  busy(): boolean;
  stop(): Promise<void>;
}

/**
 * Delivery over a list of accepted emails that only grows (the mailbox, in the order accepted). The cursor
 * moves past an email only when it and every email before it had their events delivered.
 */
export function sesEventDelivery(
  emails: readonly AcceptedEmail[],
  cursorFile: string | undefined,
): SesEventDelivery {
  let settings: Required<Omit<SesEventDeliveryOptions, 'onGiveUp'>> &
    Pick<SesEventDeliveryOptions, 'onGiveUp'> = {
    deliver: async () => undefined,
    attempts: 30,
    retryDelayMs: 250,
    concurrency: 4,
  };
  let started = false;
  let stopped = false;
  let cursor = 0;
  let next = 0;
  const finished = new Set<number>();
  /** Emails whose events were delivered or given up: every one before `handledThrough`, and these. */
  const handled = new Set<number>();
  let handledThrough = 0;
  const running = new Set<Promise<void>>();
  const waiting = new Set<() => void>();
  let idleWaiters: Array<{ upTo: number; resolve: () => void }> = [];
  const writer = cursorFile
    ? serialisedJsonWriter(cursorFile, (): DeliveryCursor => ({ delivered: cursor }))
    : undefined;

  /** A pause that ends early when the delivery stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiting.add(done);
    });

  const deliverEmail = async (position: number): Promise<boolean> => {
    const email = emails[position];
    if (email === undefined) return true;
    for (const event of sesEventsFor(email, position)) {
      for (let attempt = 1; ; attempt += 1) {
        if (stopped) return false;
        try {
          await settings.deliver(event);
          break;
        } catch (error) {
          if (attempt >= settings.attempts) {
            settings.onGiveUp?.(event.detail.mail.messageId, error);
            return false;
          }
          await pause(Math.min(10_000, settings.retryDelayMs * 2 ** (attempt - 1)));
        }
      }
    }
    return true;
  };

  const settleIdle = () => {
    const done = stopped || !started;
    const waiters = idleWaiters;
    idleWaiters = waiters.filter((waiter) => !done && handledThrough < waiter.upTo);
    for (const waiter of waiters) if (done || handledThrough >= waiter.upTo) waiter.resolve();
  };

  const pump = () => {
    while (started && !stopped && running.size < settings.concurrency && next < emails.length) {
      const position = next;
      next += 1;
      const work = deliverEmail(position).then((delivered) => {
        running.delete(work);
        if (delivered) finished.add(position);
        handled.add(position);
        while (handled.delete(handledThrough)) handledThrough += 1;
        const before = cursor;
        while (finished.delete(cursor)) cursor += 1;
        if (cursor !== before) void writer?.save().catch(() => undefined);
        pump();
        settleIdle();
      });
      running.add(work);
    }
    settleIdle();
  };

  return {
    async start(options) {
      if (started) throw new Error('The SES event delivery is already started');
      settings = { ...settings, ...options };
      const saved = cursorFile ? await readJsonFile<DeliveryCursor>(cursorFile) : undefined;
      cursor = Math.min(Math.max(0, saved?.delivered ?? 0), emails.length);
      next = cursor;
      handledThrough = cursor;
      started = true;
      pump();
    },
    accepted() {
      pump();
    },
    busy() {
      return started && !stopped && handledThrough < emails.length;
    },
    async idle() {
      const upTo = emails.length;
      if (started && !stopped && handledThrough < upTo) {
        await new Promise<void>((resolve) => idleWaiters.push({ upTo, resolve }));
      }
      await writer?.flush().catch(() => undefined);
    },
    async stop() {
      stopped = true;
      for (const wake of [...waiting]) wake();
      await Promise.all(running);
      await writer?.flush().catch(() => undefined);
      settleIdle();
    },
  };
}
