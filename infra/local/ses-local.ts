/**
 * SES for the local stack: the aws-ses-v2-local server on a free loopback port, whose every accepted email
 * goes to the local mailbox (mailbox-store.ts) instead of the server's own memory: kept in the mailbox file
 * before SES answers and read back on the next start, so it survives restarts, even a `kill -9`. The outbox
 * the tests read and the mailbox page (mailbox-page.ts) both read the mailbox.
 *
 * Like SES with a configuration set that publishes to EventBridge, it emits "Email Sent" and "Email
 * Delivered" events carrying each send's tags (see ses-events.ts), independently of the sender: the
 * events of emails accepted before a crash are delivered on the next start.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { closeServer } from './aws-json-protocol.ts';
import { freeLoopbackPort, loopbackHost } from './free-port.ts';
import { type Mailbox, openMailbox, type StoredEmail } from './mailbox-store.ts';
import { type SesEventDeliveryOptions, sesEventDelivery } from './ses-events.ts';

export type { StoredEmail } from './mailbox-store.ts';

export interface OutboxEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: string;
  /** Files attached (CSV, decoded as UTF-8 text); absent when there are none. */
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

/** The outbox, oldest first (emails sent in the same second keep the order they were sent in). */
export function outboxFrom(stored: readonly StoredEmail[]): OutboxEmail[] {
  return stored
    .map((email, order) => ({ email, order }))
    .sort((a, b) => a.email.at - b.email.at || a.order - b.order)
    .map(({ email }) => ({
      to: [...email.destination.to],
      subject: email.subject,
      text: email.body.text ?? '',
      html: email.body.html ?? '',
      sentAt: new Date(email.at * 1000).toISOString(),
      ...(email.attachments?.length
        ? {
            attachments: email.attachments.map((attachment) => ({
              filename: attachment.filename ?? '',
              contentType: attachment.contentType,
              content: Buffer.from(attachment.content, 'base64').toString('utf8'),
            })),
          }
        : {}),
    }));
}

type StartSesServer = (config: { host: string; port: number }) => Promise<Server>;

/** aws-ses-v2-local is CommonJS with its server as `exports.default`; require reads it the same in every runner. */
function sesServerStarter(): StartSesServer {
  const loaded = createRequire(import.meta.url)('aws-ses-v2-local') as { default?: unknown };
  if (typeof loaded.default !== 'function') {
    throw new Error('aws-ses-v2-local no longer exports its server as default');
  }
  return loaded.default as StartSesServer;
}

/** aws-ses-v2-local's store module: its handlers call `saveEmail` through the module's exports. */
interface SesStoreModule {
  saveEmail: (email: StoredEmail) => void;
}

/** Where the emails accepted now go: the running instance's mailbox and event delivery. */
let accepting: { accept: (email: StoredEmail) => void } | undefined;
let keepingEmails = false;

function sesStore(): SesStoreModule {
  const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store') as Partial<SesStoreModule>;
  if (typeof store.saveEmail !== 'function') {
    throw new Error('aws-ses-v2-local no longer has the store module the mailbox relies on');
  }
  return store as SesStoreModule;
}

/** The tags of the send being handled: aws-ses-v2-local does not keep them, the events need them. */
const sendTags = new AsyncLocalStorage<Record<string, string[]>>();

function tagsOf(body: unknown): Record<string, string[]> {
  const tags = (body as { EmailTags?: unknown } | null)?.EmailTags;
  if (!Array.isArray(tags)) return {};
  const byName: Record<string, string[]> = {};
  for (const tag of tags as Array<{ Name?: unknown; Value?: unknown }>) {
    if (typeof tag?.Name !== 'string' || typeof tag.Value !== 'string') continue;
    byName[tag.Name] = [...(byName[tag.Name] ?? []), tag.Value];
  }
  return byName;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Reads a send's body before aws-ses-v2-local does (its JSON parser then sees the body read and leaves it),
 * and runs its handling with the send's tags at hand, so the saved email can keep them.
 */
function keepSendTags(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const handle: RequestListener = (request, response) => {
    for (const listener of listeners) listener(request, response);
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/v2/email/outbound-emails')) {
      handle(request, response);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      (request as IncomingMessage & { body?: unknown }).body = body;
      sendTags.run(tagsOf(body), () => handle(request, response));
    });
  });
}

/**
 * Sends every accepted email, with its tags, to the running instance's mailbox instead of the server's own
 * memory (which would hold a second copy of every email and is lost on a restart).
 */
function keepAcceptedEmails(store: SesStoreModule): void {
  if (keepingEmails) return;
  keepingEmails = true;
  store.saveEmail = (email) => {
    const tags = sendTags.getStore();
    accepting?.accept(tags && Object.keys(tags).length > 0 ? { ...email, tags } : email);
  };
}

export interface SesLocalOptions {
  /** Where accepted emails are kept across restarts (DATA_DIR/mailbox.jsonl); none: memory only. */
  mailboxFile?: string;
  /** How many kept emails have had their events delivered (DATA_DIR/ses-events.json); none: memory only. */
  eventCursorFile?: string;
}

export interface SesLocal {
  endpoint: string;
  /** Every email accepted, kept across restarts when there is a mailbox file. */
  mailbox: Mailbox;
  /** Every email sent, or only those to any of `to` (compared without case): a long run's outbox is megabytes. */
  outbox(to?: readonly string[]): Promise<OutboxEmail[]>;
  /**
   * Starts publishing the SES events (once the handlers can run): first those of kept emails whose events
   * were not delivered before the last stop or crash, then each new email's. Resolves when that backlog
   * is delivered (or given up after its retries).
   */
  publishEvents(options: SesEventDeliveryOptions): Promise<void>;
  /** Resolves when the events of every email accepted so far are delivered (or given up). */
  eventsDelivered(): Promise<void>;
  /** Whether some accepted email's events are still to be delivered. */
  eventsPending(): boolean;
  stop(): Promise<void>;
}

export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  const port = await freeLoopbackPort();
  const server = await sesServerStarter()({ host: loopbackHost, port });
  keepSendTags(server);
  const endpoint = `http://${loopbackHost}:${port}`;
  // The store belongs to the module, not the server: a stack started earlier in this process leaves its emails.
  const cleared = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  if (!cleared.ok) throw new Error(`The local SES did not clear its store (${cleared.status})`);
  const store = sesStore();
  const mailbox = await openMailbox(options.mailboxFile);
  const events = sesEventDelivery(mailbox.emails, options.eventCursorFile);
  const mine: NonNullable<typeof accepting> = {
    accept(email) {
      mailbox.add(email);
      events.accepted();
    },
  };
  keepAcceptedEmails(store);
  accepting = mine;
  return {
    endpoint,
    mailbox,
    outbox: async (to) => {
      if (to === undefined || to.length === 0) return outboxFrom(mailbox.emails);
      const wanted = new Set(to.map((address) => address.toLowerCase()));
      return outboxFrom(
        mailbox.emails.filter((email) =>
          email.destination.to.some((address) => wanted.has(address.toLowerCase())),
        ),
      );
    },
    async publishEvents(deliveryOptions) {
      await events.start(deliveryOptions);
      await events.idle();
    },
    eventsDelivered: () => events.idle(),
    eventsPending: () => events.busy(),
    async stop() {
      await closeServer(server);
      if (accepting === mine) accepting = undefined;
      await events.stop();
    },
  };
}
