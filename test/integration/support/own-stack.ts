/** For tests that start a local stack of their own: a fresh data folder each, and cleaning up after each test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { LocalStack } from '../../../infra/local/local-stack.ts';

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
