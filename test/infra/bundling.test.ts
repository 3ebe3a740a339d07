/**
 * Real esbuild bundling for two functions (one plain, one with web files): the other infra tests skip
 * bundling, and `npm run synth` bundles every function.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentNames } from '../../functions/adapters/environment.ts';
import { functionByName } from '../../functions/catalog.ts';
import { credentialProvidersLambdaNeverLoads } from '../../infra/aws/constructs/functions-from-catalog.ts';
import { TransferDeskStack } from '../../infra/aws/transfer-desk-stack.ts';

describe('Stack: TransferDesk', () => {
  let outdir: string;
  const bundles = new Map<string, string>();

  beforeAll(() => {
    // Prepare
    outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-bundling-'));
    const app = new App({ outdir });
    const stack = new TransferDeskStack(app, 'TransferDesk', {
      functions: [functionByName('health'), functionByName('pension-form')],
      workflows: [],
    });

    // Act
    app.synth();
    for (const name of ['health', 'pension-form']) {
      const code = stack.functions.byName(name).node.findChild('Code') as Asset;
      bundles.set(name, join(outdir, code.assetPath));
    }
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  const bundleOf = (name: string): string => {
    const found = bundles.get(name);
    if (!found) throw new Error(`No bundle for ${name}`);
    return found;
  };

  describe('bundling with esbuild', () => {
    it('bundles an ES module that can require CommonJS dependencies, with a source map', () => {
      // Act
      const code = readFileSync(join(bundleOf('health'), 'index.mjs'), 'utf8');

      // Assess
      expect(
        code.startsWith(
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      expect(existsSync(join(bundleOf('health'), 'index.mjs.map'))).toBe(true);
    });

    it('bundles the AWS SDK, leaving out only the credential providers the default chain imports lazily', () => {
      // Prepare
      const code = readFileSync(join(bundleOf('health'), 'index.mjs'), 'utf8');
      const specifier = `["']([@\\w][\\w@/.:-]*)["']`;

      // Act
      const loaded = [...code.matchAll(new RegExp(`\\bfrom\\s*${specifier}`, 'g'))].map((found) => found[1]);
      const lazy = [...code.matchAll(new RegExp(`\\bimport\\(\\s*${specifier}\\s*\\)`, 'g'))].map(
        (found) => found[1],
      );

      // Assess: at load only Node's own modules; the left-out providers only behind import(), never reached
      // in Lambda, whose environment holds the role's credentials.
      expect(loaded.length).toBeGreaterThan(0);
      expect(loaded.filter((name) => !name?.startsWith('node:'))).toEqual([]);
      expect(new Set(lazy.filter((name) => !name?.startsWith('node:')))).toEqual(
        new Set(credentialProvidersLambdaNeverLoads),
      );
    });

    it('answers a health check from the bundle when Node.js 24 loads it', () => {
      // Prepare
      const script = [
        `const { handler } = await import(${JSON.stringify(join(bundleOf('health'), 'index.mjs'))});`,
        "const response = await handler({ version: '2.0', routeKey: 'GET /health', rawPath: '/health', rawQueryString: '', headers: {},",
        "  requestContext: { http: { method: 'GET', path: '/health' }, requestId: 'bundling-test' }, isBase64Encoded: false }, {});",
        'process.stdout.write(JSON.stringify(response));',
      ].join('\n');

      // Act
      // Without the AWS settings a system test's local stack may have put in this process's environment.
      const ours = new Set<string>(Object.values(environmentNames));
      const withoutAws = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !ours.has(name)),
      );
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
        env: withoutAws,
      });

      // Assess
      expect(process.versions.node.split('.')[0]).toBe('24');
      const response = JSON.parse(output) as { statusCode: number; body: string };
      // No region, table or endpoint is set here, so every dependency is down: the bundle still answers.
      expect(response.statusCode).toBe(503);
      expect(JSON.parse(response.body)).toEqual({
        status: 'unavailable',
        dependencies: { dynamodb: 'down', stepFunctions: 'down', ses: 'down' },
      });
    });

    it('copies the templates, the page views and GOV.UK Frontend beside the bundle when the function needs web files', () => {
      // Prepare
      const bundle = bundleOf('pension-form');

      // Assess
      expect(existsSync(join(bundle, 'index.mjs'))).toBe(true);
      expect(existsSync(join(bundle, 'web', 'templates', 'emails'))).toBe(true);
      expect(existsSync(join(bundle, 'web', 'pages', 'pension-form', 'start.njk'))).toBe(true);
      expect(existsSync(join(bundle, 'web', 'pages', 'transfer', 'view.njk'))).toBe(true);
      expect(
        existsSync(join(bundle, 'govuk-frontend', 'dist', 'govuk', 'components', 'button', 'template.njk')),
      ).toBe(true);
    });

    it("ships no page's code or test as a file: esbuild has bundled what the handler imports", () => {
      // Prepare
      const pages = join(bundleOf('pension-form'), 'web', 'pages');

      // Act
      const shipped = readdirSync(pages, { recursive: true, encoding: 'utf8' });

      // Assess
      expect(shipped.filter((path) => path.endsWith('.ts'))).toEqual([]);
      expect(shipped).toContain(join('pension-form', 'check-answers.njk'));
    });

    it('leaves web files out of bundles that do not need them', () => {
      // Assess
      expect(existsSync(join(bundleOf('health'), 'web'))).toBe(false);
      expect(existsSync(join(bundleOf('health'), 'govuk-frontend'))).toBe(false);
    });
  });
});
