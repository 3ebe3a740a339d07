import { configDefaults, defineConfig } from 'vitest/config';

/** Unit tests that change module state: environment variables, key material, per-process counters. */
const isolatedUnitTests = [
  'test/unit/handlers/**/*.test.ts',
  'test/unit/http/**/*.test.ts',
  'test/unit/adapters/auth.test.ts',
  'test/unit/observability.test.ts',
  'test/unit/local/local-environment.test.ts',
];

// Two cores here: the system tests share one local stack and run one file at a time.
export default defineConfig({
  test: {
    projects: [
      // Page tests sit beside their page (functions/web/pages/<page>/*.test.ts): never bundled, see the CDK app.
      // Most unit tests share one module graph per worker (isolate: false): importing it again for each of
      // ~170 files took three quarters of their time. Those that set module state (environment variables
      // read at import, signing keys, the cold-start counter) each get a fresh graph.
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'functions/web/pages/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...isolatedUnitTests],
          isolate: false,
        },
      },
      { test: { name: 'unit-isolated', include: isolatedUnitTests } },
      {
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          testTimeout: 30_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
