/**
 * Every function's bundle stays small: `index.mjs` at most 300 KB, so a cold start reads and compiles
 * little. Bundled with the CDK app's esbuild settings (test/infra/bundle-catalog.ts). The evidence
 * function is the exception: it renders PDFs and builds ZIPs, and its Chromium ships beside it anyway.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/catalog.ts';
import { bundleCatalog, type CatalogBundles } from './bundle-catalog.ts';

/** The most a bundle's `index.mjs` may weigh (issue 12). */
const bundleBudgetBytes = 300 * 1024;
/** Functions allowed past the budget. */
const overBudget = new Set(['transfer-evidence']);

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

describe('Function bundles', () => {
  let bundles: CatalogBundles;

  beforeAll(async () => {
    // Prepare and act
    bundles = await bundleCatalog();
  });

  afterAll(() => {
    bundles?.remove();
  });

  it.each(functions.filter((spec) => !overBudget.has(spec.name)).map((spec) => spec.name))(
    'keeps the bundle of %s at most 300 KB',
    (name) => {
      // Act
      const bytes = statSync(join(bundles.folders.get(name) ?? '', 'index.mjs')).size;
      const largest = [...(bundles.packages.get(name) ?? [])]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 5)
        .map(([dependency, size]) => `${dependency} ${kilobytes(size)}`)
        .join(', ');

      // Assess
      expect(bytes, `${name}'s index.mjs is ${kilobytes(bytes)}; largest: ${largest}`).toBeLessThanOrEqual(
        bundleBudgetBytes,
      );
    },
  );
});
