import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sesSender } from '../../../functions/adapters/send-email.ts';
import type { SesEvent } from '../../../infra/local/ses-events.ts';
import {
  outboxFrom,
  type SesLocal,
  type StoredEmail,
  startSesLocal,
} from '../../../infra/local/ses-local.ts';

const stored = (overrides: Partial<StoredEmail>): StoredEmail => ({
  destination: { to: ['jo@example.org'], cc: [], bcc: [] },
  subject: 'Subject',
  body: { text: 'Text', html: '<p>Text</p>' },
  at: 1_790_000_000,
  ...overrides,
});

describe('Function: outboxFrom', () => {
  it('maps stored emails to {to, subject, text, html, sentAt}, oldest first', () => {
    // Prepare
    const emails = [
      stored({ subject: 'Second', at: 1_790_000_100 }),
      stored({
        subject: 'First',
        at: 1_790_000_000,
        destination: { to: ['a@example.org', 'b@example.org'] },
      }),
      stored({ subject: 'Third', at: 1_790_000_100, body: { text: 'Only text' } }),
    ];

    // Act
    const outbox = outboxFrom(emails);

    // Assess
    expect(outbox).toEqual([
      {
        to: ['a@example.org', 'b@example.org'],
        subject: 'First',
        text: 'Text',
        html: '<p>Text</p>',
        sentAt: '2026-09-21T14:13:20.000Z',
      },
      {
        to: ['jo@example.org'],
        subject: 'Second',
        text: 'Text',
        html: '<p>Text</p>',
        sentAt: '2026-09-21T14:15:00.000Z',
      },
      {
        to: ['jo@example.org'],
        subject: 'Third',
        text: 'Only text',
        html: '',
        sentAt: '2026-09-21T14:15:00.000Z',
      },
    ]);
  });
});

describe('Function: startSesLocal', () => {
  let ses: SesLocal;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSesLocal();
    client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });

  it('shows an email sent with the SES v2 SDK in the outbox and keeps it in the mailbox', async () => {
    // Act
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'transfer-desk@example.org',
        Destination: { ToAddresses: ['sam@example.org'] },
        Content: {
          Simple: {
            Subject: { Data: 'Choose your pension scheme' },
            Body: { Text: { Data: 'Plain words' }, Html: { Data: '<p>Plain words</p>' } },
          },
        },
      }),
    );
    const outbox = await ses.outbox();

    // Assess
    expect(outbox).toEqual([
      {
        to: ['sam@example.org'],
        subject: 'Choose your pension scheme',
        text: 'Plain words',
        html: '<p>Plain words</p>',
        sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
      },
    ]);
    expect(
      ses.mailbox.page({ query: 'sam@example.org' }).entries.map((entry) => entry.email.subject),
    ).toEqual(['Choose your pension scheme']);
  });

  it('answers only the emails to the addresses asked for, whatever their case', async () => {
    // Prepare
    const sendTo = (address: string) =>
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'transfer-desk@example.org',
          Destination: { ToAddresses: [address] },
          Content: { Simple: { Subject: { Data: `To ${address}` }, Body: { Text: { Data: 'x' } } } },
        }),
      );
    await sendTo('asked.one@example.org');
    await sendTo('other@example.org');
    await sendTo('Asked.Two@example.org');

    // Act
    const asked = await ses.outbox(['ASKED.one@example.org', 'asked.two@example.org']);

    // Assess
    expect(asked.map((email) => email.subject)).toEqual([
      'To asked.one@example.org',
      'To Asked.Two@example.org',
    ]);
  });

  it('carries a CSV attachment sent by sesSender into the outbox, decoded', async () => {
    // Prepare
    vi.stubEnv('EMAIL_FROM', 'transfer-desk@example.org');
    vi.stubEnv('EMAIL_CONFIGURATION_SET', 'transfer-desk');
    const send = sesSender(client);
    const csv =
      'respondedAt,respondent,response\n2026-10-01T09:00:00.000Z,public,"Keep the day centre, please"\n';

    // Act
    await send({
      to: 'owner@example.org',
      subject: 'Consultation closed',
      text: 'Summary',
      html: '<p>Summary</p>',
      attachments: [{ filename: 'responses.csv', contentType: 'text/csv; charset=utf-8', content: csv }],
    });
    const sent = (await ses.outbox()).find((email) => email.to.includes('owner@example.org'));
    vi.unstubAllEnvs();

    // Assess
    expect(sent?.attachments).toEqual([
      { filename: 'responses.csv', contentType: 'text/csv; charset=utf-8', content: csv },
    ]);
  });
});

describe('Function: startSesLocal with a mailbox file', () => {
  it('keeps what was sent across a restart, and leaves out a line a crash cut short', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'ses-mailbox-'));
    const mailboxFile = join(folder, 'mailbox.jsonl');
    const first = await startSesLocal({ mailboxFile });
    const client = new SESv2Client({
      endpoint: first.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'transfer-desk@example.org',
          Destination: { ToAddresses: ['kept@example.org'] },
          Content: { Simple: { Subject: { Data: 'Kept' }, Body: { Text: { Data: 'Still here' } } } },
        }),
      );
      await first.stop();
      await appendFile(mailboxFile, '{"destination":{"to":["cut@exa');

      // Act
      const second = await startSesLocal({ mailboxFile });
      const outbox = await second.outbox();
      await second.stop();

      // Assess
      expect(outbox.map((email) => [email.to, email.subject, email.text])).toEqual([
        [['kept@example.org'], 'Kept', 'Still here'],
      ]);
    } finally {
      client.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('Function: startSesLocal after a crash cut a line short', () => {
  it('keeps the next email on a line of its own, so it survives the following restart', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'ses-mailbox-'));
    const mailboxFile = join(folder, 'mailbox.jsonl');
    await appendFile(mailboxFile, '{"destination":{"to":["cut@exa');
    const first = await startSesLocal({ mailboxFile });
    const client = new SESv2Client({
      endpoint: first.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'transfer-desk@example.org',
          Destination: { ToAddresses: ['after@example.org'] },
          Content: { Simple: { Subject: { Data: 'After' }, Body: { Text: { Data: 'Kept too' } } } },
        }),
      );
      await first.stop();

      // Act
      const second = await startSesLocal({ mailboxFile });
      const outbox = await second.outbox();
      await second.stop();

      // Assess
      expect(outbox.map((email) => email.subject)).toEqual(['After']);
    } finally {
      client.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('Function: startSesLocal publishing SES events', () => {
  const clientFor = (ses: SesLocal) =>
    new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  const tagged = (to: string, reference: string) =>
    new SendEmailCommand({
      FromEmailAddress: 'transfer-desk@example.org',
      ConfigurationSetName: 'transfer-desk',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: 'Tagged' }, Body: { Text: { Data: 'Body' } } } },
      EmailTags: [{ Name: 'ledger-ref', Value: reference }],
    });

  it('emits Email Sent then Email Delivered with the send tags, and retries a failed delivery', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'ses-events-'));
    const ses = await startSesLocal({
      mailboxFile: join(folder, 'mailbox.jsonl'),
      eventCursorFile: join(folder, 'ses-events.json'),
    });
    const client = clientFor(ses);
    const delivered: SesEvent[] = [];
    let failures = 2;
    try {
      await ses.publishEvents({
        retryDelayMs: 1,
        async deliver(event) {
          if (failures > 0) {
            failures -= 1;
            throw new Error('ProvisionedThroughputExceededException');
          }
          delivered.push(event);
        },
      });

      // Act
      const { MessageId } = await client.send(tagged('sam@example.org', 'ref_A-1'));
      await ses.eventsDelivered();

      // Assess
      expect(delivered.map((event) => [event.source, event['detail-type'], event.detail.eventType])).toEqual([
        ['aws.ses', 'Email Sent', 'Send'],
        ['aws.ses', 'Email Delivered', 'Delivery'],
      ]);
      expect(delivered[0]?.detail.mail).toMatchObject({
        messageId: MessageId,
        tags: { 'ledger-ref': ['ref_A-1'] },
      });
      expect(JSON.parse(await readFile(join(folder, 'ses-events.json'), 'utf8'))).toEqual({ delivered: 1 });
    } finally {
      client.destroy();
      await ses.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('delivers after a restart the events of emails accepted before the stop, and only those', async () => {
    // Prepare: one email's events delivered, then one accepted while delivery keeps failing (a crash)
    const folder = await mkdtemp(join(tmpdir(), 'ses-events-'));
    const files = {
      mailboxFile: join(folder, 'mailbox.jsonl'),
      eventCursorFile: join(folder, 'ses-events.json'),
    };
    const first = await startSesLocal(files);
    const firstClient = clientFor(first);
    const second = { ses: undefined as SesLocal | undefined };
    try {
      let down = false;
      await first.publishEvents({
        attempts: 2,
        retryDelayMs: 1,
        async deliver() {
          if (down) throw new Error('the stack died');
        },
      });
      await firstClient.send(tagged('before@example.org', 'ref-before'));
      await first.eventsDelivered();
      down = true;
      await firstClient.send(tagged('lost@example.org', 'ref-lost'));
      await first.eventsDelivered();
      await first.stop();

      // Act
      second.ses = await startSesLocal(files);
      const replayed: SesEvent[] = [];
      await second.ses.publishEvents({
        async deliver(event) {
          replayed.push(event);
        },
      });

      // Assess
      expect(replayed.map((event) => [event['detail-type'], event.detail.mail.tags['ledger-ref']])).toEqual([
        ['Email Sent', ['ref-lost']],
        ['Email Delivered', ['ref-lost']],
      ]);
      expect(JSON.parse(await readFile(files.eventCursorFile, 'utf8'))).toEqual({ delivered: 2 });
    } finally {
      firstClient.destroy();
      await second.ses?.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
