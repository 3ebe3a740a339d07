/**
 * SES for the local stack: the aws-ses-v2-local server on a free loopback port (its page at `/` is the
 * mailbox), and the outbox the tests read, mapped from the server's `/store`. Its store lives in memory;
 * given a mailbox file, every email it accepts is also appended there (before SES answers) and read back
 * on the next start, so the mailbox keeps what was sent across restarts, even after a `kill -9`.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { closeServer } from './aws-json-protocol.ts';
import { freeLoopbackPort, loopbackHost } from './free-port.ts';

/** The fields of an email in aws-ses-v2-local's `/store` that the outbox reads. */
export interface StoredEmail {
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Epoch seconds. */
  at: number;
  /** RawContent as sent: base64. */
  attachments?: Array<{ filename?: string; contentType: string; content: string }>;
}

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
  getStoreReadonly: () => { emails: StoredEmail[] };
}

let mailboxFile: string | undefined;
let keepingEmails = false;

function sesStore(): SesStoreModule {
  const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store') as Partial<SesStoreModule>;
  if (typeof store.saveEmail !== 'function' || typeof store.getStoreReadonly !== 'function') {
    throw new Error('aws-ses-v2-local no longer has the store module the mailbox file relies on');
  }
  return store as SesStoreModule;
}

/** Appends every accepted email to the mailbox file, synchronously, before SES answers the send. */
function keepEmailsInMailboxFile(store: SesStoreModule): void {
  if (keepingEmails) return;
  keepingEmails = true;
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    if (mailboxFile !== undefined) appendFileSync(mailboxFile, `${JSON.stringify(email)}\n`);
    save(email);
  };
}

/** The emails kept in the mailbox file; a line cut short by a crash is left out. */
async function keptEmails(file: string): Promise<StoredEmail[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as StoredEmail];
    } catch {
      return [];
    }
  });
}

export interface SesLocalOptions {
  /** Where accepted emails are kept across restarts (DATA_DIR/mailbox.jsonl); none: memory only. */
  mailboxFile?: string;
}

export interface SesLocal {
  endpoint: string;
  mailboxUrl: string;
  outbox(): Promise<OutboxEmail[]>;
  stop(): Promise<void>;
}

export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  const port = await freeLoopbackPort();
  const server = await sesServerStarter()({ host: loopbackHost, port });
  const endpoint = `http://${loopbackHost}:${port}`;
  // The store belongs to the module, not the server: a stack started earlier in this process leaves its emails.
  const cleared = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  if (!cleared.ok) throw new Error(`The local SES did not clear its store (${cleared.status})`);
  if (options.mailboxFile !== undefined) {
    const store = sesStore();
    store.getStoreReadonly().emails.push(...(await keptEmails(options.mailboxFile)));
    keepEmailsInMailboxFile(store);
    mailboxFile = options.mailboxFile;
  }
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    async outbox() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`The local SES answered ${response.status} for its store`);
      const { emails } = (await response.json()) as { emails: StoredEmail[] };
      return outboxFrom(emails);
    },
    async stop() {
      await closeServer(server);
      if (mailboxFile === options.mailboxFile) mailboxFile = undefined;
    },
  };
}
