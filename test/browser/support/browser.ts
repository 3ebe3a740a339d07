/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium when the machine has it, else the
 * self-contained build from @sparticuz/chromium, which needs no system install.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import chromium from '@sparticuz/chromium';
import { type Browser, type Locator, type Page, chromium as playwright } from 'playwright-core';

const systemChromium = '/usr/bin/chromium';

const quietFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (existsSync(systemChromium)) {
    return playwright.launch({ executablePath: systemChromium, args: quietFlags });
  }
  // --single-process saves memory on Lambda, but there closing one context closes the whole browser.
  const args = chromium.args.filter((arg) => arg !== '--single-process');
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [...new Set([...args, ...quietFlags])],
  });
}

const axeSource = readFile(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core on the page as it is now, for WCAG 2.2 AA; answers the violations, readably. */
export async function axeViolations(page: Page): Promise<string[]> {
  // The pages' CSP allows no inline scripts: evaluate the source rather than adding a script tag.
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    // axe is the global the evaluated source defines.
    const axe = (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return results.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .map((node) => JSON.stringify(node.target))
        .join(', ')}`,
  );
}

/**
 * Clicks each link in the error summary and answers, for each, the id it points to and the id of the
 * element that has focus afterwards (GOV.UK Frontend moves focus to the field, not just the view).
 */
export async function errorLinkFocus(page: Page): Promise<Array<{ target: string; focused: string }>> {
  const links = page.locator('.govuk-error-summary__list a');
  const found: Array<{ target: string; focused: string }> = [];
  for (let index = 0; index < (await links.count()); index += 1) {
    const link = links.nth(index);
    const target = ((await link.getAttribute('href')) ?? '').replace(/^#/, '');
    await link.click();
    const focused = await page.evaluate(() => document.activeElement?.id ?? '');
    found.push({ target, focused });
  }
  return found;
}

/** The text in an element with its whitespace collapsed, as the assertions compare it. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
