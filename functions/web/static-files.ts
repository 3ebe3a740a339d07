/**
 * The files served under /assets: GOV.UK Frontend's prebuilt stylesheet and script, its images, and
 * our own small stylesheet and script. Only names in this list are served, so a path can never reach
 * another file. The fonts are left out: the pages use the system font (brand-neutral).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { webFiles } from './locations.ts';

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

let files: Map<string, StaticFile> | undefined;

/** Name under /assets/ → file, read once per process. */
export function staticFiles(): Map<string, StaticFile> {
  if (files !== undefined) return files;
  const { templates, govukFrontendDist } = webFiles();
  const govuk = join(govukFrontendDist, 'govuk');
  const images = join(govuk, 'assets', 'images');
  const entries: Array<[string, string]> = [
    ['govuk-frontend.min.css', join(govuk, 'govuk-frontend.min.css')],
    ['govuk-frontend.min.js', join(govuk, 'govuk-frontend.min.js')],
    ['transfer-desk.css', join(templates, 'static', 'transfer-desk.css')],
    ['transfer-desk.mjs', join(templates, 'static', 'transfer-desk.mjs')],
    ...readdirSync(images)
      .filter((name) => contentTypes[extname(name)] !== undefined)
      .map((name): [string, string] => [`images/${name}`, join(images, name)]),
  ];
  files = new Map(entries.map(([name, path]) => [name, fileAt(path)]));
  return files;
}

/** `/assets/name?v=hash`: the URL changes when the file does, so browsers may keep it for a year. */
export function assetUrl(name: string): string {
  const file = staticFiles().get(name);
  if (file === undefined) throw new Error(`No asset named ${name}`);
  return `/assets/${name}?v=${file.version}`;
}
