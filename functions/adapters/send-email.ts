/** Sends one email through SES v2 with a text and an HTML body. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailAttachment } from '../domain/email-content.ts';
import { ledgerReferenceTag } from './email-ledger.ts';
import { environmentNames, requireEnvironment } from './environment.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
  /** The ledger item's reference, sent as an SES tag so SES's events can settle the item. */
  reference?: string;
}

export type SendEmail = (email: OutgoingEmail) => Promise<{ messageId: string }>;

/**
 * SES answers throttling (429) or a 5xx when it did not take the email, and the SDK tries again by itself.
 * Six attempts rather than three: an email a person is owed outside a workflow (the confirmation of their
 * choice) has no step retry behind it, and with one answer in ten refused three refusals in a row would
 * still lose one in a thousand.
 */
export const sesClientSettings = { maxAttempts: 6 } as const;
const defaultSesClient = new SESv2Client(sesClientSettings);

// Control characters (CR and LF above all) and Unicode line separators: none may reach a header.
const headerBreaking = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * A header value on one line: every run of control characters becomes one space. The inputs refuse them
 * already; this is the last line of defence, whatever a template or a stored value holds.
 */
export function headerValue(value: string): string {
  return value.replace(headerBreaking, ' ').trim();
}

// SES tag values: letters, digits, `_` and `-`, at most 256 characters.
const tagValue = /^[A-Za-z0-9_-]{1,256}$/;

function referenceTags(reference: string | undefined) {
  if (reference === undefined) return {};
  if (!tagValue.test(reference)) throw new RangeError('A ledger reference must be a valid SES tag value');
  return { EmailTags: [{ Name: ledgerReferenceTag, Value: reference }] };
}

/** An address must arrive whole: one with a control character in it is refused, never rewritten. */
function recipientOf(address: string): string {
  if (/[\p{Cc}\u2028\u2029]/u.test(address)) {
    throw new RangeError('An email address with a control character cannot be sent to');
  }
  return address;
}

export function sesSender(client: SESv2Client = defaultSesClient): SendEmail {
  return async (email) => {
    const answer = await client.send(
      new SendEmailCommand({
        FromEmailAddress: requireEnvironment(environmentNames.emailFrom),
        ConfigurationSetName: requireEnvironment(environmentNames.emailConfigurationSet),
        ...referenceTags(email.reference),
        Destination: { ToAddresses: [recipientOf(email.to)] },
        Content: {
          Simple: {
            Subject: { Data: headerValue(email.subject), Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
            ...(email.attachments?.length
              ? {
                  Attachments: email.attachments.map((attachment) => ({
                    FileName: headerValue(attachment.filename),
                    ContentType: attachment.contentType,
                    ContentDisposition: 'ATTACHMENT' as const,
                    RawContent: Buffer.from(attachment.content, attachment.encoding ?? 'utf8'),
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
