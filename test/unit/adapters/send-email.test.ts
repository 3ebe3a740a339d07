import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headerValue, sesSender } from '../../../functions/adapters/send-email.ts';

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
