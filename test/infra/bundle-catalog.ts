/**
 * Bundles catalog functions with esbuild directly, with the CDK app's settings (`esbuildSettings`), in one
 * build: what the bundle-size test and the cold-init bench measure. Through the CDK, one function after
 * another, the whole catalog took over six minutes here; test/infra/bundling.test.ts checks that these
 * settings give the CDK's bundle byte for byte. Only `index.mjs` is written (web files are read on first
 * render, never at init), with the repository's node_modules beside the bundles the CDK installs some into.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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
  // One build per set of externals, every entry in it: esbuild reads each shared module once.
  const groups = Map.groupBy(specs, (spec) => (spec.bundleNodeModules ?? []).join(' '));
  const packages = new Map<string, Map<string, number>>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const result = await build({
        ...settings,
        mainFields: [...settings.mainFields],
        banner: { js: banner },
        entryPoints: group.map((spec) => ({
          in: join(repositoryRoot, spec.entry),
          out: `${spec.name}/index`,
        })),
        outdir,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        metafile: true,
        absWorkingDir: repositoryRoot,
        // As the CDK does: these are installed beside the bundle, not bundled.
        external: [...(group[0]?.bundleNodeModules ?? [])],
        logLevel: 'error',
      });
      for (const [path, output] of Object.entries(result.metafile.outputs)) {
        const sizes = new Map<string, number>();
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          sizes.set(packageOf(input), (sizes.get(packageOf(input)) ?? 0) + bytesInOutput);
        }
        packages.set(path.split('/').at(-2) ?? path, sizes);
      }
    }),
  );
  // What the CDK installs beside such a bundle (a browser binary, its driver), here the repository's.
  for (const spec of specs.filter((each) => each.bundleNodeModules?.length)) {
    symlinkSync(join(repositoryRoot, 'node_modules'), join(outdir, spec.name, 'node_modules'));
  }
  return {
    folders: new Map(specs.map((spec) => [spec.name, join(outdir, spec.name)])),
    packages,
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
