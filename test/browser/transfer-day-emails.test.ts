/**
 * Transfer day's emails as their readers see them (issue 10): each manager gets one email listing their
 * people, and HR one "transfer completed" summary with the counts and links. A 45-person transfer on the
 * shared stack is taken to transfer day; the emails are read in Chromium through the local mailbox, as a
 * tester would, and each email's own HTML is opened as a mail client shows it and checked with axe.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  moveClockTo,
  type OutboxEmail,
  outbox,
  sweep,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Journey: transfer day emails each manager once and HR a summary', () => {
  const run = randomUUID().slice(0, 8);
  const hrEmail = `hr.digests.${run}@example.org`;
  // rosterRows gives each 20 people a manager: three managers, the last with 5 people.
  const people = rosterRows(45, run);
  const managers = [...new Set(people.map((person) => person.managerEmail))];
  let input: ReturnType<typeof pensionTransferInput>;
  let transferId: string;
  let browser: Browser;
  let page: Page;

  /** Opens the mailbox searched for `address`, then the email whose subject starts with `subject`. */
  const openEmailIn = async (address: string, subject: string) => {
    await page.goto(`${baseUrl()}/local/mailbox?q=${encodeURIComponent(address)}`);
    await page.getByRole('link', { name: new RegExp(`^${escaped(subject)}`) }).click();
    return page.frameLocator('iframe[title="The email\'s HTML body"]');
  };

  /** The accessibility of an email's HTML as a mail client shows it, on a page of its own. */
  const emailViolations = async (email: OutboxEmail) => {
    const reader = await browser.newPage();
    try {
      await reader.setContent(email.html, { waitUntil: 'load' });
      return await axeViolations(reader);
    } finally {
      await reader.close();
    }
  };

  beforeAll(async () => {
    const hr = api(await tokenFor('hr', hrEmail));
    input = pensionTransferInput(await localToday(), addDays, `Digests ${run} (test)`);
    transferId = (await hr.post('/api/transfers', input)).json.id;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: people })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    await waitFor('everyone invited', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      return transfer.launch?.status === 'done' ? true : undefined;
    });
    await moveClockTo(input.transferDate);
    await waitFor('the transfer to complete', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      if (transfer.status === 'completed') return true;
      await sweep();
      return undefined;
    });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('sends each manager one email that lists every one of their people, and no one else', async () => {
    // Prepare
    const teamOf = (manager: string) => people.filter((person) => person.managerEmail === manager);
    const digestSubject = (team: RosterRowFixture[]) => `${team.length} of your staff: ${input.name}`;

    for (const manager of managers) {
      // Act
      const team = teamOf(manager);
      const frame = await openEmailIn(manager, digestSubject(team));
      const listed = await frame.locator('li').allTextContents();
      const emails = await outbox(manager);

      // Assess
      expect(emails, manager).toHaveLength(1);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toMatch(
        new RegExp(`^${escaped(digestSubject(team))} took place on `),
      );
      expect(await textOf(frame.locator('body'))).toContain(
        `${team.length} of your staff moved to ${input.transferee}, with their terms and conditions and their continuous service:`,
      );
      // Listed by name, as the email sorts them.
      expect(listed.map((item) => item.replace(/\s+/g, ' ').trim())).toEqual(
        team
          .map((person) => `${person.name}, ${person.jobTitle} (employee number ${person.employeeNumber})`)
          .sort((a, b) => a.localeCompare(b, 'en-GB')),
      );
      expect(await emailViolations(emails[0] as OutboxEmail)).toEqual([]);
    }
  });

  it('sends HR one summary with the counts, the schemes chosen and the links to the transfer and payroll file', async () => {
    // Act
    const frame = await openEmailIn(hrEmail, 'Transfer completed: ');
    const text = await textOf(frame.locator('body'));
    const transferLink = frame.getByRole('link', {
      name: 'See the transfer, its people and the evidence pack',
    });
    const payrollLink = frame.getByRole('link', {
      name: 'Download the payroll changes for transfer day (CSV)',
    });
    const summaries = (await outbox(hrEmail)).filter((email) =>
      email.subject.startsWith('Transfer completed: '),
    );

    // Assess
    expect(summaries).toHaveLength(1);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
      `Transfer completed: ${input.name} (45 moved to ${input.transferee})`,
    );
    expect(text).toContain(`Moved to ${input.transferee}: 45`);
    expect(text).toContain('Objected, so their employment ended instead: 0');
    expect(text).toContain(
      'Stay in the Local Government Pension Scheme (LGPS): 45 (0 chose it, 45 given it as the default)',
    );
    expect(text).toContain('Join the NHS Pension Scheme (NHSPS): 0 (0 chose it, 0 given it as the default)');
    expect(text).toContain('3 managers were each sent one email listing their staff.');
    expect(await transferLink.getAttribute('href')).toBe(`${baseUrl()}/transfers/${transferId}`);
    expect(await payrollLink.getAttribute('href')).toBe(
      `${baseUrl()}/transfers/${transferId}/exports?file=payroll-changes.csv`,
    );
    expect(await emailViolations(summaries[0] as OutboxEmail)).toEqual([]);
  });
});
