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

/** Issue 12's goal for a function's `index.mjs`: 300 KB, so a cold start reads and compiles little. */
export const bundleGoalBytes = 300 * 1024;

/**
 * The functions that render PDFs with headless Chromium (its binary and Playwright's driver installed beside
 * the bundle): they start slowly anyway, so the size goal and the cold-init goal leave them aside.
 */
export const chromiumFunctions: readonly string[] = functions
  .filter((spec) => spec.bundleNodeModules?.includes('@sparticuz/chromium'))
  .map((spec) => spec.name);

export interface CatalogBundles {
  /** The folder of each function's bundle (its `index.mjs`), by name. */
  folders: ReadonlyMap<string, string>;
  /** Bytes in each bundle's `index.mjs` from each package (`functions/web` etc. for our own code), by name. */
  packages: ReadonlyMap<string, ReadonlyMap<string, number>>;
  remove(): void;
}

/** `node_modules/@scope/name/…` → `@scope/name`; `functions/web/…` → `functions/web`. */
function packageOf(input: string): string {
  const packagePath = input.split('node_modules/').at(-1) ?? input;
  if (packagePath !== input) {
    const [first, second] = packagePath.split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? input);
  }
  return input.split('/').slice(0, 2).join('/');
}

export async function bundleCatalog(specs: readonly FunctionSpec[] = functions): Promise<CatalogBundles> {
  const outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-bundles-'));
  const { banner, external, ...settings } = esbuildSettings;
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
        // As the CDK does: the externals named, and the node modules installed beside the bundle.
        external: [...external, ...(group[0]?.bundleNodeModules ?? [])],
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
