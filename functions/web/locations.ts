/**
 * Where the page templates and the GOV.UK Frontend files are, found from this module's own URL so it
 * never depends on the working directory. In AWS each function is an esbuild bundle (`index.mjs`)
 * with `web/templates/` and `govuk-frontend/dist/` copied beside it; in the repository they are
 * `functions/web/templates/` and `node_modules/govuk-frontend/dist/`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WebFileLocations {
  /** Our templates: layouts, pages and emails. */
  templates: string;
  /** GOV.UK Frontend's `dist` folder: `govuk/` holds its macros, styles, scripts and assets. */
  govukFrontendDist: string;
}

export function locateWebFiles(moduleUrl: string = import.meta.url): WebFileLocations {
  const bundle = {
    templates: fileURLToPath(new URL('./web/templates/', moduleUrl)),
    govukFrontendDist: fileURLToPath(new URL('./govuk-frontend/dist/', moduleUrl)),
  };
  if (existsSync(bundle.templates) && existsSync(bundle.govukFrontendDist)) return bundle;

  // This file is functions/web/locations.ts: the repository root is two folders up.
  const repositoryRoot = new URL('../../', moduleUrl);
  const source = {
    templates: fileURLToPath(new URL('functions/web/templates/', repositoryRoot)),
    govukFrontendDist: fileURLToPath(new URL('node_modules/govuk-frontend/dist/', repositoryRoot)),
  };
  if (existsSync(source.templates) && existsSync(source.govukFrontendDist)) return source;

  throw new Error(
    `Web files not found beside ${fileURLToPath(moduleUrl)}: expected web/templates and govuk-frontend/dist (bundle) or the repository layout`,
  );
}

let located: WebFileLocations | undefined;

/** The locations for this process, worked out on first use. */
export function webFiles(): WebFileLocations {
  located ??= locateWebFiles();
  return located;
}
