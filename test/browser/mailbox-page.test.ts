/**
 * The local mailbox page (issue 10): every email the stack sent, 50 a page and searchable, each email on a page
 * of its own with its HTML in a sandboxed frame. Checked in Chromium with axe and with the W3C checker (vnu).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl } from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

const vnuJar = fileURLToPath(new URL('../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));

/** The W3C checker's errors for a page's markup (warnings left out), read from its JSON report. */
function w3cErrors(html: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'java',
      ['-jar', vnuJar, '--format', 'json', '--errors-only', '-'],
      { maxBuffer: 10 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        try {
          const report = JSON.parse(stderr) as { messages: Array<{ type: string; message: string }> };
          resolve(report.messages.map((message) => `${message.type}: ${message.message}`));
        } catch {
          reject(error ?? new Error(`The W3C checker gave no report: ${stderr.slice(0, 300)}`));
        }
      },
    );
    child.stdin?.end(html);
  });
}

describe('Journey: a tester reads the emails the local stack sent', () => {
  const run = randomUUID().slice(0, 8);
  const count = 55;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const client = new SESv2Client({
      endpoint: inject('sesEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      for (let number = 1; number <= count; number += 1) {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: 'transfer-desk@example.org',
            Destination: { ToAddresses: [`reader${number}.${run}@example.org`] },
            Content: {
              Simple: {
                Subject: { Data: `Mailbox check ${run} number ${number} <b>&` },
                Body: {
                  Text: { Data: `Plain text ${run} for reader ${number}\nSecond line <i>not markup</i>` },
                  Html: {
                    Data: `<h1>Hello reader ${number}</h1><script>parent.document.title = 'changed'</script>`,
                  },
                },
              },
            },
          }),
        );
      }
    } finally {
      client.destroy();
    }
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the emails newest first, finds them by recipient, subject or text, and pages through them', async () => {
    // Act
    await page.goto(`${baseUrl()}/local/mailbox`);
    const listViolations = await axeViolations(page);
    const listErrors = await w3cErrors(await page.content());
    await page.getByLabel('Search by recipient, subject or text').fill(`plain text ${run}`);
    await page.getByRole('button', { name: 'Search' }).click();
    const found = await textOf(page.locator('main > p').first());
    const firstRow = await textOf(page.locator('tbody tr').first());
    const rows = await page.locator('tbody tr').count();
    await page.getByRole('link', { name: 'Next page' }).click();
    const secondPageRows = await page.locator('tbody tr').count();
    const byRecipient = await (await fetch(`${baseUrl()}/local/mailbox?q=reader7.${run}`)).text();

    // Assess
    expect(listViolations).toEqual([]);
    expect(listErrors).toEqual([]);
    expect(found).toMatch(new RegExp(`^${count} of [\\d,]+ emails match “plain text ${run}”\\.$`));
    expect(firstRow).toContain(`Mailbox check ${run} number ${count} <b>&`);
    expect(rows).toBe(50);
    expect(secondPageRows).toBe(count - 50);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mailbox (page 2 of 2)');
    expect(byRecipient).toContain(`reader7.${run}@example.org`);
    expect(byRecipient).not.toContain(`reader8.${run}@example.org`);
  });

  it("shows one email's text escaped and its HTML in a sandboxed frame that runs no script", async () => {
    // Act
    await page.goto(`${baseUrl()}/local/mailbox?q=${encodeURIComponent(`reader3.${run}@`)}`);
    await page.getByRole('link', { name: `Mailbox check ${run} number 3 <b>&` }).click();
    const frame = page.frameLocator('iframe[title="The email\'s HTML body"]');
    const framed = await textOf(frame.getByRole('heading', { level: 1 }));
    const emailViolations = await axeViolations(page);
    const emailErrors = await w3cErrors(await page.content());

    // Assess
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Mailbox check ${run} number 3 <b>&`);
    expect(await page.locator('pre').innerText()).toBe(
      `Plain text ${run} for reader 3\nSecond line <i>not markup</i>`,
    );
    expect(framed).toBe('Hello reader 3');
    expect(await page.locator('iframe').getAttribute('sandbox')).toBe('');
    expect(await page.title()).not.toBe('changed');
    expect(emailViolations).toEqual([]);
    expect(emailErrors).toEqual([]);
  });

  it('opens an email by its number, and says so when there is no such email', async () => {
    // Act
    await page.goto(`${baseUrl()}/local/mailbox`);
    await page.getByLabel('Open email number').fill('1');
    await page.getByRole('button', { name: 'Open' }).click();
    const missing = await fetch(`${baseUrl()}/local/mailbox/99999999`);

    // Assess
    expect(page.url()).toBe(`${baseUrl()}/local/mailbox/1`);
    expect(await textOf(page.locator('dl'))).toContain('Number');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no email number 99999999');
  });
});
