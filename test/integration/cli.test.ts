/**
 * The `transfer-desk` CLI run as a child process against the local stack, the way HR runs it from a
 * clone: a transfer from a JSON file, a 10,000-row roster in chunks, a file with bad rows (their lines
 * named, nothing of their chunk stored), status, launch, the clock and the sweep, and --help everywhere.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { addDays, api, baseUrl, localToday, tokenFor } from './support/local-stack-client.ts';

const bin = fileURLToPath(new URL('../../bin/transfer-desk.mjs', import.meta.url));
const hrEmail = `hr.cli.${randomUUID().slice(0, 8)}@example.org`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `transfer-desk …` with Node 24 (vitest's own) and answers its exit code and output. */
function transferDesk(args: readonly string[], env: Record<string, string> = {}, deadlineMs = 120_000) {
  const { TRANSFER_DESK_TOKEN: _ignored, ...inherited } = process.env;
  const started = Date.now();
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...inherited, TRANSFER_DESK_URL: baseUrl(), TRANSFER_DESK_EMAIL: hrEmail, ...env },
      timeout: deadlineMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString('utf8');
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

describe('Command: transfer-desk', () => {
  let folder: string;
  let hr: ReturnType<typeof api>;
  let today: string;

  const transferFile = async (name: string) => {
    const path = join(folder, `${randomUUID()}.json`);
    await writeFile(path, JSON.stringify(pensionTransferInput(today, addDays, name)));
    return path;
  };

  const createTransfer = async (name: string) => {
    const created = await transferDesk(['create', await transferFile(name)]);
    expect(created.code, created.stderr).toBe(0);
    return created.stdout.trim();
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'transfer-desk-cli-'));
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('prints the help of the program and of every command, each with examples', async () => {
    // Act
    const commands = ['create', 'import', 'launch', 'dates', 'cancel', 'status', 'list', 'clock', 'sweep'];
    const [main, ...each] = await Promise.all([
      transferDesk(['--help']),
      ...commands.map((command) => transferDesk([command, '--help'])),
    ]);

    // Assess
    expect(main?.code).toBe(0);
    expect(main?.stdout).toContain('TRANSFER_DESK_TOKEN');
    each.forEach((help, index) => {
      expect(help?.code).toBe(0);
      expect(help?.stdout).toContain(`Usage: transfer-desk ${commands[index]}`);
      expect(help?.stdout).toContain('$ npx transfer-desk ');
    });
  });

  it('creates a transfer from a JSON file and imports a 10,000-row roster in chunks of 1,000', async () => {
    // Prepare
    const transferId = await createTransfer('Adult social care integration (CLI, 10,000 people)');
    const roster = join(folder, 'roster-10000.csv');
    await writeFile(roster, rosterCsv(rosterRows(10_000)));

    // Act: ~20 s on an idle two-core machine; the deadline leaves room for a busy one
    const imported = await transferDesk(['import', transferId, roster], {}, 240_000);

    // Assess
    console.info(`The CLI imported 10,000 rows in ${imported.seconds.toFixed(1)} s`);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Rows added: 10,000 (the transfer now has 10,000 people)\n');
    expect(imported.stdout).toContain('Rows rejected: 0\n');
    expect(imported.stdout).toContain('Chunks stored: 1–10 of 10\n');
    // Not a terminal here: one progress line a chunk instead of a bar.
    expect(imported.stderr).toContain('Sent chunk 10 of 10: 10,000 of 10,000 rows\n');
    const transfer = await hr.get(`/api/transfers/${transferId}`);
    expect(transfer.json.total).toBe(10_000);
    expect(transfer.json.status).toBe('draft');
  });

  it('names the file lines of bad rows and stores nothing of the chunk they are in', async () => {
    // Prepare: 2,500 people; row 1,004 (line 1005) and row 1,501 (line 1502) in chunk 2 are wrong
    const transferId = await createTransfer('Adult social care integration (CLI, bad rows)');
    const people = rosterRows(2500);
    const lines = rosterCsv(people).split('\r\n');
    lines[1004] = lines[1004]?.replace('@example.org', '.example.org') ?? '';
    lines[1501] = lines[1501]?.replace(',permanent,', ',casual,') ?? '';
    const roster = join(folder, 'roster-bad-rows.csv');
    await writeFile(roster, lines.join('\r\n'));

    // Act
    const imported = await transferDesk(['import', transferId, roster]);

    // Assess
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('Rows added: 1,500 (the transfer now has 1,500 people)\n');
    expect(imported.stdout).toContain('Rows rejected: 1,000, in 1 chunk with problems in 2 rows');
    expect(imported.stdout).toContain('Chunks stored: 1, 3 of 3\n');
    expect(imported.stdout).toContain('Chunk 2 rejected (lines 1002–2001): nothing from it was stored\n');
    expect(imported.stdout).toMatch(/\n {2}line 1005, email: .+\n {2}line 1502, contractType: .+\n/);
    const transfer = await hr.get(`/api/transfers/${transferId}`);
    expect(transfer.json.total).toBe(1500);
    // A good row of the rejected chunk is not stored; a row of a stored chunk is.
    const inRejectedChunk = await hr.get(
      `/api/transfers/${transferId}/staff/${people[1000]?.employeeNumber}`,
    );
    const inStoredChunk = await hr.get(`/api/transfers/${transferId}/staff/${people[2000]?.employeeNumber}`);
    expect(inRejectedChunk.status).toBe(404);
    expect(inStoredChunk.status).toBe(200);
  });

  it('imports in chunks of a chosen size, shows the status, launches, and lists with a given token', async () => {
    // Prepare
    const transferId = await createTransfer('Adult social care integration (CLI, launch)');
    const roster = join(folder, 'roster-12.csv');
    await writeFile(roster, rosterCsv(rosterRows(12)));

    // Act
    const imported = await transferDesk(['import', transferId, roster, '--chunk-size', '5']);
    const draft = await transferDesk(['status', transferId]);
    const launched = await transferDesk(['launch', transferId]);
    const status = await transferDesk(['status', transferId, '--json']);
    const listed = await transferDesk(['list'], { TRANSFER_DESK_TOKEN: await tokenFor('hr', hrEmail) });

    // Assess
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Chunks stored: 1–3 of 3\n');
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('Status:           draft\n');
    expect(draft.stdout).toContain('People:           12\n');
    expect(launched.code, launched.stderr).toBe(0);
    expect(launched.stdout).toBe(`Launched transfer ${transferId}: the invitations are being sent\n`);
    const answer = JSON.parse(status.stdout);
    expect(answer).toMatchObject({ id: transferId, status: 'launched', total: 12 });
    expect(answer.milestones.map((milestone: { kind: string }) => milestone.kind)).toContain('transfer-day');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`\\n${transferId} +launched +${addDays(today, 70)} +12 +`));
  });

  it('moves the dates of a launched transfer, then cancels it only once confirmed', async () => {
    // Prepare
    const transferId = await createTransfer('Adult social care integration (CLI, dates and cancel)');
    const roster = join(folder, 'roster-3.csv');
    await writeFile(roster, rosterCsv(rosterRows(3)));
    expect((await transferDesk(['import', transferId, roster])).code).toBe(0);
    expect((await transferDesk(['launch', transferId])).code).toBe(0);
    const newDate = addDays(today, 90);

    // Act
    const moved = await transferDesk(['dates', transferId, '--transfer-date', newDate]);
    const refused = await transferDesk(['dates', transferId, '--election-closes-on', addDays(today, 120)]);
    const unconfirmed = await transferDesk(['cancel', transferId]);
    const cancelled = await transferDesk(['cancel', transferId, '--yes']);

    // Assess
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`transfer date ${newDate}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('electionClosesOn: The election must close before the transfer date');
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('run it again with --yes');
    expect(cancelled.code, cancelled.stderr).toBe(0);
    const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
    expect(transfer).toMatchObject({ status: 'cancelled', transferDate: newDate });
  });

  it('reads and moves the local clock, and runs the sweep', async () => {
    // Act
    const shown = await transferDesk(['clock']);
    const moved = await transferDesk(['clock', '--advance-days', '0']);
    const swept = await transferDesk(['sweep']);

    // Assess
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /^The local clock reads \w+day \d{1,2} \w+ \d{4} at .+ in London \(.+Z\)\n$/,
    );
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/^The local clock now reads /);
    expect(swept.code, swept.stderr).toBe(0);
    expect(swept.stdout).toMatch(
      /^(Nothing was due: the sweep started no workflows|The sweep started .+)\n$/,
    );
  });

  it('explains an API refusal: a transfer that does not exist', async () => {
    // Act
    const missing = await transferDesk(['status', `no-such-${randomUUID()}`]);

    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: .+ \(404\)\n {2}.+\n$/);
  });
});
