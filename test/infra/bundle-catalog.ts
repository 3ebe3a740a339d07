/**
 * Bundles catalog functions with esbuild directly, with the CDK app's settings (`esbuildSettings`), all at
 * once: what the bundle-size test and the cold-init bench measure. Through the CDK, one function after
 * another, the whole catalog took over six minutes here; test/infra/bundling.test.ts checks that these
 * settings give the CDK's bundle byte for byte. Only `index.mjs` is written: web files are read on first
 * render, never at init.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type FunctionSpec, functions } from '../../functions/catalog.ts';
import { esbuildSettings } from '../../infra/aws/constructs/functions-from-catalog.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CatalogBundles {
  /** The folder of each function's bundle (its `index.mjs`), by name. */
  folders: ReadonlyMap<string, string>;
  /** Bytes in each bundle's `index.mjs` from each package (`functions/` for our own code), by name. */
  packages: ReadonlyMap<string, ReadonlyMap<string, number>>;
  remove(): void;
}

/** `node_modules/@aws-sdk/client-s3/dist-es/x.js` → `@aws-sdk/client-s3`; our code → `functions/`. */
function packageOf(input: string): string {
  const found = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return found?.[1] ?? input.split('/')[0] ?? input;
}

export async function bundleCatalog(specs: readonly FunctionSpec[] = functions): Promise<CatalogBundles> {
  const outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-bundles-'));
  const { banner, ...settings } = esbuildSettings;
  const built = await Promise.all(
    specs.map(async (spec) => {
      const folder = join(outdir, spec.name);
      const result = await build({
        ...settings,
        mainFields: [...settings.mainFields],
        banner: { js: banner },
        entryPoints: [join(repositoryRoot, spec.entry)],
        outfile: join(folder, 'index.mjs'),
        bundle: true,
        metafile: true,
        absWorkingDir: repositoryRoot,
        // As the CDK does: these are installed beside the bundle, not bundled.
        external: [...(spec.bundleNodeModules ?? [])],
        logLevel: 'error',
      });
      const sizes = new Map<string, number>();
      for (const output of Object.values(result.metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          sizes.set(packageOf(input), (sizes.get(packageOf(input)) ?? 0) + bytesInOutput);
        }
      }
      return { name: spec.name, folder, sizes };
    }),
  );
  return {
    folders: new Map(built.map(({ name, folder }) => [name, folder])),
    packages: new Map(built.map(({ name, sizes }) => [name, sizes])),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
