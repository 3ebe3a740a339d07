/** Sends one email through SES v2 with a text and an HTML body. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailAttachment } from '../domain/email-content.ts';
import { environmentNames, requireEnvironment } from './environment.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
}

export type SendEmail = (email: OutgoingEmail) => Promise<{ messageId: string }>;

const defaultSesClient = new SESv2Client({});

export function sesSender(client: SESv2Client = defaultSesClient): SendEmail {
  return async (email) => {
    const answer = await client.send(
      new SendEmailCommand({
        FromEmailAddress: requireEnvironment(environmentNames.emailFrom),
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
            ...(email.attachments?.length
              ? {
                  Attachments: email.attachments.map((attachment) => ({
                    FileName: attachment.filename,
                    ContentType: attachment.contentType,
                    ContentDisposition: 'ATTACHMENT' as const,
                    RawContent: Buffer.from(attachment.content, 'utf8'),
                  })),
                }
              : {}),
          },
        },
      }),
    );
    return { messageId: answer.MessageId ?? 'unknown' };
  };
}
