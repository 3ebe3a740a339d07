/**
 * DynamoDB Local for the local stack: Amazon's jar from amplify-dynamodb-simulator, run with the machine's
 * Java on a free loopback port with its data in DATA_DIR/dynamodb, and the table created from the same
 * definition the CDK uses. The Java process is its own process group and watches its standard input, so it
 * stops with the stack whether the stack stops cleanly, is interrupted or crashes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../functions/adapters/table-definition.ts';
import { freeLoopbackPort, loopbackHost } from './free-port.ts';
import { localRegion } from './local-aws.ts';

const launcher = fileURLToPath(new URL('./dynamodb-local-on-loopback.java', import.meta.url));

function emulatorDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  client: DynamoDBClient;
  pid: number;
  /** Resolves when the Java process ends, whether stopped or killed. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  dataDir: string;
  startupTimeoutMs?: number;
  /** The port to listen on (a restart takes its old port back); a free one by default. */
  port?: number;
}

/** Where the running Java process's id is kept, so a restart after a crash finds one left behind. */
export function dynamoDbPidFile(dataDir: string): string {
  return join(dataDir, 'dynamodb-local.pid');
}

function isDynamoDbLocal(pid: number): Promise<boolean> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (commandLine) => commandLine.includes('DynamoDBLocal'),
    () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    },
  );
}

/**
 * A DynamoDB Local left running on this data folder by a stack that was killed (it stops by itself when
 * its standard input closes, which can take a moment) is waited for, then killed, before a new one opens
 * the same files.
 */
async function waitForOneLeftBehind(dataDir: string): Promise<void> {
  const text = await readFile(dynamoDbPidFile(dataDir), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const deadline = Date.now() + 10_000;
  while ((await isDynamoDbLocal(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (await isDynamoDbLocal(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
    const killedBy = Date.now() + 5_000;
    while ((await isDynamoDbLocal(pid)) && Date.now() < killedBy) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Keeps the last lines a child printed, to explain a failed start. */
function tail(child: ChildProcess, lines: string[]): void {
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function withDeadline(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startDynamoDbLocal({
  dataDir,
  startupTimeoutMs = 90_000,
  port: requestedPort,
}: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const emulator = emulatorDirectory();
  const dbPath = join(dataDir, 'dynamodb');
  await mkdir(dbPath, { recursive: true });
  await waitForOneLeftBehind(dataDir);
  const port = requestedPort ?? (await freeLoopbackPort());
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-cp',
      join(emulator, 'DynamoDBLocal.jar'),
      launcher,
      '-sharedDb',
      '-dbPath',
      dbPath,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    // Its own process group: Ctrl-C in a terminal reaches the stack, which stops Java in order. It writes a
    // metadata file to its working folder, so that is the data folder.
    { cwd: dbPath, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  tail(child, output);
  const pidFile = dynamoDbPidFile(dataDir);
  if (child.pid !== undefined) await writeFile(pidFile, String(child.pid));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    child.stdin?.end();
    if (await withDeadline(exited(child), 5_000)) return;
    killGroup(child, 'SIGTERM');
    if (await withDeadline(exited(child), 5_000)) return;
    killGroup(child, 'SIGKILL');
    await exited(child);
  };
  const whenExited = exited(child).then(() => rm(pidFile, { force: true }));

  const spawnFailed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Could not run java for DynamoDB Local: ${error.message}. Install Java 17 or later.`)),
    );
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `DynamoDB Local stopped while starting (${signal ?? `exit code ${code}`}):\n${output.join('\n')}`,
        ),
      ),
    );
  });
  spawnFailed.catch(() => undefined);

  const endpoint = `http://${loopbackHost}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await Promise.race([waitUntilAnswering(client, startupTimeoutMs), spawnFailed]);
  } catch (error) {
    await stop();
    client.destroy();
    throw error;
  }
  return {
    endpoint,
    port,
    client,
    pid: child.pid ?? -1,
    exited: whenExited,
    async stop() {
      client.destroy();
      await stop();
      await whenExited;
    },
  };
}

async function waitUntilAnswering(client: DynamoDBClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`, { cause: lastError });
}

/** A table kept in a data folder from before an index was added gets it, as a deployment adds it in AWS. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of tableDefinition.globalSecondaryIndexes) {
    if (present.has(index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: index.projection },
            },
          },
        ],
      }),
    );
  }
}

/** Creates the table from the shared definition unless it exists; turns on its TTL attribute. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'existing'> {
  const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute } = tableDefinition;
  const attributeNames = [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  let outcome: 'created' | 'existing' = 'created';
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(attributeNames)].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    outcome = 'existing';
    await addMissingIndexes(client, tableName);
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
}
