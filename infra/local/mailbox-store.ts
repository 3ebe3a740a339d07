/**
 * The local mailbox: every email the local SES accepted, kept as JSON lines in DATA_DIR/mailbox.jsonl (appended
 * synchronously before SES answers, so a `kill -9` loses nothing SES took) and read back on the next start. It
 * answers pages of the newest first and searches by recipient, subject and text, in memory: tens of thousands
 * of emails are a few milliseconds to filter, where aws-ses-v2-local's own page stops rendering at about 1,000.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** An accepted email as the mailbox keeps it (the shape aws-ses-v2-local saves, plus the send's tags). */
export interface StoredEmail {
  from?: string;
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Epoch seconds. */
  at: number;
  /** RawContent as sent: base64. */
  attachments?: Array<{ filename?: string; contentType: string; content: string }>;
  /** Set by aws-ses-v2-local on every email it accepts. */
  messageId?: string;
  /** The send's `EmailTags` as SES events give them (name → values), kept for the events. */
  tags?: Record<string, string[]>;
}

/** An email of the mailbox with its number: its position in the order accepted, from 1. */
export interface MailboxEntry {
  number: number;
  email: StoredEmail;
}

export interface MailboxPage {
  entries: MailboxEntry[];
  /** How many emails match the search (all of them without one). */
  total: number;
  /** The page given, from 1 (the last page when the one asked for is past the end). */
  page: number;
  pages: number;
}

export const mailboxPageSize = 50;

/**
 * The emails kept in the file; a line cut short by a crash is left out, and closed so the next email kept
 * starts on a line of its own (the SES events' cursor counts the entries).
 */
async function keptEmails(file: string): Promise<StoredEmail[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  if (text !== '' && !text.endsWith('\n')) appendFileSync(file, '\n');
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as StoredEmail];
    } catch {
      return [];
    }
  });
}

/** What a search looks at: every recipient, the subject and the text body, lower-cased. */
function searchableText(email: StoredEmail): string {
  const { to, cc = [], bcc = [] } = email.destination;
  return [...to, ...cc, ...bcc, email.subject, email.body.text ?? ''].join('\n').toLowerCase();
}

export interface Mailbox {
  /** Every email, in the order accepted (the SES events deliver in this order). */
  readonly emails: readonly StoredEmail[];
  /** Keeps an accepted email: on disk first (when the mailbox has a file), then in memory. */
  add(email: StoredEmail): void;
  /** One page of the emails matching `query` (every word in recipient, subject or text), newest first. */
  page(options: { query?: string; page?: number; pageSize?: number }): MailboxPage;
  /** The email with this number, or undefined. */
  entry(number: number): MailboxEntry | undefined;
}

/** The mailbox kept in `file` (memory only without one). */
export async function openMailbox(file?: string): Promise<Mailbox> {
  const emails: StoredEmail[] = file === undefined ? [] : await keptEmails(file);
  // Built on the first search and kept up to date after: a stack nobody searches pays nothing.
  let searchable: string[] | undefined;
  return {
    emails,
    add(email) {
      if (file !== undefined) appendFileSync(file, `${JSON.stringify(email)}\n`);
      emails.push(email);
      searchable?.push(searchableText(email));
    },
    page({ query = '', page = 1, pageSize = mailboxPageSize }) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      let numbers: number[];
      if (words.length === 0) {
        numbers = [];
      } else {
        searchable ??= emails.map(searchableText);
        const texts = searchable;
        numbers = [];
        for (let index = texts.length - 1; index >= 0; index -= 1) {
          const text = texts[index] as string;
          if (words.every((word) => text.includes(word))) numbers.push(index + 1);
        }
      }
      const total = words.length === 0 ? emails.length : numbers.length;
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const given = Math.min(Math.max(1, Math.floor(page)), pages);
      const skip = (given - 1) * pageSize;
      const onPage =
        words.length === 0
          ? Array.from({ length: Math.max(0, Math.min(pageSize, total - skip)) }, (_, i) => total - skip - i)
          : numbers.slice(skip, skip + pageSize);
      return {
        entries: onPage.map((number) => ({ number, email: emails[number - 1] as StoredEmail })),
        total,
        page: given,
        pages,
      };
    },
    entry(number) {
      const email = Number.isInteger(number) ? emails[number - 1] : undefined;
      return email === undefined ? undefined : { number, email };
    },
  };
}
