/**
 * The W3C Nu HTML Checker (vnu-jar from npm, on the Java the local stack already needs) over pages as the
 * product served them: one Java run for them all, its errors answered readably with the page's address.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

export interface ServedPage {
  /** Where it was served from, to name it in an error. */
  url: string;
  html: string;
}

interface CheckerMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Every error the checker finds in the pages (warnings aside), as `address line N: message`. */
export async function htmlCheckerErrors(pages: ServedPage[]): Promise<string[]> {
  if (pages.length === 0) return [];
  const folder = await mkdtemp(join(tmpdir(), 'transfer-desk-vnu-'));
  try {
    const files = pages.map((_, index) => join(folder, `page-${String(index).padStart(4, '0')}.html`));
    await Promise.all(pages.map((page, index) => writeFile(files[index] as string, page.html)));
    const pageOfFile = new Map(
      files.map((file, index) => [pathToFileURL(file).href, pages[index] as ServedPage]),
    );
    const { stdout } = await run(
      'java',
      ['-jar', vnuJar, '--errors-only', '--format', 'json', '--stdout', '--exit-zero-always', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const { messages } = JSON.parse(stdout) as { messages: CheckerMessage[] };
    return messages
      .filter((message) => message.type === 'error' || message.subType === 'fatal')
      .map((message) => {
        const page = pageOfFile.get(normalisedFileUrl(message.url ?? ''));
        return `${page?.url ?? message.url} line ${message.lastLine ?? '?'}: ${message.message}`;
      });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The checker writes `file:/tmp/…`; Node writes `file:///tmp/…`. */
function normalisedFileUrl(url: string): string {
  return url.replace(/^file:\/(?!\/)/, 'file:///');
}
