/**
 * The evidence pack of a transfer of any size, built in S3 as a ZIP by the `build-evidence-pack` workflow:
 * HR asks for it (the pack's record, then the workflow), each shard's people are written to a part (one
 * HTML file a person and their CSV rows), then one step streams the summary PDF, every part and
 * `people.csv` into a ZIP by multipart upload, hashing it on the way, records it in the audit history with
 * its SHA-256 and marks it ready; HR gets a pre-signed link to it. HR's side (asking, progress, the link)
 * is evidence-pack-requests.ts, which the functions that only ask and report are built from.
 *
 * Memory, at 50,000 people (500 shards): a shard step holds one shard (100 people's files, ≈ 0.5 MB); the
 * assembly holds the evidence record the summary is made from (as the inline pack does), one part at a
 * time with the next being read, `people.csv` (≈ 8 MB) and the upload's two 8 MB parts.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { type Archiver, type ProgressData, ZipArchive } from 'archiver';
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { EmailLedger, TransferNotification } from '../adapters/email-ledger.ts';
import type { EvidenceBucket } from '../adapters/evidence-bucket.ts';
import type { EvidencePackRepository } from '../adapters/evidence-pack-repository.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import {
  evidencePackKey,
  evidencePartKey,
  peopleCsvFileName,
  summaryFileName,
} from '../domain/evidence-pack.ts';
import { employeeKey } from '../domain/roster.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import {
  type EvidencePackRequestDependencies,
  type EvidencePackRequests,
  evidencePackRequests,
  packOrThrow,
} from './evidence-pack-requests.ts';
import { contentDigestOf, type EvidenceRecord, type EvidenceService } from './evidence-service.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** One shard's share of the pack: a file a person, and a CSV row a person. */
export interface EvidencePackPart {
  files: Array<{ name: string; text: string }>;
  rows: string[][];
}

/** What the web layer makes of the records: given by the step handlers, so this service holds no templates. */
export interface EvidencePackRendering {
  shard(part: {
    transfer: TransferHeader;
    cases: StaffCase[];
    notifications: TransferNotification[];
    generatedAt: string;
  }): EvidencePackPart;
  /** The pack without its per-person pages, as a PDF. */
  summaryPdf(record: EvidenceRecord, contentSha256: string): Promise<Buffer>;
  /** `people.csv` from every shard's rows, header first. */
  peopleCsv(rows: string[][]): string;
}

export interface EvidencePackBuildingDependencies {
  transfers: Pick<TransferRepository, 'header'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'inFullForPerson'>;
  packs: Pick<EvidencePackRepository, 'get' | 'shardWritten' | 'ready' | 'failed'>;
  bucket: EvidenceBucket;
  evidence: Pick<EvidenceService, 'gather' | 'recordPack'>;
  clock: Clock;
}

export interface EvidencePackServiceDependencies
  extends EvidencePackRequestDependencies,
    EvidencePackBuildingDependencies {
  packs: Pick<EvidencePackRepository, 'create' | 'get' | 'list' | 'shardWritten' | 'ready' | 'failed'>;
  bucket: EvidenceBucket;
}

/** The workflow's steps: the shard numbers; one shard's part; the ZIP; a failure recorded. */
export interface EvidencePackBuilding {
  prepare(transferId: string, packId: string): Promise<{ shards: number[] }>;
  writeShard(
    transferId: string,
    packId: string,
    shard: number,
    render: EvidencePackRendering,
  ): Promise<{ people: number }>;
  assemble(
    transferId: string,
    packId: string,
    render: EvidencePackRendering,
  ): Promise<{ people: number; bytes: number }>;
  fail(transferId: string, packId: string, reason: string): Promise<void>;
}

export interface EvidencePackService extends EvidencePackRequests, EvidencePackBuilding {}

/** A shard step's email reads in flight: one query a person, 100 people a shard. */
const emailReadsAtOnce = 10;

/** Parts in flight while the ZIP is written: the one being zipped and the next being read. */
const partsAhead = 1;

/** A stream that passes bytes on unchanged and counts and hashes them: what S3 stores is what is hashed. */
function hashingStream() {
  // A running hash over the stream: audit-chain's sha256Hex takes the whole text at once.
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}

/** Resolves once archiver has written every entry appended so far: one part at a time is held. */
function entriesWritten(archive: Archiver, appended: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (progress: ProgressData) => {
      if (progress.entries.processed < appended) return;
      archive.off('progress', check);
      archive.off('error', reject);
      resolve();
    };
    archive.on('progress', check);
    archive.once('error', reject);
    if (appended === 0)
      check({ entries: { processed: 0, total: 0 }, fs: { processedBytes: 0, totalBytes: 0 } });
  });
}

/** HR's side and the workflow's steps in one: what the local stack's pages and the tests are given. */
export function evidencePackService(dependencies: EvidencePackServiceDependencies): EvidencePackService {
  return { ...evidencePackRequests(dependencies), ...evidencePackBuilding(dependencies) };
}

export function evidencePackBuilding({
  transfers,
  cases,
  ledger,
  packs,
  bucket,
  evidence,
  clock,
}: EvidencePackBuildingDependencies): EvidencePackBuilding {
  const packOf = packOrThrow(packs);
  return {
    async prepare(transferId, packId) {
      const pack = await packOf(transferId, packId);
      return { shards: Array.from({ length: pack.shardsTotal }, (_, shard) => shard) };
    },

    async writeShard(transferId, packId, shard, render) {
      const pack = await packOf(transferId, packId);
      const [transfer, people] = await Promise.all([
        transfers.header(transferId),
        cases.loadShard(transferId, shard),
      ]);
      // A query a person, a few at a time: ten shards run at once, and they share the account's table.
      const notifications: TransferNotification[] = [];
      for (let from = 0; from < people.length; from += emailReadsAtOnce) {
        const batch = people.slice(from, from + emailReadsAtOnce);
        const emails = await Promise.all(
          batch.map((person) => ledger.inFullForPerson(transferId, employeeKey(person.employeeNumber))),
        );
        notifications.push(...emails.flat());
      }
      const part = render.shard({ transfer, cases: people, notifications, generatedAt: pack.requestedAt });
      await bucket.put(
        evidencePartKey(transferId, packId, shard),
        await gzipAsync(JSON.stringify(part)),
        'application/gzip',
      );
      await packs.shardWritten(transferId, packId, shard);
      return { people: people.length };
    },

    async assemble(transferId, packId, render) {
      const pack = await packOf(transferId, packId);
      const record = await evidence.gather(transferId);
      const contentSha256 = contentDigestOf(record);
      const summary = await render.summaryPdf(record, contentSha256);
      const people = record.cases.length;

      const archive = new ZipArchive({ zlib: { level: 6 } });
      const hashing = hashingStream();
      const key = evidencePackKey(transferId, packId);
      const uploaded = bucket.upload(key, archive.pipe(hashing.stream), 'application/zip');
      const written = (async () => {
        let appended = 0;
        archive.append(summary, { name: summaryFileName });
        appended += 1;
        const rows: string[][] = [];
        const readPart = async (shard: number): Promise<EvidencePackPart> =>
          JSON.parse(
            (await gunzipAsync(await bucket.get(evidencePartKey(transferId, packId, shard)))).toString(
              'utf8',
            ),
          ) as EvidencePackPart;
        const reads: Array<Promise<EvidencePackPart>> = [];
        const readAhead = (shard: number) => {
          const reading = readPart(shard);
          // Awaited in turn below; a read ahead that fails after an earlier one stopped the pack is no news.
          reading.catch(() => undefined);
          reads.push(reading);
        };
        for (let shard = 0; shard < Math.min(partsAhead + 1, pack.shardsTotal); shard += 1) readAhead(shard);
        for (let shard = 0; shard < pack.shardsTotal; shard += 1) {
          const part = await (reads[shard] as Promise<EvidencePackPart>);
          if (shard + partsAhead + 1 < pack.shardsTotal) readAhead(shard + partsAhead + 1);
          for (const file of part.files) archive.append(file.text, { name: file.name });
          appended += part.files.length;
          rows.push(...part.rows);
          await entriesWritten(archive, appended);
        }
        archive.append(render.peopleCsv(rows), { name: peopleCsvFileName });
        await archive.finalize();
      })();
      // Either side failing stops the other: a ZIP cut short must fail its upload, not complete it.
      await Promise.all([
        written.catch((error: unknown) => {
          archive.abort();
          hashing.stream.destroy(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }),
        uploaded.catch((error: unknown) => {
          archive.abort();
          throw error;
        }),
      ]);

      const { sha256, bytes } = hashing.digest();
      // Recorded before it is handed out: a pack nobody can later check against the history is never given.
      await evidence.recordPack(transferId, { by: pack.requestedBy, format: 'zip', sha256, contentSha256 });
      await packs.ready(transferId, packId, {
        finishedAt: clock.now().toISOString(),
        key,
        bytes,
        sha256,
        people,
      });
      return { people, bytes };
    },

    async fail(transferId, packId, reason) {
      await packs.failed(transferId, packId, clock.now().toISOString(), reason);
    },
  };
}
