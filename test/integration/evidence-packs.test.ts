/**
 * The evidence pack of a 5,000-person transfer through the asynchronous route (DESIGN §6): the roster is
 * imported through the API (not launched: sending 5,000 invitations takes minutes on a shared 2-core
 * machine, and the per-person pages are the same files with or without emails), HR asks for the pack, polls it until ready, downloads the ZIP from
 * its pre-signed S3 link (the local stack's s3rver) and reads it back: the summary PDF, one page a person,
 * people.csv, the SHA-256 the API gave, and the pack recorded in the audit history. Then bad input and the
 * same request sent twice with one Idempotency-Key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { personFileName } from '../../functions/domain/evidence-pack.ts';
import { pensionTransferInput, type RosterRowFixture, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { type ZipEntry, zipEntries } from '../fixtures/zip-entries.ts';
import { addDays, api, baseUrl, localToday, tokenFor, waitFor } from './support/local-stack-client.ts';
import { pdfText } from './support/pdf-text.ts';

const rosterSize = 5_000;
const importChunk = 1_000;

interface PackAnswer {
  packId: string;
  id: string;
  status: 'building' | 'ready' | 'failed';
  progress: { shardsDone: number; shardsTotal: number; percent: number };
  people?: number;
  bytes?: number;
  sha256?: string;
  url?: string;
  urlExpiresAt?: string;
  reason?: string;
}

describe('Journey: HR gets the evidence pack of a 5,000-person transfer as a ZIP from S3', () => {
  let hr: ReturnType<typeof api>;
  let hrToken: string;
  let transferId: string;
  let people: RosterRowFixture[];
  const name = `Evidence packs test ${randomUUID().slice(0, 8)}`;
  let requested: { status: number; location: string | null; pack: PackAnswer };
  let ready: PackAnswer;
  let zip: Buffer;
  let entries: ZipEntry[];
  let packSeconds: number;

  const requestPack = (key: string = randomUUID(), id = transferId, caller = hr) =>
    caller.raw('POST', `/api/transfers/${id}/evidence-packs`, {}, 'application/json', {
      'idempotency-key': key,
    });

  beforeAll(async () => {
    const setupStarted = Date.now();
    hrToken = await tokenFor('hr', 'hr.packs@example.org');
    hr = api(hrToken);
    const today = await localToday();
    people = rosterRows(rosterSize);
    transferId = (await hr.post('/api/transfers', pensionTransferInput(today, addDays, name))).json.id;
    // In chunks of 1,000 rows, as the CLI sends them: each well inside the import's 29 s.
    for (let from = 0; from < rosterSize; from += importChunk) {
      const chunk = people.slice(from, from + importChunk);
      const imported = await hr.post(`/api/transfers/${transferId}/staff`, rosterCsv(chunk), 'text/csv');
      expect(imported.status, imported.text).toBe(200);
    }
    console.info(`Imported ${rosterSize} people in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
    const started = Date.now();
    const answer = await requestPack();
    requested = { status: answer.status, location: answer.headers.get('location'), pack: answer.json };
    ready = await waitFor(
      'the pack to be ready',
      async () => {
        const pack = (await hr.get(requested.location ?? '')).json as PackAnswer;
        if (pack.status === 'failed') throw new Error(`The pack failed: ${pack.reason}`);
        return pack.status === 'ready' ? pack : undefined;
      },
      240_000,
      500,
    );
    packSeconds = (Date.now() - started) / 1000;
    const download = await fetch(ready.url ?? '');
    expect(download.status).toBe(200);
    zip = Buffer.from(await download.arrayBuffer());
    entries = zipEntries(zip);
    console.info(
      `Evidence pack of ${rosterSize} people: ready in ${packSeconds.toFixed(1)} s, ` +
        `${(zip.length / 1024 / 1024).toFixed(2)} MB, ${entries.length} files`,
    );
  }, 600_000);

  it('starts the pack with 202, its id and status, and a Location to follow', () => {
    // Assess
    expect(requested.status).toBe(202);
    expect(requested.pack).toMatchObject({ status: 'building', id: requested.pack.packId });
    expect(requested.pack.progress.shardsTotal).toBe(rosterSize / 100);
    expect(requested.location).toBe(`/api/transfers/${transferId}/evidence-packs/${requested.pack.packId}`);
  });

  it('reports the pack ready with its size, SHA-256 and a pre-signed link that opens', () => {
    // Assess
    expect(ready).toMatchObject({
      status: 'ready',
      people: rosterSize,
      bytes: zip.length,
      progress: { shardsDone: 50, shardsTotal: 50, percent: 100 },
    });
    expect(ready.url).toMatch(/X-Amz-Signature=/);
    expect(ready.url).toMatch(/X-Amz-Expires=900/);
    expect(createHash('sha256').update(zip).digest('hex')).toBe(ready.sha256);
  });

  it('holds the summary PDF, which names the transfer and says where the people are', async () => {
    // Act
    const summary = entries.find((entry) => entry.name === 'evidence-summary.pdf');
    const text = await pdfText(summary?.data ?? Buffer.alloc(0));

    // Assess
    expect(summary?.data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain(name);
    expect(text).toContain(
      `Each of the ${rosterSize.toLocaleString('en-GB')} people has a file of their own`,
    );
    expect(text).not.toContain(`${people[1]?.employeeNumber} – ${people[1]?.name}`);
  });

  it('holds one page for every person, with their case history, and people.csv listing each of them', () => {
    // Prepare
    const files = new Map(entries.map((entry) => [entry.name, entry.data]));

    // Act
    const csv = parse((files.get('people.csv') ?? Buffer.alloc(0)).toString('utf8'), {
      bom: true,
      columns: true,
    }) as Array<Record<string, string>>;

    // Assess
    for (const person of people) {
      const page = files.get(personFileName(person.employeeNumber))?.toString('utf8') ?? '';
      expect(page, person.employeeNumber).toContain(`<h1>${name}</h1>`);
      expect(page, person.employeeNumber).toContain(person.employeeNumber);
    }
    const sample = files.get(personFileName(people[4]?.employeeNumber ?? ''))?.toString('utf8') ?? '';
    expect(sample).toContain(`${people[4]?.employeeNumber} – Person 5`);
    expect(sample).toContain(people[4]?.jobTitle);
    expect(sample).toContain(`No notifications recorded for ${people[4]?.employeeNumber}`);
    expect(entries.filter((entry) => entry.name.startsWith('people/'))).toHaveLength(rosterSize);
    expect(csv).toHaveLength(rosterSize);
    expect(new Set(csv.map((row) => row['Employee number']))).toEqual(
      new Set(people.map((person) => person.employeeNumber)),
    );
  });

  it('records the pack in the audit history with the SHA-256 of the ZIP', async () => {
    // Act
    const verified = (await hr.get(`/api/transfers/${transferId}/evidence/verify`)).json as {
      intact: boolean;
      packs: Array<{ format: string; sha256: string; by: string }>;
    };

    // Assess
    expect(verified.intact).toBe(true);
    expect(verified.packs).toContainEqual(
      expect.objectContaining({ format: 'zip', sha256: ready.sha256, by: 'hr.packs@example.org' }),
    );
  });

  it('answers the inline evidence route of this transfer with 303 to the pack made within the hour', async () => {
    // Act
    const answer = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence`, {
      headers: { authorization: `Bearer ${hrToken}` },
      redirect: 'manual',
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(
      `/api/transfers/${transferId}/evidence-packs/${ready.packId}`,
    );
  });

  it('refuses an unknown transfer, another role and an unknown pack, starting nothing', async () => {
    // Prepare
    const manager = api(await tokenFor('manager', 'manager.packs@example.org'));

    // Act
    const unknownTransfer = await requestPack(randomUUID(), randomUUID());
    const asManager = await requestPack(randomUUID(), transferId, manager);
    const managerReads = await manager.get(`/api/transfers/${transferId}/evidence-packs/${ready.packId}`);
    const unknownPack = await hr.get(`/api/transfers/${transferId}/evidence-packs/${randomUUID()}`);
    const malformedPack = await hr.get(`/api/transfers/${transferId}/evidence-packs/not%20a%20pack`);

    // Assess
    expect(unknownTransfer.status).toBe(404);
    expect(asManager.status).toBe(403);
    expect(managerReads.status).toBe(403);
    expect(unknownPack.status).toBe(404);
    expect(unknownPack.headers.get('content-type')).toContain('application/problem+json');
    expect(malformedPack.status).toBe(404);
  });
});

describe('Journey: the evidence pack of a transfer with no one on the roster yet', () => {
  let hr: ReturnType<typeof api>;
  let hrToken: string;
  let transferId: string;
  const requestPack = (key: string) =>
    hr.raw('POST', `/api/transfers/${transferId}/evidence-packs`, {}, 'application/json', {
      'idempotency-key': key,
    });

  beforeAll(async () => {
    hrToken = await tokenFor('hr', 'hr.packs@example.org');
    hr = api(hrToken);
    const today = await localToday();
    const name = `Empty pack test ${randomUUID().slice(0, 8)}`;
    transferId = (await hr.post('/api/transfers', pensionTransferInput(today, addDays, name))).json.id;
  });

  it('builds a ZIP of the summary and an empty people.csv', async () => {
    // Act
    const requested = await hr.post(`/api/transfers/${transferId}/evidence-packs`);
    const ready = await waitFor('the empty pack', async () => {
      const pack = (await hr.get(requested.headers.get('location') ?? '')).json as PackAnswer;
      return pack.status === 'ready' ? pack : undefined;
    });
    const zip = Buffer.from(await (await fetch(ready.url ?? '')).arrayBuffer());

    // Assess
    expect(ready).toMatchObject({ people: 0, progress: { shardsTotal: 0, percent: 100 } });
    expect(zipEntries(zip).map((entry) => entry.name)).toEqual(['evidence-summary.pdf', 'people.csv']);
  });

  it('starts one pack for the same request sent twice with one Idempotency-Key', async () => {
    // Prepare
    const key = randomUUID();

    // Act
    const first = await requestPack(key);
    const second = await requestPack(key);

    // Assess
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.json.packId).toBe(first.json.packId);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
  });
});
