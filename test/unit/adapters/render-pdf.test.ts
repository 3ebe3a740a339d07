import type { Browser, Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { pdfRenderer } from '../../../functions/adapters/render-pdf.ts';

function fakeBrowser(pdf: () => Promise<Buffer>) {
  const page = {
    route: vi.fn(async () => undefined),
    setContent: vi.fn(async () => undefined),
    emulateMedia: vi.fn(async () => undefined),
    pdf: vi.fn(pdf),
    close: vi.fn(async () => undefined),
  };
  let connected = true;
  const browser = {
    newPage: vi.fn(async () => page as unknown as Page),
    isConnected: () => connected,
    close: vi.fn(async () => {
      connected = false;
    }),
  };
  return { browser, page, disconnect: () => (connected = false) };
}

describe('Function: pdfRenderer', () => {
  it('launches one browser and reuses it for the next document, each in its own page', async () => {
    // Prepare
    const fake = fakeBrowser(async () => Buffer.from('%PDF-1.7'));
    const launch = vi.fn(async () => fake.browser as unknown as Browser);
    const render = pdfRenderer(launch);

    // Act
    const first = await render('<h1>One</h1>', { title: 'Evidence <pack>' });
    await render('<h1>Two</h1>', { title: 'Evidence' });

    // Assess
    expect(first.toString()).toBe('%PDF-1.7');
    expect(launch).toHaveBeenCalledTimes(1);
    expect(fake.browser.newPage).toHaveBeenCalledWith({ javaScriptEnabled: false });
    expect(fake.page.setContent).toHaveBeenCalledWith('<h1>One</h1>', { waitUntil: 'load' });
    expect(fake.page.close).toHaveBeenCalledTimes(2);
    const options = fake.page.pdf.mock.calls[0] as unknown as [Record<string, string | boolean>];
    expect(options[0]).toMatchObject({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      tagged: true,
      outline: true,
    });
    expect(options[0].headerTemplate).toContain('Evidence &#60;pack&#62;');
    expect(options[0].footerTemplate).toContain(
      '<span class="pageNumber"></span> of <span class="totalPages"></span>',
    );
  });

  it('closes the browser when a render fails, and launches a fresh one for the next', async () => {
    // Prepare
    const broken = fakeBrowser(async () => {
      throw new Error('Target crashed');
    });
    const healthy = fakeBrowser(async () => Buffer.from('%PDF-1.7'));
    const launch = vi
      .fn<() => Promise<Browser>>()
      .mockResolvedValueOnce(broken.browser as unknown as Browser)
      .mockResolvedValueOnce(healthy.browser as unknown as Browser);
    const render = pdfRenderer(launch);

    // Act
    const failing = render('<p>x</p>', { title: 'x' });
    await expect(failing).rejects.toThrow('Target crashed');
    const after = await render('<p>x</p>', { title: 'x' });

    // Assess
    expect(broken.browser.close).toHaveBeenCalledTimes(1);
    expect(launch).toHaveBeenCalledTimes(2);
    expect(after.toString()).toBe('%PDF-1.7');
  });

  it('launches again when the browser has gone away between requests', async () => {
    // Prepare
    const first = fakeBrowser(async () => Buffer.from('%PDF-1'));
    const second = fakeBrowser(async () => Buffer.from('%PDF-2'));
    const launch = vi
      .fn<() => Promise<Browser>>()
      .mockResolvedValueOnce(first.browser as unknown as Browser)
      .mockResolvedValueOnce(second.browser as unknown as Browser);
    const render = pdfRenderer(launch);
    await render('<p>x</p>', { title: 'x' });
    first.disconnect();

    // Act
    const answer = await render('<p>x</p>', { title: 'x' });

    // Assess
    expect(answer.toString()).toBe('%PDF-2');
    expect(launch).toHaveBeenCalledTimes(2);
  });

  it('launches the browser again, once, when it is found closed while it still says it is connected', async () => {
    // Prepare: single-process Chromium can end with its last page before Playwright notices
    const ended = fakeBrowser(async () => Buffer.from('%PDF-1.7'));
    ended.browser.newPage.mockRejectedValue(
      new Error('browser.newPage: Target page, context or browser has been closed'),
    );
    const fresh = fakeBrowser(async () => Buffer.from('%PDF-1.7'));
    const launch = vi
      .fn<() => Promise<Browser>>()
      .mockResolvedValueOnce(ended.browser as unknown as Browser)
      .mockResolvedValueOnce(fresh.browser as unknown as Browser);
    const render = pdfRenderer(launch);

    // Act
    const pdf = await render('<h1>One</h1>', { title: 'Evidence' });

    // Assess
    expect(pdf.toString()).toBe('%PDF-1.7');
    expect(launch).toHaveBeenCalledTimes(2);
    expect(ended.browser.close).toHaveBeenCalled();
  });

  it('gives up on a browser that gives no page in time, closes it, and renders in a fresh one', async () => {
    // Prepare: a browser that says it is connected but never answers newPage
    const stuck = fakeBrowser(async () => Buffer.from('%PDF-1.7'));
    stuck.browser.newPage.mockReturnValue(new Promise<Page>(() => undefined));
    const fresh = fakeBrowser(async () => Buffer.from('%PDF-fresh'));
    const launch = vi
      .fn<() => Promise<Browser>>()
      .mockResolvedValueOnce(stuck.browser as unknown as Browser)
      .mockResolvedValueOnce(fresh.browser as unknown as Browser);
    const render = pdfRenderer(launch, 50);

    // Act
    const pdf = await render('<h1>One</h1>', { title: 'Evidence' });

    // Assess
    expect(pdf.toString()).toBe('%PDF-fresh');
    expect(launch).toHaveBeenCalledTimes(2);
    expect(stuck.browser.close).toHaveBeenCalled();
  });

  it('does not try again after any other failure', async () => {
    // Prepare
    const broken = fakeBrowser(async () => {
      throw new Error('Target crashed');
    });
    const launch = vi.fn(async () => broken.browser as unknown as Browser);
    const render = pdfRenderer(launch);

    // Act
    const rendering = render('<h1>One</h1>', { title: 'Evidence' });

    // Assess
    await expect(rendering).rejects.toThrow('Target crashed');
    expect(launch).toHaveBeenCalledTimes(1);
  });
});
