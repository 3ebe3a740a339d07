import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headerValue, sesClientSettings, sesSender } from '../../../functions/adapters/send-email.ts';

const ses = new SESv2Client({ region: 'eu-west-2' });
const sesMock = mockClient(ses);

beforeEach(() => {
  vi.stubEnv('EMAIL_FROM', 'transfers@example.org');
  vi.stubEnv('EMAIL_CONFIGURATION_SET', 'transfer-desk');
});

afterEach(() => {
  sesMock.reset();
  vi.unstubAllEnvs();
});

describe('Function: sesSender', () => {
  it('never lets a control character reach the subject or an attachment name', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    await sesSender(ses)({
      to: 'sam@example.org',
      subject: 'Cancelled: ASC\r\nBcc: everyone@example.org\u0000\u001b[31m',
      text: 'Body\r\nkeeps its lines',
      html: '<p>Body</p>',
      attachments: [{ filename: 'responses\r\n.csv', contentType: 'text/csv', content: 'a,b' }],
    });

    // Assess
    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple?.Subject?.Data).toBe('Cancelled: ASC Bcc: everyone@example.org [31m');
    expect(input?.Content?.Simple?.Attachments?.[0]?.FileName).toBe('responses .csv');
    expect(input?.Content?.Simple?.Body?.Text?.Data).toBe('Body\r\nkeeps its lines');
  });

  it('refuses a recipient with a control character and sends nothing', async () => {
    // Act
    const sending = sesSender(ses)({
      to: 'sam@example.org\r\nbcc@example.org',
      subject: 'Hello',
      text: 'x',
      html: 'x',
    });

    // Assess
    await expect(sending).rejects.toThrow(RangeError);
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('Function: headerValue', () => {
  it('turns runs of control characters and line separators into one space', () => {
    expect(headerValue('a\r\n\r\nb\u2028c\u0085d')).toBe('a b c d');
  });
});

describe('Function: sesSender with the client settings it is built with', () => {
  it('keeps trying an email SES refused with throttling five times, and sends it on the sixth', async () => {
    // Prepare: an SES endpoint that refuses five times (429) before taking the email
    let requests = 0;
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        requests++;
        if (requests <= 5) {
          response.writeHead(429, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'TooManyRequestsException',
          });
          response.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ MessageId: 'accepted-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new SESv2Client({
      ...sesClientSettings,
      region: 'eu-west-2',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    try {
      // Act
      const { messageId } = await sesSender(client)({
        to: 'sam@example.org',
        subject: 'Pension choice recorded',
        text: 'Text',
        html: '<p>Text</p>',
      });

      // Assess
      expect(messageId).toBe('accepted-1');
      expect(requests).toBe(6);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
