/**
 * Renders an HTML document to a PDF with headless Chromium. The Chromium is @sparticuz/chromium's, which
 * unpacks itself to /tmp in Lambda and on a workstation alike, so what is tested here is what runs there;
 * CHROMIUM_PATH names another build only when set. One browser a container, reused across requests and
 * launched again when it has gone; a render that fails closes it, so the next starts clean.
 */
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

export type LaunchBrowser = () => Promise<Browser>;

export interface PdfOptions {
  /** Shown in the running header of every page. */
  title: string;
}

export type RenderPdf = (html: string, options: PdfOptions) => Promise<Buffer>;

export const chromiumPathVariable = 'CHROMIUM_PATH';

/** Launches @sparticuz/chromium (or the build CHROMIUM_PATH names) through Playwright. */
export function chromiumLauncher(environment: NodeJS.ProcessEnv = process.env): LaunchBrowser {
  return async () => {
    const override = environment[chromiumPathVariable];
    return playwright.launch({
      executablePath: override !== undefined && override !== '' ? override : await chromium.executablePath(),
      args: chromium.args,
    });
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Header and footer are rendered apart from the page, with their own tiny default font size. */
function headerTemplate(title: string): string {
  return `<div style="font-size:8px;width:100%;padding:0 12mm;color:#505a5f;font-family:Arial,sans-serif">${escapeHtml(title)}</div>`;
}

const footerTemplate =
  '<div style="font-size:8px;width:100%;padding:0 12mm;color:#505a5f;font-family:Arial,sans-serif;text-align:right">' +
  'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/** Every renderer's way to close its browser: a long-lived process (the local stack) closes them on stop. */
const browserClosers = new Set<() => Promise<void>>();

export async function closePdfBrowsers(): Promise<void> {
  await Promise.all([...browserClosers].map((close) => close()));
}

/** A browser that gave no new page in time: seen once under load, a browser that said it was connected but never answered. */
class BrowserStuckError extends Error {
  override name = 'BrowserStuckError';
  constructor() {
    super('The PDF browser gave no page in time');
  }
}

/** Launching Chromium takes a second or two; a page from a running one, milliseconds. */
const defaultPageWithinMs = 20_000;

export function pdfRenderer(
  launch: LaunchBrowser = chromiumLauncher(),
  pageWithinMs = defaultPageWithinMs,
): RenderPdf {
  let browser: Promise<Browser> | undefined;

  const currentBrowser = async (): Promise<Browser> => {
    if (browser !== undefined) {
      const open = await browser.catch(() => undefined);
      if (open?.isConnected()) return open;
    }
    browser = launch();
    return browser;
  };

  const discard = async (): Promise<void> => {
    const closing = browser;
    browser = undefined;
    await (await closing?.catch(() => undefined))?.close().catch(() => undefined);
  };
  browserClosers.add(discard);

  /** A page of the current browser; a browser that has not given one within `pageWithinMs` is stuck. */
  const newPage = async () => {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrowserStuckError()), pageWithinMs);
    });
    const opening = currentBrowser().then((open) => open.newPage({ javaScriptEnabled: false }));
    try {
      return await Promise.race([opening, stuck]);
    } catch (error) {
      // A page that opens after all is closed, so a stuck browser's late answer leaks nothing.
      void opening.then((late) => late.close()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const render: RenderPdf = async (html, options) => {
    try {
      const page = await newPage();
      try {
        // The document is self-contained: nothing it names may be fetched.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: headerTemplate(options.title),
          footerTemplate,
          margin: { top: '18mm', bottom: '18mm', left: '12mm', right: '12mm' },
          // A tagged PDF (headings, tables and lists in its structure tree) reads aloud in order; the
          // outline lists the sections.
          tagged: true,
          outline: true,
        });
      } finally {
        await page.close().catch(() => undefined);
      }
    } catch (error) {
      await discard();
      throw error;
    }
  };

  return async (html, options) => {
    try {
      return await render(html, options);
    } catch (error) {
      // Lambda's Chromium runs single-process: closing the last page can end the browser before it says
      // so. A browser found closed is launched again, once.
      // A browser that gave no page in time is stuck the same way; the render was discarded with it.
      const gone =
        error instanceof BrowserStuckError ||
        (error instanceof Error && /has been closed|Target closed/.test(error.message));
      if (!gone) throw error;
      return render(html, options);
    }
  };
}

let sharedRenderer: RenderPdf | undefined;
/** The renderer of a function that renders PDFs: one Chromium a container, launched on the first PDF. */
export const renderWithSharedChromium: RenderPdf = (html, options) => {
  sharedRenderer ??= pdfRenderer();
  return sharedRenderer(html, options);
};
