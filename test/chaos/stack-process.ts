/**
 * The local stack as a child process (`infra/local/main.ts`), in its own process group, so a test can
 * `kill -9` the whole of it the way a crash or a pulled plug would, and start it again on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamoDbPidFile } from '../../infra/local/dynamodb-local.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface StackProcessOptions {
  dataDir: string;
  port: number;
  /** TRANSFER_DESK_FAULTS, e.g. `ses:0.1,dynamodb:0.05,step-crash:0.02,seed=42`. */
  faults?: string;
  sweepIntervalSeconds?: number;
  readyTimeoutMs?: number;
  /** Told each line the stack prints (its own lines carry no personal data). */
  onLine?: (line: string) => void;
}

export interface StackProcess {
  baseUrl: string;
  pid: number;
  /** SIGKILL to the whole process group: nothing gets to clean up. */
  killHard(): Promise<void>;
  /** SIGTERM, as Ctrl-C would: the stack stops what it started. */
  stop(): Promise<void>;
  /** The last lines it printed, to explain a failure. */
  lastLines(): string[];
}

function exitedPromise(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Gave up waiting for ${what} after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until GET /health answers 200 (the stack is up, its demo added and every dependency answering). */
export async function waitUntilHealthy(
  baseUrl: string,
  timeoutMs: number,
  exited?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited?.()) throw new Error('The local stack exited while starting');
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The local stack was not healthy within ${timeoutMs} ms (last: ${last})`);
}

export async function startStackProcess(options: StackProcessOptions): Promise<StackProcess> {
  const lines: string[] = [];
  const child = spawn(process.execPath, [tsxCli, 'infra/local/main.ts'], {
    cwd: repositoryRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      SWEEP_INTERVAL_SECONDS: String(options.sweepIntervalSeconds ?? 0),
      TRANSFER_DESK_FAULTS: options.faults ?? '',
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      DEMO_DATA: 'off',
    },
  });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line);
      options.onLine?.(line);
    }
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = exitedPromise(child);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  // This process ending must not leave the stack running.
  const killOnExit = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);

  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilHealthy(baseUrl, options.readyTimeoutMs ?? 180_000, () => hasExited);
  } catch (error) {
    killOnExit();
    await exited;
    throw new Error(`${error instanceof Error ? error.message : error}\n${lines.join('\n')}`);
  }
  return {
    baseUrl,
    pid: child.pid ?? -1,
    async killHard() {
      killOnExit();
      await withDeadline(exited, 10_000, 'the killed stack to exit');
      process.off('exit', killOnExit);
    },
    async stop() {
      if (!hasExited && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      try {
        await withDeadline(exited, 30_000, 'the stack to stop');
      } catch {
        killOnExit();
        await exited;
      }
      process.off('exit', killOnExit);
    },
    lastLines: () => [...lines],
  };
}

/** SIGKILL to the DynamoDB Local the stack on this data folder runs (the stack starts it again). */
export async function killDynamoDbLocal(dataDir: string): Promise<number> {
  const pid = Number((await readFile(dynamoDbPidFile(dataDir), 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('No DynamoDB Local process id is recorded');
  process.kill(-pid, 'SIGKILL');
  return pid;
}

/** Waits until no DynamoDB Local runs on the data folder (a killed stack's one stops when its input closes). */
export async function waitForDynamoDbLocalGone(dataDir: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(dynamoDbPidFile(dataDir), 'utf8').catch(() => '');
    const pid = Number(text.trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0) {
      alive = await readFile(join('/proc', String(pid), 'cmdline'), 'utf8').then(
        (line) => line.includes('DynamoDBLocal'),
        () => false,
      );
    }
    if (!alive) return;
    if (Date.now() > deadline) throw new Error(`DynamoDB Local (${pid}) still runs after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
