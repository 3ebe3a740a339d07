/**
 * `kill -9` mid-launch (issue 8): the whole stack, run as a child process, is killed with SIGKILL while
 * its 1,000 invitations are going out; started again on the same data, with the clock moved past the email
 * claims' lifetime and a sweep, every person has exactly one invitation: nobody lost, nobody doubled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../infra/local/free-port.ts';
import { addDays, deskClient, type OutboxEmail } from '../chaos/desk-client.ts';
import { type StackProcess, startStackProcess, waitForDynamoDbLocalGone } from '../chaos/stack-process.ts';
import { pensionTransferInput, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { waitFor } from './support/local-stack-client.ts';

const people = 1_000;
const invitation = /^Choose your pension scheme by /;

describe('kill -9 of the whole stack mid-launch', () => {
  let stack: StackProcess | undefined;
  let dataDir = '';

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('invites every person exactly once after a restart on the same data', async () => {
    // Prepare
    dataDir = await mkdtemp(join(tmpdir(), 'transfer-desk-kill-'));
    const port = await freeLoopbackPort();
    stack = await startStackProcess({ dataDir, port });
    const desk = deskClient(() => `http://127.0.0.1:${port}`, { retryForMs: 120_000 });
    let hr = await desk.token('hr', 'hr.kill@example.org');
    const rows = rosterRows(people);
    const addresses = new Set(rows.map((row) => row.email));
    const ours = (emails: OutboxEmail[]) =>
      emails.filter((email) => invitation.test(email.subject) && email.to.some((to) => addresses.has(to)));
    const created = await desk.post(
      hr,
      '/api/transfers',
      pensionTransferInput(await desk.today(), addDays, 'Killed mid-launch'),
      [201],
    );
    const transferId = (created.json as { id: string }).id;
    expect((await desk.postCsv(hr, `/api/transfers/${transferId}/staff`, rosterCsv(rows))).status).toBe(200);

    // Act: launch, and kill everything once some invitations but not all have gone out.
    await desk.post(hr, `/api/transfers/${transferId}/launch`, {}, [202]);
    const sentBeforeKill = await waitFor(
      'some invitations',
      async () => {
        const count = ours(await desk.outbox()).length;
        return count >= 50 ? count : undefined;
      },
      180_000,
      100,
    );
    await stack.killHard();
    stack = undefined;
    await waitForDynamoDbLocalGone(dataDir);
    stack = await startStackProcess({ dataDir, port });
    hr = await desk.token('hr', 'hr.kill@example.org');
    const keptAcrossRestart = ours(await desk.outbox()).length;
    await desk.moveClockTo(addDays(await desk.today(), 1));
    await desk.sweep();
    await waitFor(
      `all ${people} invited`,
      async () => {
        const reached = new Set(ours(await desk.outbox()).flatMap((email) => email.to));
        if (reached.size === people) return true;
        await desk.sweep();
        return undefined;
      },
      180_000,
      2_000,
    ).catch(() => false);
    const perPerson = new Map<string, number>();
    for (const email of ours(await desk.outbox())) {
      for (const to of email.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
    }
    const lost = rows.filter((row) => (perPerson.get(row.email) ?? 0) === 0).length;
    const doubled = rows.filter((row) => (perPerson.get(row.email) ?? 0) > 1).length;

    // Assess
    expect(sentBeforeKill, 'killed part-way through the invitations').toBeLessThan(people);
    expect(keptAcrossRestart).toBeGreaterThanOrEqual(sentBeforeKill);
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
  });
});
