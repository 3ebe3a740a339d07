/**
 * Every page the demo reaches passes the W3C Nu HTML Checker with no errors: a crawl of the dashboard as HR
 * and as a manager (every link followed, a few of each kind of page, and each form sent empty for its error
 * state), and staff's and managers' forms behind their emailed links walked from start to confirmation,
 * with their error states on the way. The pages are checked as the product served them. Its own stack, with
 * the demo data, on a fresh data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHrEmail, demoManagerEmail, demoTransferInput } from '../../infra/local/demo-data.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import { addDays, type OutboxEmail, waitFor } from '../integration/support/local-stack-client.ts';
import { axeViolations, launchChromium } from './support/browser.ts';
import { htmlCheckerErrors, type ServedPage } from './support/html-checker.ts';

/** How many pages of one kind (the same path with other ids, or other page numbers) the crawl reads. */
const pagesOfAKind = 2;

/** `/transfers/3f…/staff/SCC100001?page=2` → `/transfers/:id/staff/:id?page`: pages of one kind. */
function kindOf(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((segment) => (/\d/.test(segment) ? ':id' : segment))
    .join('/');
  return `${path}?${[...url.searchParams.keys()].sort().join('&')}`;
}

/** The links of a page, downloads (links with a `download` attribute: CSVs, the evidence pack PDF) aside. */
function linksIn(html: string, pageUrl: string): URL[] {
  return [...html.matchAll(/<a [^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/\sdownload[\s=>]/.test(tag))
    .flatMap((tag) => {
      const href = tag.match(/\shref="([^"]+)"/)?.[1];
      return href === undefined ? [] : [new URL(href.replaceAll('&amp;', '&'), pageUrl)];
    });
}

describe('Every page the demo reaches is valid HTML (W3C Nu HTML Checker)', () => {
  let stack: LocalStack;
  let dataDir: string;
  let browser: Browser;
  const served: ServedPage[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-valid-html-'));
    // Chromium starts while the demo is seeded; afterAll stops whichever of the two started.
    await Promise.all([
      startLocalStack({ port: 0, dataDir, seedDemoData: true, handlerLogLevel: 'ERROR' }).then((started) => {
        stack = started;
      }),
      launchChromium().then((launched) => {
        browser = launched;
      }),
    ]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Answers still being read, awaited before a context closes. */
  const reading: Array<Promise<unknown>> = [];

  /** A browser context whose every HTML document answer is kept for the checker. */
  async function recordingContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    // Chromium lets go of a page's body once the next page commits, so a new page is not asked for until
    // every page before it has been read.
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() === 'document') await Promise.allSettled([...reading]);
      await route.fallback();
    });
    context.on('response', (response) => {
      if (response.request().resourceType() !== 'document') return;
      if (!(response.headers()['content-type'] ?? '').includes('text/html')) return;
      if (response.status() >= 300 && response.status() < 400) return;
      const url = `${response.request().method()} ${response.url()}`;
      reading.push(response.text().then((html) => served.push({ url, html })));
    });
    return context;
  }

  /** Closes a context once every page it served has been read for the checker. */
  async function closeContext(context: BrowserContext): Promise<void> {
    await Promise.all(reading.splice(0));
    await context.close();
  }

  async function signIn(context: BrowserContext, role: 'hr' | 'manager', email: string): Promise<void> {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/local/sign-in?${new URLSearchParams({ role, email, returnTo: '/' })}`);
    await page.close();
  }

  /**
   * Follows every same-site link and redirect from `start` that answers HTML (downloads, the API's answers
   * and the local stack's own pages aside), reading at most `pagesOfAKind` pages of each kind; answers the pages read.
   */
  async function crawl(context: BrowserContext, start: string): Promise<string[]> {
    const seen = new Set<string>();
    const readOfKind = new Map<string, number>();
    const queue = [new URL(start, stack.baseUrl)];
    const read: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift() as URL;
      url.hash = '';
      if (url.origin !== new URL(stack.baseUrl).origin || url.pathname.startsWith('/local')) continue;
      // The API's answers (JSON, and the subject access PDF that takes seconds to render) are not pages.
      if (url.pathname.startsWith('/api/')) continue;
      if (url.pathname === '/sign-out' || seen.has(url.href)) continue;
      seen.add(url.href);
      const kind = kindOf(url);
      if ((readOfKind.get(kind) ?? 0) >= pagesOfAKind) continue;
      const answer = await context.request.get(url.href, { maxRedirects: 0 });
      const location = answer.headers().location;
      // A redirect (a manager's `/` is their contracts) is followed like a link.
      if (location !== undefined) queue.push(new URL(location, url.href));
      if (!(answer.headers()['content-type'] ?? '').includes('text/html')) continue;
      readOfKind.set(kind, (readOfKind.get(kind) ?? 0) + 1);
      const html = await answer.text();
      served.push({ url: `GET ${url.href}`, html });
      read.push(url.href);
      queue.push(...linksIn(html, url.href));
    }
    return read;
  }

  /** On each page, each form that asks for something is sent as it is, empty, for its error state. */
  async function sendFormsEmpty(context: BrowserContext, pages: string[]): Promise<number> {
    const page = await context.newPage();
    let sent = 0;
    for (const url of pages) {
      // The forms behind personal links are walked on their own below.
      if (new URL(url).pathname.startsWith('/forms/')) continue;
      // The crawl read the page already: one with no form in its main part is not opened again.
      const crawled = served.find((read) => read.url === `GET ${url}`)?.html ?? '';
      const main = crawled.slice(Math.max(crawled.indexOf('<main'), 0));
      if (!/<form\b[^>]*\bmethod="post"/i.test(main)) continue;
      await page.goto(url);
      const forms = page.locator('main form[method="post" i]');
      let onThePage = true;
      for (let index = 0; index < (await forms.count()); index += 1) {
        if (!onThePage) await page.goto(url);
        onThePage = true;
        const form = forms.nth(index);
        const asks = await form.locator('input:not([type="hidden"]), textarea, select').count();
        if (asks === 0) continue;
        await form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first().click();
        await page.waitForLoadState('load');
        onThePage = false;
        sent += 1;
      }
    }
    await page.close();
    return sent;
  }

  async function emails(): Promise<OutboxEmail[]> {
    const response = await fetch(`${stack.baseUrl}/local/outbox`);
    return ((await response.json()) as { emails: OutboxEmail[] }).emails;
  }

  function linkIn(email: OutboxEmail | undefined, flow: string): string {
    const match = email?.text.match(new RegExp(`https?://\\S+/forms/${flow}/[A-Za-z0-9_.-]*[A-Za-z0-9_-]`));
    if (!match) throw new Error(`No ${flow} link in the email "${email?.subject}"`);
    return match[0];
  }

  async function clickAndWait(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name }).click();
    await page.waitForLoadState('load');
  }

  it('HR: every dashboard page, and every form in its error state', async () => {
    // Act
    const context = await recordingContext();
    await signIn(context, 'hr', demoHrEmail);
    const read = await crawl(context, '/');
    const sent = await sendFormsEmpty(context, read);
    await closeContext(context);

    // Assess: the crawl reached the kinds of page HR has
    const paths = read.map((url) => new URL(url).pathname);
    expect(paths).toContain('/');
    expect(paths.some((path) => /^\/transfers\/[^/]+$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/transfers\/[^/]+\/staff\/[^/]+$/.test(path))).toBe(true);
    expect(paths).toContain('/consultations');
    expect(paths.some((path) => /^\/consultations\/[^/]+$/.test(path))).toBe(true);
    expect(paths).toContain('/contracts');
    expect(paths.some((path) => /^\/contracts\/[^/]+$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/transfers\/[^/]+\/representatives$/.test(path))).toBe(true);
    expect(sent).toBeGreaterThanOrEqual(3);
  });

  it('staff: the pension form and the consultation form from start to confirmation', async () => {
    // Prepare: the invitations go out while the demo's launch runs; the demo's addresses carry the number
    const invitation = await waitFor(
      'an invitation',
      async () => (await emails()).find((email) => /\/forms\/pension\//.test(email.text)),
      120_000,
      2_000,
    );
    const consultationInvite = await waitFor(
      'a consultation invitation',
      async () => (await emails()).find((email) => /\/forms\/consultation\//.test(email.text)),
      120_000,
      2_000,
    );
    const employeeNumber = `SCC${invitation.to[0]?.match(/\.(\d+)@/)?.[1]}`;

    // Act: the pension form, each step first sent empty
    const context = await recordingContext();
    const page = await context.newPage();
    await page.goto(linkIn(invitation, 'pension'));
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Employee number').fill('WRONG-123');
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Employee number').fill(employeeNumber);
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Join the NHS Pension Scheme').check();
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Confirm choice');
    const chosen = await page.locator('h1').textContent();
    await page.goto(linkIn(invitation, 'pension'));
    await page.goto(`${stack.baseUrl}/forms/pension/not-a-real-link`);

    // …and the consultation form
    await page.goto(linkIn(consultationInvite, 'consultation'));
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Your response').fill('Keep the day centres open.');
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Send response');
    const responded = await page.locator('h1').textContent();
    await closeContext(context);

    // Assess
    expect(chosen).toMatch(/Pension choice recorded/);
    expect(responded).toMatch(/Response received/);
  });

  it('a manager: their contracts pages, and the renewal form from start to decision', async () => {
    // Act
    const context = await recordingContext();
    await signIn(context, 'manager', demoManagerEmail);
    const read = await crawl(context, '/');
    // The reminders due today go out at the next sweep, every few seconds as with npm start.
    const renewal = await waitFor(
      'a renewal reminder to the manager',
      async () =>
        (await emails()).find(
          (email) => /\/forms\/renewal\//.test(email.text) && email.to.includes(demoManagerEmail),
        ),
      60_000,
      2_000,
    );
    const page = await context.newPage();
    await page.goto(linkIn(renewal, 'renewal'));
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Renew it').check();
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Let it end').check();
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Confirm decision');
    const decided = await page.locator('h1').textContent();
    await page.goto(linkIn(renewal, 'renewal'));
    await page.goto(`${stack.baseUrl}/forms/renewal/not-a-real-link`);
    await closeContext(context);

    // Assess
    expect(read.map((url) => new URL(url).pathname)).toContain('/contracts');
    expect(decided).toMatch(/Decision recorded/);
  });

  it("staff: the nomination and ballot forms from start to confirmation, and HR's page of the result", async () => {
    // Prepare: a small transfer of its own, whose election closes nominations today and the ballot tomorrow.
    const local = async (path: string, body?: unknown) => {
      const response = await fetch(`${stack.baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await response.json()) as Record<string, string>;
    };
    const { token } = await local('/local/token', { role: 'hr', email: demoHrEmail });
    const hrApi = async (path: string, body: unknown) =>
      (await fetch(`${stack.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json())) as { id: string };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date((await local('/local/clock')).now as string),
    );
    const people = rosterRows(3, 'vote');
    const transfer = await hrApi(
      '/api/transfers',
      pensionTransferInput(today, addDays, 'Representatives (valid HTML)'),
    );
    await hrApi(`/api/transfers/${transfer.id}/staff`, { staff: people });
    await hrApi(`/api/transfers/${transfer.id}/representative-election`, {
      seats: 1,
      nominationsCloseOn: today,
      ballotClosesOn: addDays(today, 1),
    });
    const emailTo = (person: number, flow: string) =>
      waitFor(`a ${flow} link to person ${person}`, async () =>
        (await emails()).find(
          (email) => email.to.includes(people[person]?.email ?? '') && email.text.includes(`/forms/${flow}/`),
        ),
      );
    const context = await recordingContext();
    const page = await context.newPage();
    const violations: string[] = [];
    const checkAxe = async () => {
      violations.push(...(await axeViolations(page)).map((violation) => `${page.url()}: ${violation}`));
    };

    // Act: two people stand, the first with each error state on the way
    for (const person of [1, 2]) {
      await page.goto(linkIn(await emailTo(person, 'nomination'), 'nomination'));
      await checkAxe();
      if (person === 1) {
        await clickAndWait(page, 'Continue');
        await checkAxe();
        await page.getByLabel('Employee number').fill('WRONG-123');
        await clickAndWait(page, 'Continue');
      }
      await page.getByLabel('Employee number').fill(people[person]?.employeeNumber ?? '');
      await clickAndWait(page, 'Continue');
      if (person === 1) {
        await clickAndWait(page, 'Continue');
        await checkAxe();
      }
      await page.getByLabel('Yes').check();
      await clickAndWait(page, 'Continue');
      await checkAxe();
      await clickAndWait(page, 'Confirm');
      await checkAxe();
    }
    const standing = await page.locator('h1, .govuk-panel__title').first().textContent();

    // …nominations close, and someone who did not stand votes, then tries again
    await local('/local/clock', { to: addDays(today, 1) });
    const ballot = linkIn(await emailTo(0, 'ballot'), 'ballot');
    await page.goto(ballot);
    await checkAxe();
    await page.getByLabel('Employee number').fill(people[0]?.employeeNumber ?? '');
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Continue');
    await checkAxe();
    await page.getByLabel('Person 2').check();
    await clickAndWait(page, 'Continue');
    await checkAxe();
    await clickAndWait(page, 'Cast your vote');
    await checkAxe();
    const cast = await page.locator('.govuk-panel__title').textContent();
    await page.goto(ballot);
    await page.getByLabel('Employee number').fill(people[0]?.employeeNumber ?? '');
    await clickAndWait(page, 'Continue');
    await checkAxe();
    const again = await page.locator('h1').textContent();

    // …the ballot closes and HR sees the count
    await local('/local/clock', { to: addDays(today, 2) });
    await waitFor('the result', async () =>
      (await emails()).find(
        (email) =>
          email.to.includes(people[0]?.email ?? '') && email.subject.startsWith('Result of the election'),
      ),
    );
    await signIn(context, 'hr', demoHrEmail);
    await page.goto(`${stack.baseUrl}/transfers/${transfer.id}/representatives`);
    await checkAxe();
    const result = await page.locator('main').textContent();
    await page.goto(`${stack.baseUrl}/forms/ballot/not-a-real-link`);
    await closeContext(context);

    // Assess
    expect(standing).toMatch(/You are standing as a candidate/);
    expect(cast).toMatch(/Your vote has been cast/);
    expect(again).toMatch(/You have already voted/);
    expect(result).toContain('1 of 3 people in scope have voted');
    expect(violations).toEqual([]);
  });

  it("HR: the employee liability information refused, then given, the person's form in its error state, and the transferee's download page (axe too)", async () => {
    // Prepare: a transfer with a transferee contact to give it to, made through the API
    const local = async (path: string, init?: RequestInit) =>
      (await fetch(`${stack.baseUrl}${path}`, init)).json() as Promise<Record<string, string>>;
    const { token } = await local('/local/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'hr', email: demoHrEmail }),
    });
    const { now } = await local('/local/clock');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(now ?? ''));
    const contact = { name: 'Priya Shah', email: 'priya.shah@trust.example.org' };
    const { id } = await local('/api/transfers', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...demoTransferInput(today),
        name: 'Liability information check',
        transfereeContact: contact,
      }),
    });
    const context = await recordingContext();
    await signIn(context, 'hr', demoHrEmail);
    const page = await context.newPage();
    const violations: string[] = [];
    const checkAxe = async (what: string) =>
      violations.push(...(await axeViolations(page)).map((violation) => `${what}: ${violation}`));

    // Act: the demo's transfer names no transferee contact, so Build and give is refused
    await page.goto(`${stack.baseUrl}/`);
    const demoTransfer = await page
      .getByRole('link', { name: 'Staffordshire adult social care integration' })
      .first()
      .getAttribute('href');
    await page.goto(`${stack.baseUrl}${demoTransfer}/eli`);
    await checkAxe('the ELI page, not given');
    await clickAndWait(page, 'Build and give');
    const refusal = await page.locator('.govuk-error-summary').textContent();
    await checkAxe('the ELI page, refused');

    // …a person's ELI form with a date that is not real
    await page.goto(`${stack.baseUrl}${demoTransfer}`);
    await page.goto(
      new URL((await page.locator('a[href*="/staff/"]').first().getAttribute('href')) ?? '', page.url()).href,
    );
    await checkAxe("a person's page with the ELI form");
    await page.locator('#dateOfBirth-day').fill('31');
    await page.locator('#dateOfBirth-month').fill('2');
    await page.locator('#dateOfBirth-year').fill('1980');
    await clickAndWait(page, 'Save liability information');
    const personErrors = await page.locator('.govuk-error-summary').textContent();
    await checkAxe("a person's ELI form in its error state");

    // …given on the new transfer, and opened by the transferee's contact from their email
    await page.goto(`${stack.baseUrl}/transfers/${id}/eli`);
    await clickAndWait(page, 'Build and give');
    const given = await page.locator('.govuk-notification-banner').textContent();
    await checkAxe('the ELI page, given');
    const email = await waitFor(
      "the ELI email to the transferee's contact",
      async () =>
        (await emails()).find((sent) => sent.to.includes(contact.email) && /\/forms\/eli\//.test(sent.text)),
      30_000,
      1_000,
    );
    await page.goto(linkIn(email, 'eli'));
    const downloadHeading = await page.locator('h1').textContent();
    await checkAxe("the transferee's download page");
    await page.goto(`${stack.baseUrl}/forms/eli/not-a-real-link`);
    await closeContext(context);

    // Assess
    expect(refusal).toMatch(/no transferee contact/);
    expect(personErrors).toMatch(/The date of birth must be a real date/);
    expect(given).toMatch(/Given\./);
    expect(downloadHeading).toMatch(/Employee liability information/);
    expect(violations).toEqual([]);
  }, 180_000);

  it('HR and the transferee: the information duty page, a reply, and the measures form from start to confirmation', async () => {
    // Prepare: the demo transfer's page, from the list
    const context = await recordingContext();
    await signIn(context, 'hr', demoHrEmail);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    const transferHref = await page
      .locator('main a[href^="/transfers/"]')
      .evaluateAll((links) =>
        links
          .map((link) => link.getAttribute('href') ?? '')
          .find((href) => /^\/transfers\/[0-9a-f-]{36}$/.test(href)),
      );
    const contactEmail = 'trust.hr.valid-html@example.org';

    // Act: the contact, the request for measures, a representation and its reply (first sent empty)
    await page.goto(`${stack.baseUrl}${transferHref}/information`);
    await page.getByLabel('Name', { exact: true }).fill('Trust HR');
    await page.getByLabel('Email address').fill(contactEmail);
    await clickAndWait(page, 'Save the transferee contact');
    await clickAndWait(page, 'Ask the transferee for its measures');
    await page.getByLabel('Day').last().fill('1');
    await page.getByLabel('Month').last().fill('6');
    await page.getByLabel('Year').last().fill('2026');
    await page.getByLabel('From', { exact: true }).fill('UNISON');
    await page.getByLabel('The representation').fill('Keep the payroll date.');
    await clickAndWait(page, 'Record the representation');
    await page
      .getByRole('link', { name: /^Reply/ })
      .first()
      .click();
    await page.waitForLoadState('load');
    await clickAndWait(page, 'Record the reply');
    await page.getByLabel('Your reply').fill('Agreed.');
    await page.getByLabel('Yes').check();
    await clickAndWait(page, 'Record the reply');
    const afterReply = await page.locator('h1').textContent();

    // …and the transferee's measures form, each step first sent empty
    const request = await waitFor(
      'the measures request',
      async () => (await emails()).find((email) => email.to.includes(contactEmail)),
      60_000,
      1_000,
    );
    await page.goto(linkIn(request, 'measures'));
    await clickAndWait(page, 'Continue');
    await page.getByLabel('Yes, measures are envisaged').check();
    await clickAndWait(page, 'Continue');
    await page.getByLabel('If measures are envisaged, describe them').fill('Payroll moves to the 25th.');
    await clickAndWait(page, 'Continue');
    await clickAndWait(page, 'Send answer');
    const answered = await page.locator('h1').textContent();
    await page.goto(`${stack.baseUrl}/forms/measures/not-a-real-link`);
    await closeContext(context);

    // Assess
    expect(afterReply).toMatch(/Inform and consult the representatives/);
    expect(answered).toMatch(/Answer sent/);
  });

  it("HR: the evidence pack's page, while it is built and once ready, from the transfer page's button (axe too)", async () => {
    // Prepare: the demo's transfer (a small one: its ZIP is built in seconds)
    const context = await recordingContext();
    await signIn(context, 'hr', demoHrEmail);
    const page = await context.newPage();
    const violations: string[] = [];
    const checkAxe = async (what: string) =>
      violations.push(...(await axeViolations(page)).map((violation) => `${what}: ${violation}`));
    await page.goto(`${stack.baseUrl}/`);
    const demoTransfer = await page
      .getByRole('link', { name: 'Staffordshire adult social care integration' })
      .first()
      .getAttribute('href');
    await page.goto(`${stack.baseUrl}${demoTransfer}`);

    // Act: prepare it, then Check again until it is ready
    await clickAndWait(page, 'Prepare the evidence pack (ZIP)');
    const packPath = new URL(page.url()).pathname;
    await checkAxe('the evidence pack page, being prepared');
    const status = () => page.locator('#pack .govuk-tag').textContent();
    await waitFor(
      'the evidence pack to be ready',
      async () => {
        const now = await status();
        if (now?.includes('Failed')) throw new Error('The evidence pack failed');
        if (now?.includes('Ready')) return true;
        await page.getByRole('button', { name: 'Check again' }).click();
        await page.waitForLoadState('load');
        return undefined;
      },
      120_000,
      1_000,
    );
    await checkAxe('the evidence pack page, ready');
    const download = await page
      .getByRole('button', { name: /^Download the evidence pack \(ZIP/ })
      .getAttribute('href');
    await closeContext(context);

    // Assess
    expect(packPath).toMatch(/^\/transfers\/[0-9a-f-]{36}\/evidence-packs\/[0-9a-f-]{36}$/);
    expect(download).toMatch(/X-Amz-Signature=/);
    expect(violations).toEqual([]);
  }, 180_000);

  it('finds no error in any page read', async () => {
    // Act
    const errors = await htmlCheckerErrors(served);

    // Assess
    expect(served.length).toBeGreaterThan(30);
    expect(errors).toEqual([]);
  }, 120_000);
});
