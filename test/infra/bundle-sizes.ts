/**
 * Each catalog function's `index.mjs` as the CDK builds it: esbuild run with the function's own bundling
 * options (bundlingOf, functions-from-catalog.ts) and a metafile, so a size can be explained by what is in it.
 * Much faster than a synth: nothing is installed or copied, and the bundles stay in memory.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { bundlingOf } from '../../infra/aws/constructs/functions-from-catalog.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What the CDK's default externals are when the AWS SDK is not bundled (aws-lambda-nodejs, Node.js 18+). */
const runtimeSdk = ['@aws-sdk/*', '@smithy/*'];

export interface BundleSize {
  name: string;
  /** Bytes of index.mjs. */
  bytes: number;
  /** Bytes each package (or, for the repository's own code, each top folder) adds to index.mjs, largest first. */
  parts: ReadonlyArray<{ part: string; bytes: number }>;
}

/** The esbuild options the CDK passes for this function (only those bundlingOf sets: any other is refused). */
export function esbuildOptionsOf(spec: Pick<FunctionSpec, 'entry' | 'bundleNodeModules' | 'needsWebFiles'>) {
  const {
    format,
    target,
    mainFields,
    banner,
    minify,
    sourceMap,
    sourceMapMode,
    bundleAwsSDK,
    externalModules,
    nodeModules,
    ...rest
  } = bundlingOf(spec);
  const untranslated = Object.keys(rest).filter((option) => option !== 'commandHooks');
  if (untranslated.length > 0) {
    throw new Error(`bundle-sizes does not translate these bundling options yet: ${untranslated.join(', ')}`);
  }
  const options: BuildOptions = {
    entryPoints: [join(repositoryRoot, spec.entry)],
    absWorkingDir: repositoryRoot,
    outfile: join(repositoryRoot, 'cdk.out', 'bundle-sizes', 'index.mjs'),
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    platform: 'node',
    ...(format ? { format } : {}),
    ...(target ? { target } : {}),
    ...(mainFields ? { mainFields } : {}),
    ...(banner ? { banner: { js: banner } } : {}),
    minify: minify === true,
    sourcemap: sourceMap === true ? sourceMapOf(sourceMapMode) : false,
    // As the CDK does: the externals named, else the runtime's SDK unless it is bundled; then node modules.
    external: [...(externalModules ?? (bundleAwsSDK ? [] : runtimeSdk)), ...(nodeModules ?? [])],
  };
  return options;
}

function sourceMapOf(mode: SourceMapMode | undefined): boolean | 'inline' | 'external' | 'both' {
  if (mode === SourceMapMode.INLINE) return 'inline';
  if (mode === SourceMapMode.EXTERNAL) return 'external';
  if (mode === SourceMapMode.BOTH) return 'both';
  return true;
}

export async function bundleSize(spec: FunctionSpec): Promise<BundleSize> {
  const result = await build(esbuildOptionsOf(spec));
  const output = result.outputFiles?.find((file) => file.path.endsWith('index.mjs'));
  if (!output) throw new Error(`esbuild wrote no index.mjs for ${spec.name}`);
  return { name: spec.name, bytes: output.contents.byteLength, parts: partsOf(result.metafile) };
}

/** One function at a time: esbuild already uses every core for one bundle. */
export async function bundleSizes(specs: readonly FunctionSpec[]): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const spec of specs) sizes.push(await bundleSize(spec));
  return sizes;
}

function partsOf(metafile: Metafile | undefined): BundleSize['parts'] {
  const outputs = Object.entries(metafile?.outputs ?? {}).find(([path]) => path.endsWith('index.mjs'));
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(outputs?.[1].inputs ?? {})) {
    const part = partOf(input);
    bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .map(([part, size]) => ({ part, bytes: size }))
    .filter((part) => part.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** `node_modules/@scope/name/…` → `@scope/name`; `functions/web/…` → `functions/web`. */
function partOf(input: string): string {
  const packagePath = input.split('node_modules/').at(-1) ?? input;
  if (packagePath !== input) {
    const [first, second] = packagePath.split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? input);
  }
  return input.split('/').slice(0, 2).join('/');
}
