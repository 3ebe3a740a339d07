/**
 * The files served under /assets: GOV.UK Frontend's prebuilt stylesheet and script, its images, and
 * our own small stylesheet and script. Only names in this list are served, so a path can never reach
 * another file. The fonts are left out: the pages use the system font (brand-neutral). A bundle carries
 * their versions (`asset-versions.json`) so pages link them without the files; only the static-assets
 * function carries the files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { assetsFolder, assetVersionsFile, type SourceWebFiles, webFiles } from './locations.ts';

export interface StaticFile {
  content: Buffer;
  contentType: string;
  /** Binary files go through API Gateway base64-encoded. */
  binary: boolean;
  /** A short content hash: the `v` in versioned URLs and the ETag. */
  version: string;
}

const contentTypes: Record<string, { contentType: string; binary: boolean }> = {
  '.css': { contentType: 'text/css; charset=utf-8', binary: false },
  '.js': { contentType: 'text/javascript; charset=utf-8', binary: false },
  '.mjs': { contentType: 'text/javascript; charset=utf-8', binary: false },
  '.svg': { contentType: 'image/svg+xml', binary: false },
  '.png': { contentType: 'image/png', binary: true },
  '.ico': { contentType: 'image/x-icon', binary: true },
};

function fileAt(path: string): StaticFile {
  const type = contentTypes[extname(path)];
  if (type === undefined) throw new Error(`No content type for ${path}`);
  const content = readFileSync(path);
  const version = createHash('sha256').update(content).digest('hex').slice(0, 12);
  return { content, ...type, version };
}

/** Name under /assets/ → the file in the repository it is served from. */
export function staticFileSources(sources: SourceWebFiles): Array<[name: string, path: string]> {
  const govuk = join(sources.govukFrontendDist, 'govuk');
  const images = join(govuk, 'assets', 'images');
  return [
    ['govuk-frontend.min.css', join(govuk, 'govuk-frontend.min.css')],
    ['govuk-frontend.min.js', join(govuk, 'govuk-frontend.min.js')],
    ['transfer-desk.css', join(sources.templates, 'static', 'transfer-desk.css')],
    ['transfer-desk.mjs', join(sources.templates, 'static', 'transfer-desk.mjs')],
    ...readdirSync(images)
      .filter((name) => contentTypes[extname(name)] !== undefined)
      .map((name): [string, string] => [`images/${name}`, join(images, name)]),
  ];
}

/** Name under /assets/ → version, as a bundle's `asset-versions.json` holds them. */
export function assetVersionsOf(files: ReadonlyMap<string, StaticFile>): Record<string, string> {
  return Object.fromEntries([...files].map(([name, file]) => [name, file.version]));
}

let files: Map<string, StaticFile> | undefined;

/** Name under /assets/ → file, read once per process. */
export function staticFiles(): Map<string, StaticFile> {
  if (files !== undefined) return files;
  const located = webFiles();
  const entries =
    located.kind === 'source'
      ? staticFileSources(located)
      : Object.keys(assetVersions()).map((name): [string, string] => [
          name,
          join(located.web, assetsFolder, name),
        ]);
  files = new Map(entries.map(([name, path]) => [name, fileAt(path)]));
  return files;
}

let versions: Record<string, string> | undefined;

/** Name under /assets/ → version: from the bundle's list, or from the files themselves in the repository. */
function assetVersions(): Record<string, string> {
  if (versions !== undefined) return versions;
  const located = webFiles();
  versions =
    located.kind === 'source'
      ? assetVersionsOf(staticFiles())
      : (JSON.parse(readFileSync(join(located.web, assetVersionsFile), 'utf8')) as Record<string, string>);
  return versions;
}

/** `/assets/name?v=hash`: the URL changes when the file does, so browsers may keep it for a year. */
export function assetUrl(name: string): string {
  const version = assetVersions()[name];
  if (version === undefined) throw new Error(`No asset named ${name}`);
  return `/assets/${name}?v=${version}`;
}
