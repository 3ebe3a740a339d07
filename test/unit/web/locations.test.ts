import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { assetVersionsFile, locateWebFiles, type webFiles } from '../../../functions/web/locations.ts';

describe('Function: locateWebFiles', () => {
  const made: string[] = [];

  afterEach(() => {
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('finds the built web folder beside a bundle by its asset versions', () => {
    // Prepare: the layout the CDK gives a bundled function (infra/aws/web-files.ts).
    const bundle = mkdtempSync(join(tmpdir(), 'transfer-desk-bundle-'));
    made.push(bundle);
    mkdirSync(join(bundle, 'web'), { recursive: true });
    writeFileSync(join(bundle, 'web', assetVersionsFile), '{}');

    // Act
    const found = locateWebFiles(pathToFileURL(join(bundle, 'index.mjs')).href);

    // Assess
    expect(found).toEqual({ kind: 'built', web: `${join(bundle, 'web')}/` });
  });

  it('finds the repository layout from the source module, wherever the command runs', () => {
    // Prepare
    const elsewhere = mkdtempSync(join(tmpdir(), 'transfer-desk-cwd-'));
    made.push(elsewhere);
    const before = process.cwd();
    process.chdir(elsewhere);

    // Act
    let found: ReturnType<typeof webFiles>;
    try {
      found = locateWebFiles();
    } finally {
      process.chdir(before);
    }

    // Assess
    if (found.kind !== 'source') throw new Error(`Expected the sources, found ${found.kind}`);
    expect(found.templates).toMatch(/functions\/web\/templates\/$/);
    expect(found.pages).toMatch(/functions\/web\/pages\/$/);
    expect(found.govukFrontendDist).toMatch(/node_modules\/govuk-frontend\/dist\/$/);
  });

  it('names where it looked when neither layout is there', () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'transfer-desk-empty-'));
    made.push(empty);

    // Act and assess
    expect(() => locateWebFiles(pathToFileURL(join(empty, 'a', 'b', 'index.mjs')).href)).toThrow(
      /Web files not found beside .*index\.mjs/,
    );
  });
});
