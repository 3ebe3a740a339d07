/**
 * The evidence pack built in S3 (a ZIP): how large a transfer may be for the pack served inline, where the
 * pack's parts and the pack itself are kept, what its files are called, and the progress HR sees. Pure.
 */
import { createHash } from 'node:crypto';
import { employeeKey } from './roster.ts';

/**
 * The most people whose pack `GET …/evidence` still renders inline. Measured: 907 people gave a 3.55 MB,
 * 913-page PDF in 9.6 s; Lambda answers at most 6 MB (4.5 MB of PDF once base64-encoded, ≈ 1,150 people)
 * and API Gateway waits 30 s. At 1,000 people both limits keep a margin; larger transfers get the ZIP.
 */
export const inlineEvidenceLimit = 1_000;

export function fitsInline(people: number, limit: number = inlineEvidenceLimit): boolean {
  return people <= limit;
}

/**
 * How long a pack asked for by `GET …/evidence` is given again rather than a new one started: a refresh or
 * a prefetch of that GET must not start a build each time. Whether anything changed since a ready pack
 * was made is not known without reading the whole transfer, so a ready pack is reused for an hour only
 * (the pack's page says when it was made, and HR can prepare a new one there).
 */
export const packReuseMinutes = 60;

/**
 * The pack `GET …/evidence` sends HR to instead of starting one: the newest asked for within the last
 * `packReuseMinutes` that is still building (a build older than that has stalled), else the newest made
 * (ready) within them.
 */
export function reusablePack(
  packs: ReadonlyArray<Pick<EvidencePack, 'packId' | 'status' | 'requestedAt' | 'finishedAt'>>,
  now: Date,
): string | undefined {
  const since = new Date(now.getTime() - packReuseMinutes * 60_000).toISOString();
  const newest = (status: EvidencePackStatus, at: (pack: (typeof packs)[number]) => string) =>
    packs
      .filter((pack) => pack.status === status && at(pack) >= since)
      .sort((a, b) => at(b).localeCompare(at(a)))[0]?.packId;
  return (
    newest('building', (pack) => pack.requestedAt) ??
    newest('ready', (pack) => pack.finishedAt ?? pack.requestedAt)
  );
}

export const evidencePackStatuses = ['building', 'ready', 'failed'] as const;
export type EvidencePackStatus = (typeof evidencePackStatuses)[number];

/** Packs and their parts are kept 7 days (the bucket's lifecycle); the table's record of one as long. */
export const evidencePackDays = 7;
/** A part (one shard's people) is only read to assemble the pack: the bucket drops parts after a day. */
export const evidencePartDays = 1;
/** How long a pre-signed download link opens: long enough to start a large download, short if forwarded. */
export const downloadLinkSeconds = 15 * 60;

/** The bucket's two prefixes: the lifecycle rules expire each after its own days. */
export const evidencePrefixes = { packs: 'packs/', parts: 'parts/' } as const;

/** Where one shard's people are written before the pack is assembled: ids only, no one's name. */
export function evidencePartKey(transferId: string, packId: string, shard: number): string {
  return `${evidencePrefixes.parts}${transferId}/${packId}/${String(shard).padStart(5, '0')}.json.gz`;
}

export function evidencePackKey(transferId: string, packId: string): string {
  return `${evidencePrefixes.packs}${transferId}/${packId}.zip`;
}

/** The summary (the pack without the per-person pages), at the top of the ZIP. */
export const summaryFileName = 'evidence-summary.pdf';
/** One row a person: what a spreadsheet opens. */
export const peopleCsvFileName = 'people.csv';
export const peopleFolder = 'people/';

/** `E/1001` → `people/E-1001.html`: one file a person, named by employee number (safe in any unzip). */
export function personFileName(employeeNumber: string): string {
  return `${peopleFolder}${employeeKey(employeeNumber).replace(/[^A-Z0-9-]/g, '-')}.html`;
}

/** The pack's record, as the table holds it and the API answers it. */
export interface EvidencePack {
  packId: string;
  transferId: string;
  status: EvidencePackStatus;
  requestedAt: string;
  requestedBy: string;
  shardsTotal: number;
  /** The shards whose part is written (a set, so a retried shard counts once). */
  shardsDone: number;
  finishedAt?: string;
  /** Once ready: the object's key, its size, SHA-256 (hex) and the people in it. */
  key?: string;
  bytes?: number;
  sha256?: string;
  people?: number;
  /** Once failed: why, in words HR can act on. */
  reason?: string;
}

export interface EvidencePackProgress {
  shardsDone: number;
  shardsTotal: number;
  /** Whole percent; the assembly is the last 10 %, so 100 only when ready. */
  percent: number;
}

export function progressOf(
  pack: Pick<EvidencePack, 'status' | 'shardsDone' | 'shardsTotal'>,
): EvidencePackProgress {
  const { shardsDone, shardsTotal } = pack;
  if (pack.status === 'ready') return { shardsDone, shardsTotal, percent: 100 };
  const written = shardsTotal === 0 ? 1 : Math.min(shardsDone, shardsTotal) / shardsTotal;
  return { shardsDone, shardsTotal, percent: Math.floor(written * 90) };
}

/**
 * The pack `GET …/evidence` starts when it finds none to reuse, named by what it read: the transfer and the
 * packs it already had. Two GETs that read the same packs (a page and its prefetch, fifty at once) name the
 * same pack, so one is built; once it exists, or one fails, the next read names another. A UUID's shape
 * (version 8, RFC 9562's custom one) from a SHA-256.
 */
export function visitPackId(transferId: string, packIdsRead: readonly string[]): string {
  const hex = createHash('sha256')
    .update([transferId, ...[...packIdsRead].sort()].join('\n'))
    .digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A pack's workflow run: the pack id alone names it (ids only, never a person). */
export function evidencePackRunName(packId: string): string {
  return `evidence-pack-${packId}`;
}
