/**
 * `npm run bundle-sizes [name…]`: each catalog function's index.mjs as the CDK bundles it, smallest first,
 * with the packages that take the most room in it. Names limit it to those functions.
 */
import { functions } from '../../functions/catalog.ts';
import { bundleSizes } from '../infra/bundle-sizes.ts';

const partsShown = 6;
const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

const wanted = new Set(process.argv.slice(2));
const specs = functions.filter((spec) => wanted.size === 0 || wanted.has(spec.name));
const sizes = (await bundleSizes(specs)).sort((a, b) => a.bytes - b.bytes);
for (const { name, bytes, parts } of sizes) {
  const biggest = parts.slice(0, partsShown).map((part) => `${part.part} ${kilobytes(part.bytes)}`);
  console.log(`${name.padEnd(36)} ${kilobytes(bytes).padStart(8)}  ${biggest.join(', ')}`);
}
const median = sizes[Math.floor(sizes.length / 2)];
if (median) {
  console.log(
    `\n${sizes.length} functions: smallest ${kilobytes(sizes[0]?.bytes ?? 0)}, median ${kilobytes(median.bytes)}, largest ${kilobytes(sizes.at(-1)?.bytes ?? 0)}`,
  );
}
