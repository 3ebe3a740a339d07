/**
 * HR's side of the evidence pack (see evidence-pack-service.ts): asking for one (its record, then the
 * `build-evidence-pack` workflow), its progress, and a pre-signed link once it is ready. Apart from the
 * building, so the functions that only ask and report carry neither the ZIP writer nor the S3 upload.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.ts';
import type { DownloadLink } from '../adapters/evidence-download-link.ts';
import type { EvidencePackRepository } from '../adapters/evidence-pack-repository.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { EvidencePackNotFoundError } from '../domain/errors.ts';
import {
  downloadLinkSeconds,
  type EvidencePack,
  type EvidencePackProgress,
  evidencePackRunName,
  fitsInline,
  inlineEvidenceLimit,
  progressOf,
  reusablePack,
  visitPackId,
} from '../domain/evidence-pack.ts';
import type { TransferHeader } from '../domain/transfer.ts';
import { shardsOf } from '../domain/transfer-rules.ts';

/** What the API answers about a pack. */
export interface EvidencePackAnswer {
  packId: string;
  /** DESIGN §6's `{id}`: the same as `packId`. */
  id: string;
  transferId: string;
  status: EvidencePack['status'];
  progress: EvidencePackProgress;
  requestedAt: string;
  finishedAt?: string;
  people?: number;
  bytes?: number;
  sha256?: string;
  /** Once ready: a pre-signed link that opens until `urlExpiresAt`; ask again for a fresh one. */
  url?: string;
  urlExpiresAt?: string;
  fileName?: string;
  reason?: string;
}

export interface EvidencePackRequestDependencies {
  transfers: Pick<TransferRepository, 'header'>;
  packs: Pick<EvidencePackRepository, 'create' | 'get' | 'list'>;
  bucket: DownloadLink;
  startWorkflow: StartWorkflow;
  clock: Clock;
  newId?: () => string;
  /** The most people served inline (a test lowers it to try a large transfer with a few people). */
  inlineLimit?: number;
}

export interface EvidencePackRequests {
  /** Starts a pack; TransferNotFoundError for an unknown transfer. */
  request(transferId: string, actor: Actor): Promise<EvidencePackAnswer>;
  /** The pack's progress, and its link once ready; EvidencePackNotFoundError for an unknown one. */
  status(transferId: string, packId: string): Promise<EvidencePackAnswer>;
  /**
   * For `GET …/evidence`: nothing when the transfer's pack is served inline; else the pack to send HR to,
   * one building or made within the hour (`reused`), or one started now. TransferNotFoundError for an
   * unknown transfer.
   */
  zipPackFor(transferId: string, actor: Actor): Promise<{ packId: string; reused: boolean } | undefined>;
}

/** The pack's record; EvidencePackNotFoundError when there is none. */
export function packOrThrow(packs: Pick<EvidencePackRepository, 'get'>) {
  return async (transferId: string, packId: string): Promise<EvidencePack> => {
    const pack = await packs.get(transferId, packId);
    if (!pack) throw new EvidencePackNotFoundError(`No evidence pack ${packId} for transfer ${transferId}`);
    return pack;
  };
}

export function evidencePackRequests({
  transfers,
  packs,
  bucket,
  startWorkflow,
  clock,
  newId = randomUUID,
  inlineLimit = inlineEvidenceLimit,
}: EvidencePackRequestDependencies): EvidencePackRequests {
  const packOf = packOrThrow(packs);

  const answerOf = async (pack: EvidencePack): Promise<EvidencePackAnswer> => {
    const { packId, transferId, status, requestedAt, finishedAt, people, bytes, sha256, reason } = pack;
    const fileName = `evidence-pack-${requestedAt.slice(0, 10)}-${packId.slice(0, 8)}.zip`;
    return {
      packId,
      id: packId,
      transferId,
      status,
      progress: progressOf(pack),
      requestedAt,
      ...(finishedAt ? { finishedAt } : {}),
      ...(people === undefined ? {} : { people }),
      ...(bytes === undefined ? {} : { bytes }),
      ...(sha256 ? { sha256 } : {}),
      ...(reason ? { reason } : {}),
      ...(status === 'ready' && pack.key
        ? {
            url: await bucket.downloadLink(pack.key, fileName, downloadLinkSeconds),
            urlExpiresAt: new Date(clock.now().getTime() + downloadLinkSeconds * 1000).toISOString(),
            fileName,
          }
        : {}),
    };
  };

  /**
   * Stores the pack's record unless it is stored already, then starts its run, which a name already used
   * leaves as it is: so a request that finds the pack another stored (and perhaps died before starting)
   * still sees it built. True when this call stored it.
   */
  const start = async (transfer: TransferHeader, actor: Actor, packId: string): Promise<boolean> => {
    const created = await packs.create({
      packId,
      transferId: transfer.id,
      requestedAt: clock.now().toISOString(),
      requestedBy: actor.id,
      shardsTotal: shardsOf(transfer.nextRosterIndex).length,
    });
    await startWorkflow('build-evidence-pack', evidencePackRunName(packId), {
      transferId: transfer.id,
      packId,
    });
    return created;
  };

  return {
    async request(transferId, actor) {
      const packId = newId();
      await start(await transfers.header(transferId), actor, packId);
      return answerOf(await packOf(transferId, packId));
    },

    async status(transferId, packId) {
      // An unknown transfer is a 404 of its own, before any pack is looked for.
      await transfers.header(transferId);
      return answerOf(await packOf(transferId, packId));
    },

    async zipPackFor(transferId, actor) {
      const transfer = await transfers.header(transferId);
      if (fitsInline(transfer.nextRosterIndex, inlineLimit)) return undefined;
      // A refresh or a prefetch of the GET is sent to the pack it already started: one build, not one a visit.
      // GETs at the very same moment read the same packs, so they name the same new one and one stores it.
      const stored = await packs.list(transferId);
      const reused = reusablePack(stored, clock.now());
      if (reused) return { packId: reused, reused: true };
      const packId = visitPackId(
        transferId,
        stored.map((pack) => pack.packId),
      );
      return { packId, reused: !(await start(transfer, actor, packId)) };
    },
  };
}
