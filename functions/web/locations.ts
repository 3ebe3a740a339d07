/**
 * Where the templates and the static files are, found from this module's own URL so it never depends on
 * the working directory. In the repository they are sources: `functions/web/templates/`,
 * `functions/web/pages/` and `node_modules/govuk-frontend/dist/`, compiled on first use. In AWS each
 * function is an esbuild bundle (`index.mjs`) with `web/` beside it, built at synth
 * (infra/aws/web-files.ts): the templates precompiled (`templates-html/`, `templates-text/`), the
 * asset versions (`asset-versions.json`) and, for the static-assets function only, the assets themselves.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's template folders and GOV.UK Frontend, compiled and read on first use. */
export interface SourceWebFiles {
  kind: 'source';
  /** Our shared templates: the layout, the problem page, emails, charts, the evidence pack, static files. */
  templates: string;
  /** The page folders: each page's `view.njk` (or a form's step views) as `<page>/view.njk`. */
  pages: string;
  /** GOV.UK Frontend's `dist` folder: `govuk/` holds its macros, styles, scripts and assets. */
  govukFrontendDist: string;
}

/** A bundle's `web/` folder: what the sources became at synth. */
export interface BuiltWebFiles {
  kind: 'built';
  web: string;
}

export type WebFileLocations = SourceWebFiles | BuiltWebFiles;

/** The file that marks a bundle's `web/` folder: every bundle with web files has the asset versions. */
export const assetVersionsFile = 'asset-versions.json';

/** The folder of one flavour's precompiled templates in a bundle's `web/` folder: `<name>.cjs` each. */
export const precompiledTemplatesFolder = (flavour: 'html' | 'text') => `templates-${flavour}`;

/** The served files, in the static-assets function's `web/` folder. */
export const assetsFolder = 'assets';

export function locateWebFiles(moduleUrl: string = import.meta.url): WebFileLocations {
  const web = fileURLToPath(new URL('./web/', moduleUrl));
  if (existsSync(`${web}${assetVersionsFile}`)) return { kind: 'built', web };
  // This file is functions/web/locations.ts: the repository root is two folders up.
  const root = new URL('../../', moduleUrl);
  const source: SourceWebFiles = {
    kind: 'source',
    templates: fileURLToPath(new URL('functions/web/templates/', root)),
    pages: fileURLToPath(new URL('functions/web/pages/', root)),
    govukFrontendDist: fileURLToPath(new URL('node_modules/govuk-frontend/dist/', root)),
  };
  if ([source.templates, source.pages, source.govukFrontendDist].every((path) => existsSync(path)))
    return source;

  throw new Error(
    `Web files not found beside ${fileURLToPath(moduleUrl)}: expected web/${assetVersionsFile} (bundle) or the repository layout`,
  );
}

let located: WebFileLocations | undefined;

/** The locations for this process, worked out on first use. */
export function webFiles(): WebFileLocations {
  located ??= locateWebFiles();
  return located;
}

/** The sources, for what only runs from the repository (the build of `web/`). */
export function sourceWebFiles(): SourceWebFiles {
  const found = webFiles();
  if (found.kind !== 'source') throw new Error('The template sources are only in the repository');
  return found;
}
