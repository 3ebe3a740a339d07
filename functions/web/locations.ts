/**
 * Where the templates and the GOV.UK Frontend files are, found from this module's own URL so it never
 * depends on the working directory. In AWS each function is an esbuild bundle (`index.mjs`) with
 * `web/templates/`, `web/pages/` (the pages' views, without their code and tests) and
 * `govuk-frontend/dist/` copied beside it; in the repository they are `functions/web/templates/`,
 * `functions/web/pages/` and `node_modules/govuk-frontend/dist/`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WebFileLocations {
  /** Our shared templates: the layout, the problem page, emails, charts, the evidence pack, static files. */
  templates: string;
  /** The page folders: each page's `view.njk` (or a form's step views) as `<page>/view.njk`. */
  pages: string;
  /** GOV.UK Frontend's `dist` folder: `govuk/` holds its macros, styles, scripts and assets. */
  govukFrontendDist: string;
}

/** The three folders under `base`, when all three are there. */
function layoutAt(base: URL, folders: Record<keyof WebFileLocations, string>): WebFileLocations | undefined {
  const located = {
    templates: fileURLToPath(new URL(folders.templates, base)),
    pages: fileURLToPath(new URL(folders.pages, base)),
    govukFrontendDist: fileURLToPath(new URL(folders.govukFrontendDist, base)),
  };
  return Object.values(located).every((path) => existsSync(path)) ? located : undefined;
}

export function locateWebFiles(moduleUrl: string = import.meta.url): WebFileLocations {
  const bundle = layoutAt(new URL('./', moduleUrl), {
    templates: 'web/templates/',
    pages: 'web/pages/',
    govukFrontendDist: 'govuk-frontend/dist/',
  });
  if (bundle) return bundle;
  // This file is functions/web/locations.ts: the repository root is two folders up.
  const source = layoutAt(new URL('../../', moduleUrl), {
    templates: 'functions/web/templates/',
    pages: 'functions/web/pages/',
    govukFrontendDist: 'node_modules/govuk-frontend/dist/',
  });
  if (source) return source;

  throw new Error(
    `Web files not found beside ${fileURLToPath(moduleUrl)}: expected web/templates, web/pages and govuk-frontend/dist (bundle) or the repository layout`,
  );
}

let located: WebFileLocations | undefined;

/** The locations for this process, worked out on first use. */
export function webFiles(): WebFileLocations {
  located ??= locateWebFiles();
  return located;
}
