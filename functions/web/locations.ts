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

export function locateWebFiles(moduleUrl: string = import.meta.url): WebFileLocations {
  const bundle = {
    templates: fileURLToPath(new URL('./web/templates/', moduleUrl)),
    pages: fileURLToPath(new URL('./web/pages/', moduleUrl)),
    govukFrontendDist: fileURLToPath(new URL('./govuk-frontend/dist/', moduleUrl)),
  };
  if ([bundle.templates, bundle.pages, bundle.govukFrontendDist].every((path) => existsSync(path)))
    return bundle;

  // This file is functions/web/locations.ts: the repository root is two folders up.
  const repositoryRoot = new URL('../../', moduleUrl);
  const source = {
    templates: fileURLToPath(new URL('functions/web/templates/', repositoryRoot)),
    pages: fileURLToPath(new URL('functions/web/pages/', repositoryRoot)),
    govukFrontendDist: fileURLToPath(new URL('node_modules/govuk-frontend/dist/', repositoryRoot)),
  };
  if ([source.templates, source.pages, source.govukFrontendDist].every((path) => existsSync(path)))
    return source;

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
