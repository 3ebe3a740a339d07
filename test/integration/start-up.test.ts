/**
 * The start-up race (issue 8): while the stack adds its demo data, /health and the local routes answer 503
 * "try again shortly"; an early clock move cannot break the seeding or stop the stack, and the demo is
 * complete once it is ready. Its own stack, on a fresh data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noFaults } from '../../infra/local/faults.ts';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { waitFor } from './support/local-stack-client.ts';
import { ownStackPerTest } from './support/own-stack.ts';

describe('Local stack start-up', () => {
  const own = ownStackPerTest();

  it('answers 503 on /health and the local routes while seeding, keeps running, and ends with the whole demo', async () => {
    // Prepare
    const dataDir = await own.dataDir('transfer-desk-start-up-');
    const port = await freeLoopbackPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let ready = false;
    const starting = startLocalStack({
      port,
      dataDir,
      seedDemoData: true,
      sweepIntervalMs: 0,
      handlerLogLevel: 'ERROR',
    }).then((started) => {
      ready = true;
      return own.use(started);
    });

    // Act: once the app's routes answer (a path no route has gives 404, not the 503 of a server without
    // routes), the stack is adding its demo: move the clock and ask for health then.
    await waitFor(
      'the routes to be set',
      async () => {
        const response = await fetch(`${baseUrl}/no/such/page`).catch(() => undefined);
        return response?.status === 404 ? true : undefined;
      },
      120_000,
      50,
    );
    const clockMove = await fetch(`${baseUrl}/local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceDays: 3 }),
    });
    const healthWhileSeeding = await fetch(`${baseUrl}/health`);
    const seedingWhenAsked = !ready;
    const started = await starting;
    const health = await fetch(`${baseUrl}/health`);
    const token = await fetch(`${baseUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'hr', email: 'hr@example.org' }),
    });
    const { token: hrToken } = (await token.json()) as { token: string };
    const transfers = await fetch(`${baseUrl}/api/transfers`, {
      headers: { authorization: `Bearer ${hrToken}` },
    });
    const contracts = await fetch(`${baseUrl}/api/contracts?dueWithinDays=120`, {
      headers: { authorization: `Bearer ${hrToken}` },
    });

    // Assess
    expect(seedingWhenAsked).toBe(true);
    expect(clockMove.status).toBe(503);
    expect(clockMove.headers.get('content-type')).toContain('application/problem+json');
    expect(clockMove.headers.get('retry-after')).toBeTruthy();
    expect(((await clockMove.json()) as { detail: string }).detail).toMatch(/try again shortly/);
    expect(healthWhileSeeding.status).toBe(503);
    expect(await healthWhileSeeding.json()).toMatchObject({ status: 'starting' });
    expect(started.seededDemoData).toBe(true);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      dependencies: { dynamodb: 'ok', stepFunctions: 'ok', ses: 'ok' },
    });
    const { items } = (await transfers.json()) as {
      items: Array<{ name: string; status: string; counts: Record<string, number> }>;
    };
    expect(items).toHaveLength(1);
    expect(items[0]?.status).toBe('launched');
    expect(Object.values(items[0]?.counts ?? {}).reduce((sum, count) => sum + count, 0)).toBe(907);
    expect(contracts.status).toBe(200);
    expect(((await contracts.json()) as { items: unknown[] }).items).toHaveLength(3);
  });

  it('keeps running without the demo when adding it keeps failing, and says so in its log and on /health', async () => {
    // Prepare: every DynamoDB request the app makes is refused (the stack's own table set-up is not)
    const failedDataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-seed-fails-'));
    const lines: string[] = [];
    let failing: LocalStack | undefined;
    try {
      // Act
      failing = await startLocalStack({
        port: 0,
        dataDir: failedDataDir,
        seedDemoData: true,
        seedRetries: 1,
        sweepIntervalMs: 0,
        handlerLogLevel: 'CRITICAL',
        faults: { ...noFaults, dynamodb: 1 },
        log: (line) => lines.push(line),
      });
      const health = await fetch(`${failing.baseUrl}/health`);
      const clock = await fetch(`${failing.baseUrl}/local/clock`);

      // Assess
      expect(failing.seededDemoData).toBe(false);
      expect(lines.filter((line) => line.startsWith('Adding the demo data failed'))).toHaveLength(2);
      expect(lines.some((line) => line.includes('the stack runs without it'))).toBe(true);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'unavailable',
        dependencies: { dynamodb: 'down' },
      });
      expect(clock.status).toBe(200);
    } finally {
      await failing?.stop();
      await rm(failedDataDir, { recursive: true, force: true });
    }
  });
});
