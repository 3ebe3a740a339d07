/**
 * Gathers the evidence of one transfer, what an employment tribunal would ask for: the milestones and
 * when each ran, who did what and when, every person's case with their election history, objections,
 * and every email sent with its time and purpose. Reads only; the page or PDF is made from it elsewhere.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { EmailLedger, TransferNotification } from '../adapters/email-ledger.ts';
import type { AuditEntry, MilestoneRecord, TransferRepository } from '../adapters/transfer-repository.ts';
import type { StaffCase, Transfer } from '../domain/transfer.ts';
import { shardsOf } from '../domain/transfer-rules.ts';

export interface EvidenceRecord {
  transfer: Transfer;
  milestones: MilestoneRecord[];
  audit: AuditEntry[];
  cases: StaffCase[];
  notifications: TransferNotification[];
  generatedAt: string;
}

export interface EvidenceServiceDependencies {
  transfers: Pick<TransferRepository, 'get' | 'milestoneTimeline' | 'auditTrail'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'allForTransfer'>;
  clock: Clock;
}

export interface EvidenceService {
  /** Throws TransferNotFoundError for an unknown transfer. */
  gather(id: string): Promise<EvidenceRecord>;
}

export function evidenceService({
  transfers,
  cases,
  ledger,
  clock,
}: EvidenceServiceDependencies): EvidenceService {
  return {
    async gather(id) {
      const transfer = await transfers.get(id);
      const [milestones, audit, shards, notifications] = await Promise.all([
        transfers.milestoneTimeline(id),
        transfers.auditTrail(id),
        Promise.all(shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(id, shard))),
        ledger.allForTransfer(id),
      ]);
      return {
        transfer,
        milestones,
        audit,
        cases: shards.flat(),
        notifications,
        generatedAt: clock.now().toISOString(),
      };
    },
  };
}
