/**
 * The pictures on a launched transfer's page in Chromium: the milestone timeline and the election
 * progress chart are there as SVG images with their text alternatives, the evidence pack downloads from
 * the button as a PDF, and the page is axe-clean. It takes a PNG of each picture: into a temporary folder,
 * or with SAVE_SCREENSHOTS=1 into docs/images for the README.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb.ts';
import { employeeKey } from '../../functions/domain/roster.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, type RosterRowFixture, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  moveClockTo,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  submitForm,
  tokenFor,
  waitFor,
} from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium, textOf } from './support/browser.ts';

const rosterSize = 12;
const screenshots =
  process.env.SAVE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/images/', import.meta.url))
    : `${mkdtempSync(join(tmpdir(), 'transfer-desk-screenshots-'))}/`;

describe('Journey: HR follows a launched transfer through its pictures', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let transferId: string;
  const name = `Pictures transfer ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // Prepare: a launched transfer in which people choose over several days
    const hr = api(await tokenFor('hr', 'hr.pictures@example.org'));
    const today = await localToday();
    const people = rosterRows(rosterSize);
    transferId = (await hr.post('/api/transfers', pensionTransferInput(today, addDays, name))).json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, rosterCsv(people), 'text/csv');
    await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('the invitations', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      // Recorded invited first, then emailed: the launch is done once every link went out.
      return transfer.counts.invited === rosterSize && transfer.launch?.status === 'done'
        ? transfer
        : undefined;
    });
    const emails = await outbox();
    const choose = async (person: RosterRowFixture, option: string) => {
      const link = pensionLinkIn(emails.find((email) => email.to.includes(person.email)) as OutboxEmail);
      const form = await openForm(link);
      await submitForm(
        `${link}/confirm`,
        { employeeNumber: person.employeeNumber, option, _csrf: form.csrf },
        form.cookie,
      );
    };
    const days: Array<Array<[number, string]>> = [
      [
        [0, 'NHSPS'],
        [1, 'LGPS'],
      ],
      [
        [2, 'NHSPS'],
        [3, 'NHSPS'],
        [4, 'LGPS'],
      ],
      [
        [5, 'NHSPS'],
        [1, 'NHSPS'],
        [6, 'NHSPS'],
        [7, 'LGPS'],
      ],
    ];
    for (const [index, choices] of days.entries()) {
      if (index > 0) await moveClockTo(addDays(today, index * 3));
      for (const [person, option] of choices) await choose(people[person] as RosterRowFixture, option);
    }

    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(`${baseUrl()}/local/sign-in?role=hr&email=hr.pictures@example.org&returnTo=/`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the milestones on a timeline image with today marked and a table as its text alternative', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    const timeline = page.locator('#milestone-timeline svg');

    // Assess
    expect(await timeline.getAttribute('role')).toBe('img');
    expect(await textOf(timeline.locator('title'))).toBe('Timeline of the milestones');
    const description = await textOf(timeline.locator('desc'));
    expect(description).toContain('Pension election closes');
    expect(description).toContain('Transfer day');
    expect(await textOf(timeline)).toContain('Today,');
    const rows = page.locator('#milestone-timeline details table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await textOf(rows.last())).toContain('Transfer day');
    expect(await textOf(rows.last())).toContain('Due');
  });

  it('shows election progress per option as a chart image with a legend and a table by day', async () => {
    // Act
    const chart = page.locator('#election-progress svg');

    // Assess
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await textOf(chart.locator('title'))).toBe('Pension choices that count, by option, day by day');
    expect(await textOf(chart.locator('desc'))).toContain(
      'Join the NHS Pension Scheme (NHSPS): 6 people now',
    );
    expect(await textOf(chart)).toContain('Stay in the Local Government Pension Scheme (LGPS): 2');
    const lastDay = page.locator('#election-progress details table tbody tr').last();
    expect(await lastDay.locator('td').allTextContents()).toEqual(['2', '6']);
  });

  it('downloads the evidence pack as a PDF from the button', async () => {
    // Act
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the evidence pack (PDF)' }).click(),
    ]);
    const file = await readFile(await download.path());

    // Assess
    expect(download.suggestedFilename()).toBe(`evidence-${name.toLowerCase().replaceAll(' ', '-')}.pdf`);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('has no accessibility problems axe can find, with the tables behind the pictures open too', async () => {
    // Act
    const closed = await axeViolations(page);
    for (const summary of await page.locator('.td-figure details summary').all()) await summary.click();
    const open = await axeViolations(page);

    // Assess
    expect(closed).toEqual([]);
    expect(open).toEqual([]);
  });

  it('takes a picture of the timeline and of the chart (for the README with SAVE_SCREENSHOTS=1)', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    await page.locator('#milestone-timeline svg').screenshot({ path: `${screenshots}transfer-timeline.png` });
    await page.locator('#election-progress svg').screenshot({ path: `${screenshots}election-progress.png` });

    // Assess
    for (const file of ['transfer-timeline.png', 'election-progress.png']) {
      const png = await readFile(`${screenshots}${file}`);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });
});

describe('Journey: HR retries a failed launch from the banner on the transfer page', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let transferId: string;
  let hr: ReturnType<typeof api>;
  let damagedItem: Record<string, unknown>;
  const run = randomUUID().slice(0, 8);
  const people = rosterRows(5, run);
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const launchOf = async () =>
    ((await hr.get(`/api/transfers/${transferId}`)).json as { launch?: { status: string } }).launch;

  beforeAll(async () => {
    // Prepare: a launch that fails at once, because one case lost its employee number (no fault injection)
    hr = api(await tokenFor('hr', 'hr.retry@example.org'));
    const today = await localToday();
    const input = pensionTransferInput(today, addDays, `Retried launch ${run}`);
    transferId = (await hr.post('/api/transfers', input)).json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    const key = keys.staffCase(transferId, 0, employeeKey((people[2] as RosterRowFixture).employeeNumber));
    const { Item } = await table.send(new GetCommand({ TableName: localTableName, Key: key }));
    if (!Item) throw new Error('the case to damage is not where the shards put it');
    damagedItem = Item;
    const { employeeNumber: _removed, ...broken } = Item;
    await table.send(new PutCommand({ TableName: localTableName, Item: broken }));
    await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('the launch to fail', async () =>
      (await launchOf())?.status === 'failed' ? true : undefined,
    );

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(`${baseUrl()}/local/sign-in?role=hr&email=hr.retry@example.org&returnTo=/`);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows an important banner saying the invitations failed, with a Retry button, and no axe problems', async () => {
    // Act
    await page.goto(`${baseUrl()}/transfers/${transferId}`);
    const banner = page.locator('#failed-launch');

    // Assess
    expect(await banner.getAttribute('class')).toContain('govuk-notification-banner');
    expect(await textOf(banner)).toContain('Invitations to choose a pension scheme could not be completed');
    expect(await textOf(banner)).toContain('It was tried once');
    expect(await banner.getByRole('button', { name: /Retry/ }).count()).toBe(1);
    expect(await textOf(page.getByRole('table', { name: 'Milestones', exact: true }))).toContain(
      'Invitations to choose a pension scheme',
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('runs the launch again from the Retry button once the cause is mended, and the banner goes', async () => {
    // Prepare
    await table.send(new PutCommand({ TableName: localTableName, Item: damagedItem }));

    // Act
    await page.locator('#failed-launch').getByRole('button', { name: /Retry/ }).click();
    await page.waitForURL(`${baseUrl()}/transfers/${transferId}`);
    const flash = await textOf(page.locator('.govuk-notification-banner--success'));
    await waitFor('the retried launch', async () =>
      (await launchOf())?.status === 'done' ? true : undefined,
    );
    await page.reload();

    // Assess
    expect(flash).toContain('Started again');
    expect(await page.locator('#failed-launch').count()).toBe(0);
    const invited = await Promise.all(
      people.map(
        async (person) =>
          (await outbox(person.email)).filter((email) => email.to.includes(person.email)).length,
      ),
    );
    expect(invited).toEqual(people.map(() => 1));
  });
});
