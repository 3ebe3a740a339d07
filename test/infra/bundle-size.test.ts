/**
 * Every function's bundle stays small, so a cold start reads and compiles little. Bundled with the CDK app's
 * esbuild settings (test/infra/bundle-catalog.ts).
 *
 * Issue 12's goal is 300 KB an `index.mjs` (`bundleGoalBytes`). Only static-assets and the two smallest
 * functions meet it today: what is in the way is the AWS SDK's core (@smithy/core and @aws-sdk/core, about
 * 135 KB in every function that calls AWS), the SES client (60 KB) in every function whose route sends,
 * date-fns, nunjucks' runtime and jose, and, in the steps that build evidence-pack ZIPs, archiver's
 * readable-stream (about 255 KB) and the S3 client (100 KB). So the goal is reported (each bundle over it,
 * printed as a table) and the test fails only on a regression: a bundle past its ceiling, set about 10 %
 * above the sizes measured when it was written (`npm run bundle-sizes` shows them). Lower a ceiling when a
 * bundle shrinks; raise one only with a reason in its comment.
 *
 * The two Chromium functions that render PDFs (transfer-evidence, assemble-evidence-pack) are left aside:
 * they start Chromium anyway. information-duty renders PDFs too, but its Chromium and Playwright are
 * installed beside the bundle, not in `index.mjs`, which weighs what other HTTP functions' do (about 715 KB):
 * it is held to the ordinary ceiling.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/catalog.ts';
import { bundleCatalog, bundleGoalBytes, type CatalogBundles } from './bundle-catalog.ts';

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** The two functions that render with Chromium: their bundles carry the evidence pack's whole rendering. */
const leftAside = new Set(['transfer-evidence', 'assemble-evidence-pack']);

/** The most any other bundle may weigh: the largest measured (record-consultation-outcome, 731 KB), about 10 % more. */
const ceilingBytes = 805 * 1024;

/** The functions that meet the goal today (measured 42, 257 and 282 KB): they must go on meeting it. */
const meetGoal = new Set(['static-assets', 'rotate-link-secret', 'record-email-events']);

/**
 * Functions with a ceiling of their own, about 10 % above what they measured. Heavier: the step that writes
 * evidence-pack parts carries archiver (readable-stream) and the S3 client (1,055 KB); the dashboard also
 * all of its pages (1,517 KB). Lighter, so what was trimmed stays trimmed: the pack's HTTP function asks
 * and reports only, without the ZIP writer or the upload (621 KB); the workflow's bookkeeping steps carry
 * no Step Functions or SES client (344 to 363 KB); the functions that change one person's case carry not
 * the whole HR transfer service (record-objection 686 KB, act-on-person 628 KB, person-link 625 KB). The
 * routes that only read or store carry no mail, templates or link secret: contracts' records (get-contract
 * 442 KB, list-contracts 441 KB, record-justification 445 KB; create-contracts, with the CSV parser, 477 KB),
 * consultations but the outcome (get-consultation 504 KB, create-consultation 507 KB, consultation-form
 * 543 KB), dates moved and cancellations (update-transfer 525 KB, cancel-transfer 461 KB); deciding a
 * contract opens its consultation without the Step Functions client (decide-contract 707 KB, renewal-form
 * 698 KB).
 */
const ownCeilingBytes: ReadonlyMap<string, number> = new Map([
  ['dashboard', 1670 * 1024],
  ['write-evidence-pack-part', 1160 * 1024],
  ['evidence-packs', 685 * 1024],
  ['finish-timer', 400 * 1024],
  ['record-timer-failure', 400 * 1024],
  ['list-shards', 400 * 1024],
  ['record-workflow-failure', 400 * 1024],
  ['finish-milestone', 400 * 1024],
  ['record-objection', 755 * 1024],
  ['act-on-person', 690 * 1024],
  ['person-link', 690 * 1024],
  ['get-contract', 490 * 1024],
  ['list-contracts', 485 * 1024],
  ['create-contracts', 525 * 1024],
  ['record-justification', 490 * 1024],
  ['get-consultation', 555 * 1024],
  ['create-consultation', 560 * 1024],
  ['consultation-form', 600 * 1024],
  ['update-transfer', 580 * 1024],
  ['cancel-transfer', 510 * 1024],
  ['decide-contract', 780 * 1024],
  ['renewal-form', 770 * 1024],
]);

describe('Function bundles', () => {
  let bundles: CatalogBundles;
  const sizeOf = (name: string) => statSync(join(bundles.folders.get(name) ?? '', 'index.mjs')).size;

  beforeAll(async () => {
    // Prepare and act
    bundles = await bundleCatalog();
  });

  afterAll(() => {
    bundles?.remove();
  });

  it.each(functions.filter((spec) => !leftAside.has(spec.name)).map((spec) => spec.name))(
    'keeps the bundle of %s within its ceiling',
    (name) => {
      // Act
      const bytes = sizeOf(name);
      const ceiling = ownCeilingBytes.get(name) ?? ceilingBytes;
      const largest = [...(bundles.packages.get(name) ?? [])]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 5)
        .map(([dependency, size]) => `${dependency} ${kilobytes(size)}`)
        .join(', ');

      // Assess
      expect(
        bytes,
        `${name}'s index.mjs is ${kilobytes(bytes)}, past its ${kilobytes(ceiling)} ceiling; largest: ${largest}`,
      ).toBeLessThanOrEqual(ceiling);
    },
  );

  it('holds every named ceiling to a function of the catalog', () => {
    // Assess: a renamed or removed function must not leave a loose ceiling behind.
    const names = new Set(functions.map((spec) => spec.name));
    const named = [...ownCeilingBytes.keys(), ...meetGoal, ...leftAside];
    expect(named.filter((name) => !names.has(name))).toEqual([]);
  });

  it('reports the bundles over the 300 KB goal, and keeps those that meet it under it', () => {
    // Act
    const sizes = functions
      .filter((spec) => !leftAside.has(spec.name))
      .map((spec) => ({ name: spec.name, bytes: sizeOf(spec.name) }));
    const over = sizes.filter((size) => size.bytes > bundleGoalBytes).sort((a, b) => b.bytes - a.bytes);
    console.log(
      [
        `${over.length} of ${sizes.length} bundles over the ${kilobytes(bundleGoalBytes)} goal:`,
        ...over.map((size) => `  ${size.name.padEnd(38)} ${kilobytes(size.bytes).padStart(8)}`),
      ].join('\n'),
    );

    // Assess
    expect(over.map((size) => size.name).filter((name) => meetGoal.has(name))).toEqual([]);
  });
});
