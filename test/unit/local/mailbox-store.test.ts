import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMailbox, type StoredEmail } from '../../../infra/local/mailbox-store.ts';

const emailTo = (to: string, subject: string, text = 'Choose your pension scheme'): StoredEmail => ({
  destination: { to: [to] },
  subject,
  body: { text, html: `<p>${text}</p>` },
  at: 1_790_000_000,
});

describe('Function: openMailbox', () => {
  let folder = '';
  let file = '';

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mailbox-store-'));
    file = join(folder, 'mailbox.jsonl');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('pages the emails newest first, 50 a page, and gives the last page for a page past the end', async () => {
    // Prepare
    const mailbox = await openMailbox(file);
    for (let number = 1; number <= 1_820; number += 1)
      mailbox.add(emailTo(`p${number}@example.org`, `Email ${number}`));

    // Act
    const first = mailbox.page({});
    const second = mailbox.page({ page: 2 });
    const past = mailbox.page({ page: 99 });

    // Assess
    expect(first).toMatchObject({ total: 1_820, page: 1, pages: 37 });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]).toMatchObject({ number: 1_820, email: { subject: 'Email 1820' } });
    expect(second.entries[0]?.number).toBe(1_770);
    expect(past).toMatchObject({ page: 37, pages: 37 });
    expect(past.entries.map((entry) => entry.number)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(mailbox.entry(1_820)?.email.subject).toBe('Email 1820');
    expect(mailbox.entry(1_821)).toBeUndefined();
    expect(mailbox.entry(0)).toBeUndefined();
  });

  it('finds emails by recipient, subject or text, every word, whatever the case, newest first', async () => {
    // Prepare
    const mailbox = await openMailbox(file);
    mailbox.add(emailTo('asha.patel@council.example.org', 'Choose your pension scheme'));
    mailbox.add(emailTo('ben@council.example.org', 'Your consultation', 'Tell us what you think'));
    mailbox.add(emailTo('asha.patel@council.example.org', 'Reminder: choose', 'Seven days left'));

    // Act
    const byRecipient = mailbox.page({ query: 'ASHA.patel' });
    const bySubject = mailbox.page({ query: 'consultation' });
    const byText = mailbox.page({ query: 'seven left' });
    const none = mailbox.page({ query: 'asha consultation' });

    // Assess
    expect(byRecipient.entries.map((entry) => entry.number)).toEqual([3, 1]);
    expect(byRecipient.total).toBe(2);
    expect(bySubject.entries.map((entry) => entry.number)).toEqual([2]);
    expect(byText.entries.map((entry) => entry.number)).toEqual([3]);
    expect(none).toMatchObject({ entries: [], total: 0, page: 1, pages: 1 });
  });

  it('keeps every email across a reopen, searchable, and leaves out a line a crash cut short', async () => {
    // Prepare
    const first = await openMailbox(file);
    first.add(emailTo('kept@example.org', 'Kept'));
    first.page({ query: 'kept' });
    first.add(emailTo('also@example.org', 'Also kept'));
    await appendFile(file, '{"destination":{"to":["cut@exa');

    // Act
    const second = await openMailbox(file);
    second.add(emailTo('after@example.org', 'After the crash'));
    const third = await openMailbox(file);

    // Assess
    expect(third.emails.map((email) => email.subject)).toEqual(['Kept', 'Also kept', 'After the crash']);
    expect(third.page({ query: 'after' }).entries.map((entry) => entry.number)).toEqual([3]);
  });
});
