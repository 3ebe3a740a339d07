/**
 * The evidence function ships a Chromium: @sparticuz/chromium's binary (x64 only in its npm package) and
 * Playwright are installed beside its bundle rather than bundled, and it runs on x86_64.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functionByName, functions } from '../../functions/catalog.ts';
import { nodeModulesBundling } from '../../infra/aws/constructs/functions-from-catalog.ts';
import { logicalIdOf, type SynthesizedStack, synthesizeTransferDesk } from './synthesize-stack.ts';

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
  });

  describe('the transfer-evidence function', () => {
    it('installs @sparticuz/chromium and playwright-core beside the bundle instead of bundling them', () => {
      // Act
      const bundling = nodeModulesBundling(functionByName('transfer-evidence'));

      // Assess
      expect(bundling).toEqual({ nodeModules: ['@sparticuz/chromium', 'playwright-core'] });
    });

    it('leaves every other function fully bundled by esbuild, but the information duty’s (its letter is a PDF) and the evidence pack’s assembly (its summary is a PDF)', () => {
      // Act
      const withNodeModules = functions.filter((spec) => nodeModulesBundling(spec).nodeModules !== undefined);

      // Assess
      expect(withNodeModules.map((spec) => spec.name)).toEqual([
        'transfer-evidence',
        'information-duty',
        'assemble-evidence-pack',
      ]);
    });

    it('runs on x86_64, the one architecture the packaged Chromium is built for, with room to render inside API Gateway’s 30 s', () => {
      // Act
      const properties =
        synthesized.resources[logicalIdOf(synthesized.stack.functions.byName('transfer-evidence'))]
          ?.Properties;

      // Assess
      expect(properties).toMatchObject({ Architectures: ['x86_64'], MemorySize: 2048, Timeout: 29 });
    });
  });
});
