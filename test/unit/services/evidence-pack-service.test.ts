import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TransferNotification } from '../../../functions/adapters/email-ledger.ts';
import type { EvidenceBucket } from '../../../functions/adapters/evidence-bucket.ts';
import type { EvidencePackRepository } from '../../../functions/adapters/evidence-pack-repository.ts';
import type { WorkflowInput } from '../../../functions/adapters/start-workflow.ts';
import type { Actor } from '../../../functions/domain/actor.ts';
import { EvidencePackNotFoundError, TransferNotFoundError } from '../../../functions/domain/errors.ts';
import { type EvidencePack, visitPackId } from '../../../functions/domain/evidence-pack.ts';
import type { StaffCase } from '../../../functions/domain/transfer.ts';
import { evidencePackService } from '../../../functions/services/evidence-pack-service.ts';
import type { EvidenceRecord, RecordedPack } from '../../../functions/services/evidence-service.ts';
import { evidencePackRendering } from '../../../functions/web/evidence/evidence-pack-files.ts';
import * as z from '../../../functions/zod.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';
import { zipEntries } from '../../fixtures/zip-entries.ts';

const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };

/** Objects in memory; an upload reads its stream to the end, as S3's multipart upload does. */
function memoryBucket() {
  const objects = new Map<string, Buffer>();
  const bucket: EvidenceBucket = {
    async put(key, body) {
      objects.set(key, body);
    },
    async get(key) {
      const found = objects.get(key);
      if (!found) throw new Error(`NoSuchKey ${key}`);
      return found;
    },
    async upload(key, body: Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      objects.set(key, Buffer.concat(chunks));
    },
    async downloadLink(key, fileName, expiresInSeconds) {
      return `https://bucket.example/${key}?download=${fileName}&expires=${expiresInSeconds}`;
    },
  };
  return { bucket, objects };
}

function memoryPacks() {
  const packs = new Map<string, EvidencePack & { done: Set<number> }>();
  const repository: Pick<
    EvidencePackRepository,
    'create' | 'get' | 'list' | 'shardWritten' | 'ready' | 'failed'
  > = {
    async create(pack) {
      // As the table's condition: a pack of that id already stored is left as it is.
      if (packs.has(pack.packId)) return false;
      packs.set(pack.packId, { ...pack, status: 'building', shardsDone: 0, done: new Set() });
      return true;
    },
    async get(_transferId, packId) {
      const found = packs.get(packId);
      if (!found) return undefined;
      const { done, ...pack } = found;
      return { ...pack, shardsDone: done.size };
    },
    async list(transferId) {
      return [...packs.values()]
        .filter((pack) => pack.transferId === transferId)
        .map(({ packId, status, requestedAt, finishedAt }) => ({
          packId,
          status,
          requestedAt,
          ...(finishedAt ? { finishedAt } : {}),
        }));
    },
    async shardWritten(_transferId, packId, shard) {
      packs.get(packId)?.done.add(shard);
    },
    async ready(_transferId, packId, done) {
      Object.assign(packs.get(packId) ?? {}, { status: 'ready', ...done });
    },
    async failed(_transferId, packId, finishedAt, reason) {
      const found = packs.get(packId);
      if (found && found.status !== 'ready') Object.assign(found, { status: 'failed', finishedAt, reason });
    },
  };
  return { repository, packs };
}

const pdf = Buffer.from('%PDF-1.7 summary');

function setUp(peopleCount: number, inlineLimit?: number) {
  const transfer = storedTransfer({ nextRosterIndex: peopleCount, total: peopleCount });
  const people: StaffCase[] = Array.from({ length: peopleCount }, (_, index) =>
    staffCase({
      transferId: transfer.id,
      employeeNumber: `E${1000 + index}`,
      name: `Person ${index + 1}`,
      shard: Math.floor(index / 100),
      history: [{ at: '2026-05-02T09:00:00.000Z', by: hr.id, action: 'imported', to: 'imported' }],
    }),
  );
  const invitation = (person: StaffCase): TransferNotification => ({
    employeeKey: person.employeeNumber,
    claimedAt: '2026-05-03T09:00:00.000Z',
    purpose: 'invitation',
    to: person.email,
    subject: 'Choose your pension scheme',
    status: 'delivered',
    sentAt: '2026-05-03T09:00:01.000Z',
  });
  const { bucket, objects } = memoryBucket();
  const { repository, packs } = memoryPacks();
  const started: Array<{ workflow: string; name: string; input: WorkflowInput }> = [];
  const recorded: Array<Omit<RecordedPack, 'at'> & { readyWhenRecorded: boolean }> = [];
  const service = evidencePackService({
    transfers: {
      header: async (id) => {
        if (id !== transfer.id) throw new TransferNotFoundError(`No transfer ${id}`);
        return transfer;
      },
    },
    cases: { loadShard: async (_id, shard) => people.filter((person) => person.shard === shard) },
    ledger: {
      inFullForPerson: async (_id, key) =>
        people.filter((person) => person.employeeNumber === key).map(invitation),
    },
    packs: repository,
    bucket,
    evidence: {
      gather: async () =>
        ({
          transfer,
          milestones: [],
          audit: [],
          integrity: { intact: true, events: 0, unchained: 0, head: null },
          cases: people,
          notifications: people.map(invitation),
          consultations: [],
          generatedAt: '2026-05-04T09:00:00.000Z',
        }) satisfies EvidenceRecord,
      recordPack: async (_id, pack) => {
        recorded.push({ ...pack, readyWhenRecorded: [...packs.values()].some((p) => p.status === 'ready') });
      },
    },
    startWorkflow: async (workflow, name, input) => {
      started.push({ workflow, name, input });
      return { executionArn: `arn:${name}`, alreadyStarted: false };
    },
    clock: fixedClock('2026-05-04T09:00:00.000Z'),
    newId: randomUUID,
    ...(inlineLimit === undefined ? {} : { inlineLimit }),
  });
  const rendering = evidencePackRendering(async () => pdf);
  return { service, transfer, people, objects, started, recorded, rendering, packs };
}

describe('Service: evidencePackService', () => {
  it('starts the pack workflow with ids only, under a name made of the pack id', async () => {
    // Prepare
    const { service, transfer, started } = setUp(250);

    // Act
    const pack = await service.request(transfer.id, hr);

    // Assess
    expect(pack).toMatchObject({
      id: pack.packId,
      status: 'building',
      progress: { shardsDone: 0, shardsTotal: 3, percent: 0 },
    });
    expect(started).toEqual([
      {
        workflow: 'build-evidence-pack',
        name: `evidence-pack-${pack.packId}`,
        input: { transferId: transfer.id, packId: pack.packId },
      },
    ]);
  });

  it('builds a ZIP of the summary, one page a person and people.csv, audited with its SHA-256 before it is ready', async () => {
    // Prepare
    const { service, transfer, people, objects, recorded, rendering } = setUp(250);
    const { packId } = await service.request(transfer.id, hr);
    const { shards } = await service.prepare(transfer.id, packId);

    // Act
    for (const shard of shards) await service.writeShard(transfer.id, packId, shard, rendering);
    await service.writeShard(transfer.id, packId, 1, rendering);
    const assembled = await service.assemble(transfer.id, packId, rendering);
    const pack = await service.status(transfer.id, packId);

    // Assess
    const zip = objects.get(`packs/${transfer.id}/${packId}.zip`) ?? Buffer.alloc(0);
    const entries = zipEntries(zip);
    expect(entries[0]).toEqual({ name: 'evidence-summary.pdf', data: pdf });
    expect(entries.filter((entry) => entry.name.startsWith('people/'))).toHaveLength(250);
    const page = entries.find((entry) => entry.name === 'people/E1007.html')?.data.toString('utf8');
    expect(page).toContain('E1007 – Person 8');
    expect(page).toContain(people[7]?.email);
    const csv = entries.find((entry) => entry.name === 'people.csv')?.data.toString('utf8') ?? '';
    expect(csv.trim().split('\n')).toHaveLength(251);
    const sha256 = createHash('sha256').update(zip).digest('hex');
    expect(assembled).toEqual({ people: 250, bytes: zip.length });
    expect(pack).toMatchObject({
      status: 'ready',
      sha256,
      bytes: zip.length,
      people: 250,
      progress: { shardsDone: 3, shardsTotal: 3, percent: 100 },
    });
    expect(pack.url).toContain(`packs/${transfer.id}/${packId}.zip`);
    expect(recorded).toEqual([
      expect.objectContaining({ by: hr.id, format: 'zip', sha256, readyWhenRecorded: false }),
    ]);
  });

  it('fails the assembly, marking nothing ready, when a shard part is missing', async () => {
    // Prepare
    const { service, transfer, recorded, rendering } = setUp(150);
    const { packId } = await service.request(transfer.id, hr);
    await service.writeShard(transfer.id, packId, 0, rendering);

    // Act
    const assembling = service.assemble(transfer.id, packId, rendering);

    // Assess
    await expect(assembling).rejects.toThrow(/NoSuchKey/);
    expect((await service.status(transfer.id, packId)).status).toBe('building');
    expect(recorded).toEqual([]);
  });

  it('keeps a ready pack ready when a late failure is recorded', async () => {
    // Prepare
    const { service, transfer, rendering } = setUp(0);
    const { packId } = await service.request(transfer.id, hr);
    await service.assemble(transfer.id, packId, rendering);

    // Act
    await service.fail(transfer.id, packId, 'late');

    // Assess
    expect((await service.status(transfer.id, packId)).status).toBe('ready');
  });

  it('refuses an unknown pack, and an unknown transfer before any pack', async () => {
    // Prepare
    const { service, transfer } = setUp(1);

    // Act and Assess
    await expect(service.status(transfer.id, randomUUID())).rejects.toBeInstanceOf(EvidencePackNotFoundError);
    await expect(service.status(randomUUID(), randomUUID())).rejects.toBeInstanceOf(TransferNotFoundError);
    await expect(service.request(randomUUID(), hr)).rejects.toBeInstanceOf(TransferNotFoundError);
  });

  it('serves inline up to 1,000 people, starting nothing', async () => {
    // Prepare
    const { service, transfer, started } = setUp(1_000);

    // Act
    const pack = await service.zipPackFor(transfer.id, hr);

    // Assess
    expect(pack).toBeUndefined();
    expect(started).toEqual([]);
  });

  it('starts a ZIP pack beyond the limit once, then gives that pack again while it builds', async () => {
    // Prepare
    const { service, transfer, started } = setUp(3, 2);

    // Act
    const first = await service.zipPackFor(transfer.id, hr);
    const again = await service.zipPackFor(transfer.id, hr);

    // Assess
    expect(first).toEqual({ packId: expect.any(String), reused: false });
    expect(again).toEqual({ packId: first?.packId, reused: true });
    expect(started).toEqual([
      {
        workflow: 'build-evidence-pack',
        name: `evidence-pack-${first?.packId}`,
        input: { transferId: transfer.id, packId: first?.packId },
      },
    ]);
  });

  it('gives the pack again once it is ready', async () => {
    // Prepare
    const { service, transfer, started, rendering } = setUp(3, 2);
    const first = (await service.zipPackFor(transfer.id, hr))?.packId ?? '';
    await service.writeShard(transfer.id, first, 0, rendering);
    await service.assemble(transfer.id, first, rendering);

    // Act
    const whenReady = await service.zipPackFor(transfer.id, hr);

    // Assess
    expect(whenReady).toEqual({ packId: first, reused: true });
    expect(started).toHaveLength(1);
  });

  it('starts one pack for fifty GETs at once that find none, and sends them all to it', async () => {
    // Prepare
    const { service, transfer, started, packs } = setUp(3, 2);

    // Act
    const answers = await Promise.all(Array.from({ length: 50 }, () => service.zipPackFor(transfer.id, hr)));

    // Assess
    const packIds = new Set(answers.map((answer) => answer?.packId));
    expect(packIds.size).toBe(1);
    expect(packs.size).toBe(1);
    expect(answers.filter((answer) => answer?.reused === false)).toHaveLength(1);
    // Each GET that found the pack stored asks for its run too: the run's name makes all but one a no-op.
    expect(new Set(started.map((start) => start.name))).toEqual(
      new Set([`evidence-pack-${[...packIds][0]}`]),
    );
  });

  it("gives a pack id of a UUID's shape, the same for the same packs read and another once one is added", () => {
    // Act
    const first = visitPackId('t-1', []);
    const again = visitPackId('t-1', []);
    const afterOne = visitPackId('t-1', [first]);
    const otherTransfer = visitPackId('t-2', []);
    const orderRead = [visitPackId('t-1', ['a', 'b']), visitPackId('t-1', ['b', 'a'])];

    // Assess
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The pack's workflow steps take only UUIDs.
    expect(z.uuid().safeParse(first).success).toBe(true);
    expect(again).toBe(first);
    expect(new Set([first, afterOne, otherTransfer]).size).toBe(3);
    expect(orderRead[0]).toBe(orderRead[1]);
  });

  it('starts a new pack when the one before failed', async () => {
    // Prepare
    const { service, transfer, started } = setUp(3, 2);
    const first = (await service.zipPackFor(transfer.id, hr))?.packId ?? '';
    await service.fail(transfer.id, first, 'The summary could not be rendered');

    // Act
    const next = await service.zipPackFor(transfer.id, hr);

    // Assess
    expect(next).toEqual({ packId: expect.any(String), reused: false });
    expect(next?.packId).not.toBe(first);
    expect(started).toHaveLength(2);
  });

  it('answers an unknown transfer with TransferNotFoundError, starting nothing', async () => {
    // Prepare
    const { service, started } = setUp(3, 2);

    // Act and Assess
    await expect(service.zipPackFor(randomUUID(), hr)).rejects.toBeInstanceOf(TransferNotFoundError);
    expect(started).toEqual([]);
  });
});
