/**
 * The `web/` folder a function's bundle carries (see functions/web/locations.ts), built once per synth
 * from the repository: the templates precompiled, one module each, and the asset versions for every
 * function with web files; GOV.UK Frontend's served files (no source maps, no fixtures) only for the
 * function that serves them.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  assetsFolder,
  assetVersionsFile,
  precompiledTemplatesFolder,
  sourceWebFiles,
} from '../../functions/web/locations.ts';
import { assetVersionsOf, staticFileSources, staticFiles } from '../../functions/web/static-files.ts';
import { precompiledTemplates } from '../../functions/web/template-precompiler.ts';

export interface BuiltWebFolders {
  /** The `web/` of functions that render pages or emails. */
  templates: string;
  /** The `web/` of the static-assets function. */
  assets: string;
}

function writeFile(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const built = new Map<string, BuiltWebFolders>();

/** Builds both folders under `outdir` (the cloud assembly's) once per process, then answers where they are. */
export function builtWebFolders(outdir: string): BuiltWebFolders {
  const found = built.get(outdir);
  if (found) return found;
  const sources = sourceWebFiles();
  const folders = {
    templates: join(outdir, 'web-files', 'templates'),
    assets: join(outdir, 'web-files', 'assets'),
  };
  rmSync(join(outdir, 'web-files'), { recursive: true, force: true });
  const versions = `${JSON.stringify(assetVersionsOf(staticFiles()), null, 2)}\n`;
  for (const flavour of ['html', 'text'] as const) {
    for (const [name, code] of precompiledTemplates(sources, flavour)) {
      writeFile(join(folders.templates, precompiledTemplatesFolder(flavour), `${name}.cjs`), code);
    }
  }
  writeFile(join(folders.templates, assetVersionsFile), versions);
  for (const [name, path] of staticFileSources(sources)) {
    mkdirSync(dirname(join(folders.assets, assetsFolder, name)), { recursive: true });
    copyFileSync(path, join(folders.assets, assetsFolder, name));
  }
  writeFile(join(folders.assets, assetVersionsFile), versions);
  built.set(outdir, folders);
  return folders;
}
