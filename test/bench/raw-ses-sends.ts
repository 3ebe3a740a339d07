/** Baseline for the launch: plain SES v2 SendEmail calls to the stack's SES, with a real invitation's body. */

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createLinkToken } from '../../functions/adapters/personal-links.ts';
import { renderEmail } from '../../functions/web/emails.ts';
import { progress, type Rate, rateOf, runConcurrently } from './measure.ts';

export interface RawSendOptions {
  client: SESv2Client;
  from: string;
  count: number;
  concurrency: number;
  run: string;
  label: string;
}

/** An invitation as the launch renders it, so the baseline moves the same bytes per email. */
async function invitationLike(baseUrl: string) {
  const token = await createLinkToken(
    randomUUID(),
    { purpose: 'pension', transferId: randomUUID(), shard: 12, employeeNumber: 'EBENCH0001234' },
    new Date('2030-06-01T00:00:00Z'),
  );
  return renderEmail({
    kind: 'invitation',
    name: 'Person 1234',
    transferName: 'Bench transfer',
    transferor: 'Staffordshire County Council',
    transferee: 'Midlands Partnership NHS Foundation Trust',
    transferDate: '2030-04-01',
    electionClosesOn: '2030-02-25',
    options: [
      { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
      { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
    ],
    defaultOption: { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
    link: `${baseUrl}/forms/pension/${token}`,
  });
}

export async function rawSendRate(
  { client, from, count, concurrency, run, label }: RawSendOptions,
  baseUrl: string,
): Promise<Rate> {
  const email = await invitationLike(baseUrl);
  const recipients = Array.from({ length: count }, (_, index) => `bench${index + 1}.${run}@example.org`);
  const sent = progress(label, count);
  const startedAt = performance.now();
  await runConcurrently(recipients, concurrency, async (to) => {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    sent.add(1);
  });
  return rateOf(count, startedAt);
}
