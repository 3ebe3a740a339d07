/**
 * Global setup of the `system` test project: one local stack for every integration and browser test, on a
 * free port with a fresh data folder, its sweep loop off so tests move time and sweep when they choose.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../infra/local/local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://localhost:<port>`: the web app, the JSON API and the local-only routes. */
    baseUrl: string;
    /** The local SES v2 endpoint, for tests that send through it directly. */
    sesEndpoint: string;
    dynamodbEndpoint: string;
    stepFunctionsEndpoint: string;
    /** The local mailbox page: every email the stack sent, paged and searchable. */
    mailboxUrl: string;
  }
}

/** Request lines of 1xx to 4xx answers are noise here; failures and 5xx answers are printed. */
const routine = / [1-4]\d\d \d+ms$/;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-system-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    sweepIntervalMs: 0,
    seedDemoData: false,
    handlerLogLevel: 'ERROR',
    log: (line) => {
      if (!routine.test(line)) console.error(`[local stack] ${line}`);
    },
  });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('sesEndpoint', stack.endpoints.ses);
  project.provide('dynamodbEndpoint', stack.endpoints.dynamodb);
  project.provide('stepFunctionsEndpoint', stack.endpoints.stepFunctions);
  project.provide('mailboxUrl', stack.mailboxUrl);

  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
