/**
 * Real esbuild bundling for three functions (one plain, one rendering pages, the one serving static files):
 * the other infra tests skip bundling (test/infra/bundle-size.test.ts bundles every function).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentNames } from '../../functions/adapters/environment.ts';
import { functionByName } from '../../functions/catalog.ts';
import { credentialProvidersLambdaNeverLoads } from '../../infra/aws/constructs/functions-from-catalog.ts';
import { TransferDeskStack } from '../../infra/aws/transfer-desk-stack.ts';
import { bundleCatalog } from './bundle-catalog.ts';

describe('Stack: TransferDesk', () => {
  let outdir: string;
  const bundles = new Map<string, string>();

  beforeAll(() => {
    // Prepare
    outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-bundling-'));
    const app = new App({ outdir });
    const stack = new TransferDeskStack(app, 'TransferDesk', {
      functions: ['health', 'pension-form', 'static-assets', 'list-shards'].map(functionByName),
      workflows: [],
    });

    // Act
    app.synth();
    for (const name of ['health', 'pension-form', 'static-assets', 'list-shards']) {
      const code = stack.functions.byName(name).node.findChild('Code') as Asset;
      bundles.set(name, join(outdir, code.assetPath));
    }
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  /** Runs a module script in this Node.js 24 without the AWS settings a system test's local stack may have set. */
  const runInNode24 = (script: string): string => {
    const ours = new Set<string>(Object.values(environmentNames));
    const withoutAws = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !ours.has(name)),
    );
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      env: withoutAws,
    });
  };

  const bundleOf = (name: string): string => {
    const found = bundles.get(name);
    if (!found) throw new Error(`No bundle for ${name}`);
    return found;
  };

  describe('bundling with esbuild', () => {
    it('bundles an ES module that can require CommonJS dependencies, without a source map', () => {
      // Act
      const code = readFileSync(join(bundleOf('health'), 'index.mjs'), 'utf8');

      // Assess
      expect(
        code.startsWith(
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      expect(code).not.toContain('sourceMappingURL');
      expect(existsSync(join(bundleOf('health'), 'index.mjs.map'))).toBe(false);
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
      const output = runInNode24(script);

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

    it('ships the templates precompiled, and no template source, GOV.UK Frontend file or page code', () => {
      // Prepare
      const web = join(bundleOf('pension-form'), 'web');

      // Act
      const shipped = readdirSync(web, { recursive: true, encoding: 'utf8' }).filter((path) =>
        statSync(join(web, path)).isFile(),
      );

      // Assess
      expect(shipped).toContain(join('templates-html', 'pension-form', 'check-answers.njk.cjs'));
      expect(shipped).toContain(join('templates-html', 'govuk', 'components', 'button', 'template.njk.cjs'));
      expect(shipped).toContain(join('templates-text', 'emails', 'invitation.txt.njk.cjs'));
      expect(shipped.filter((path) => !path.endsWith('.cjs'))).toEqual(['asset-versions.json']);
      expect(existsSync(join(bundleOf('pension-form'), 'govuk-frontend'))).toBe(false);
    });

    it('renders a page from the bundle with the precompiled templates and the slim nunjucks runtime', () => {
      // Prepare: no link secret is set here, so the answer is the error page, in the GOV.UK layout.
      const script = [
        `const { handler } = await import(${JSON.stringify(join(bundleOf('pension-form'), 'index.mjs'))});`,
        "const response = await handler({ version: '2.0', routeKey: 'GET /forms/pension/{token}', rawPath: '/forms/pension/x',",
        "  rawQueryString: '', headers: {}, pathParameters: { token: 'x' },",
        "  requestContext: { http: { method: 'GET', path: '/forms/pension/x' }, requestId: 'bundling-test' }, isBase64Encoded: false }, {});",
        'process.stdout.write(JSON.stringify(response));',
      ].join('\n');

      // Act
      const response = JSON.parse(runInNode24(script)) as { headers: Record<string, string>; body: string };

      // Assess
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toMatch(/^<!DOCTYPE html>/);
      expect(response.body).toContain('govuk-template');
      expect(response.body).toMatch(/\/assets\/govuk-frontend\.min\.css\?v=[0-9a-f]{12}/);
    });

    it('ships GOV.UK Frontend only to the static-assets function: the served files, no source maps or fixtures', () => {
      // Prepare
      const assets = join(bundleOf('static-assets'), 'web', 'assets');

      // Act
      const shipped = readdirSync(assets, { recursive: true, encoding: 'utf8' });

      // Assess
      expect(shipped).toEqual(expect.arrayContaining(['govuk-frontend.min.css', 'govuk-frontend.min.js']));
      expect(shipped.filter((path) => path.endsWith('.map') || path.includes('fixtures'))).toEqual([]);
      expect(existsSync(join(bundleOf('static-assets'), 'web', 'templates-html'))).toBe(false);
    });

    it("gives zod's English messages in a bundle: zod/mini loads no locale, functions/zod.ts sets it", () => {
      // Prepare: a step's payload without its fields.
      const script = [
        `const { handler } = await import(${JSON.stringify(join(bundleOf('list-shards'), 'index.mjs'))});`,
        'try { await handler({}, {}); } catch (error) { process.stdout.write(JSON.stringify(error.issues)); }',
      ].join('\n');

      // Act
      const issues = JSON.parse(runInNode24(script)) as Array<{ message: string }>;

      // Assess
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]?.message).toMatch(/^Invalid input: expected \w+, received undefined$/);
    });

    it('gives, with the esbuild settings the bundle-size test and cold-init bench use, the same bundle byte for byte', async () => {
      // Act
      const direct = await bundleCatalog([functionByName('health'), functionByName('pension-form')]);
      try {
        // Assess
        for (const name of ['health', 'pension-form']) {
          expect(readFileSync(join(direct.folders.get(name) ?? '', 'index.mjs'), 'utf8')).toBe(
            readFileSync(join(bundleOf(name), 'index.mjs'), 'utf8'),
          );
        }
      } finally {
        direct.remove();
      }
    });

    it('leaves web files out of bundles that do not need them', () => {
      // Assess
      expect(existsSync(join(bundleOf('health'), 'web'))).toBe(false);
      expect(existsSync(join(bundleOf('health'), 'govuk-frontend'))).toBe(false);
    });
  });
});
