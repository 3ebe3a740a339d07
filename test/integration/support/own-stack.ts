/** For tests that start a local stack of their own: a fresh data folder each, and cleaning up after each test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../infra/local/local-stack.ts';
import { deskClient } from '../../chaos/desk-client.ts';

export interface OwnStack {
  /** A fresh data folder, removed after the test. */
  dataDir(prefix: string): Promise<string>;
  /** The stack the test started, stopped after the test (one stack at a time runs in a process). */
  use(stack: LocalStack): LocalStack;
}

/** Registers the clean-up: each test's stack is stopped, and its folder removed, before the next starts. */
export function ownStackPerTest(): OwnStack {
  let stack: LocalStack | undefined;
  let folder = '';
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    if (folder) await rm(folder, { recursive: true, force: true });
    folder = '';
  });
  return {
    async dataDir(prefix) {
      folder = await mkdtemp(join(tmpdir(), prefix));
      return folder;
    },
    use(started) {
      stack = started;
      return started;
    },
  };
}

export interface QuietStack {
  /** The file's stack, once started. */
  stack(): LocalStack;
  /** A client of it that tries nothing again: the test sees each answer, outage or not. */
  desk: ReturnType<typeof deskClient>;
  /** An HR token on it. */
  hr(): string;
}

/**
 * One stack for the whole file, with no demo and no sweep loop, for tests that take its dependencies down
 * (DynamoDB, SES) and watch what the product says: started before the file's tests, stopped after them.
 */
export function quietStackForFile(prefix: string, hrEmail: string): QuietStack {
  let stack: LocalStack | undefined;
  let folder = '';
  let token = '';
  const desk = deskClient(() => stack?.baseUrl ?? '', { retryForMs: 0 });
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
    stack = await startLocalStack({
      port: 0,
      dataDir: folder,
      seedDemoData: false,
      sweepIntervalMs: 0,
      handlerLogLevel: 'CRITICAL',
    });
    token = await desk.token('hr', hrEmail);
  });
  afterAll(async () => {
    await stack?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  return {
    stack: () => {
      if (!stack) throw new Error('The stack is not started yet: call this inside a test or hook');
      return stack;
    },
    desk,
    hr: () => token,
  };
}
