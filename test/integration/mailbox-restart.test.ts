/**
 * The local mailbox across a restart (issue 10): the demo sends 1,820 emails (907 invitations, 907
 * consultation invitations, two partners', three contract reminders and HR's escalation); the mailbox page
 * shows the 1,820th and pages down to the first, and after the stack stops and starts again on the same data
 * folder it still shows them all, as does /local/outbox. Its own stack, on a fresh data folder.
 */
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import { startLocalStack } from '../../infra/local/local-stack.ts';
import { waitFor } from './support/local-stack-client.ts';
import { ownStackPerTest } from './support/own-stack.ts';

const demoEmails = 1_820;

/** The email page's heading and recipient line, read from its markup. */
async function emailShown(mailboxUrl: string, number: number) {
  const response = await fetch(`${mailboxUrl}/${number}`);
  const html = await response.text();
  return {
    status: response.status,
    heading: html.match(/<h1>(.*?)<\/h1>/)?.[1],
    to: html.match(/<dt>To<\/dt><dd>(.*?)<\/dd>/)?.[1],
  };
}

describe('Local mailbox across a restart', () => {
  const own = ownStackPerTest();

  it("shows the demo's 1,820th email, pages to the first, and still does after a restart", async () => {
    // Prepare: the demo, and a sweep to open its consultation (the sweep loop is off)
    const dataDir = await own.dataDir('transfer-desk-mailbox-');
    const port = await freeLoopbackPort();
    const options = { port, dataDir, sweepIntervalMs: 0, handlerLogLevel: 'ERROR' } as const;
    let stack = own.use(await startLocalStack({ ...options, seedDemoData: true }));
    const sweep = await fetch(`${stack.baseUrl}/local/sweep`, { method: 'POST' });
    expect(sweep.status).toBe(200);
    const mailboxUrl = stack.mailboxUrl;
    const before = await waitFor(
      `the demo's ${demoEmails}th email in the mailbox`,
      async () => {
        const shown = await emailShown(mailboxUrl, demoEmails);
        return shown.status === 200 ? shown : undefined;
      },
      480_000,
      1_000,
    );
    const lastPage = await (await fetch(`${mailboxUrl}?page=37`)).text();

    // Act
    await stack.stop();
    stack = own.use(await startLocalStack({ ...options, seedDemoData: true }));
    const after = await emailShown(stack.mailboxUrl, demoEmails);
    const firstPage = await (await fetch(stack.mailboxUrl)).text();
    const outbox = (await (await fetch(`${stack.baseUrl}/local/outbox`)).json()) as { emails: unknown[] };

    // Assess
    expect(stack.mailboxUrl).toBe(`http://localhost:${port}/local/mailbox`);
    expect(before.heading).toBeTruthy();
    expect(after).toEqual(before);
    expect(stack.seededDemoData).toBe(false);
    expect(lastPage).toContain('<h1>Mailbox (page 37 of 37)</h1>');
    expect(lastPage).toContain(`href="/local/mailbox/1"`);
    expect(firstPage).toContain(`${demoEmails.toLocaleString('en-GB')} emails, newest first`);
    expect(firstPage).toContain(`href="/local/mailbox/${demoEmails}"`);
    expect(outbox.emails).toHaveLength(demoEmails);
  }, 900_000);
});
