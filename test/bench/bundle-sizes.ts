/**
 * `npm run bundle-sizes [name…]`: each catalog function's index.mjs as the CDK bundles it (the CDK app's
 * esbuild settings, test/infra/bundle-catalog.ts), smallest first, with the packages that take the most room
 * in it, then those over issue 12's 300 KB goal. Names limit it to those functions.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { functions } from '../../functions/catalog.ts';
import { bundleCatalog, bundleGoalBytes } from '../infra/bundle-catalog.ts';

const partsShown = 6;
const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

const wanted = new Set(process.argv.slice(2));
const specs = functions.filter((spec) => wanted.size === 0 || wanted.has(spec.name));
const bundles = await bundleCatalog(specs);
try {
  const sizes = specs
    .map((spec) => ({
      name: spec.name,
      bytes: statSync(join(bundles.folders.get(spec.name) ?? '', 'index.mjs')).size,
      parts: [...(bundles.packages.get(spec.name) ?? [])]
        .filter(([, bytes]) => bytes > 0)
        .sort(([, a], [, b]) => b - a),
    }))
    .sort((a, b) => a.bytes - b.bytes);
  for (const { name, bytes, parts } of sizes) {
    const biggest = parts.slice(0, partsShown).map(([part, size]) => `${part} ${kilobytes(size)}`);
    console.log(`${name.padEnd(36)} ${kilobytes(bytes).padStart(8)}  ${biggest.join(', ')}`);
  }
  const median = sizes[Math.floor(sizes.length / 2)];
  if (median) {
    console.log(
      `\n${sizes.length} functions: smallest ${kilobytes(sizes[0]?.bytes ?? 0)}, median ${kilobytes(median.bytes)}, largest ${kilobytes(sizes.at(-1)?.bytes ?? 0)}`,
    );
  }
  const over = sizes.filter((size) => size.bytes > bundleGoalBytes);
  console.log(
    `${over.length} over the ${kilobytes(bundleGoalBytes)} goal${over.length === 0 ? '' : `: ${over.map((size) => size.name).join(', ')}`}`,
  );
} finally {
  bundles.remove();
}
