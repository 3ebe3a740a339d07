import { defineConfig } from 'vitest/config';

// Two cores here: the system tests share one local stack and run one file at a time.
export default defineConfig({
  test: {
    projects: [
      // Page tests sit beside their page (functions/web/pages/<page>/*.test.ts): never bundled, see the CDK app.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'functions/web/pages/**/*.test.ts'] } },
      { test: { name: 'workflows', include: ['test/workflows/**/*.test.ts'], testTimeout: 30_000 } },
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
