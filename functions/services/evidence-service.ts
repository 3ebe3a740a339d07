/**
 * Gathers the evidence of one transfer, what an employment tribunal would ask for: the milestones and
 * when each ran, who did what and when, every person's case with their election history, objections,
 * every email sent with its time and purpose, and each consultation linked to the transfer with the emails
 * it sent. Reads only; the page or PDF is made from it elsewhere.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ConsultationRepository } from '../adapters/consultation-repository.ts';
import type { EmailLedger, TransferNotification } from '../adapters/email-ledger.ts';
import type { AuditEntry, MilestoneRecord, TransferRepository } from '../adapters/transfer-repository.ts';
import type { Consultation } from '../domain/consultation.ts';
import type { RetentionSummary } from '../domain/retention.ts';
import type { StaffCase, Transfer } from '../domain/transfer.ts';
import { shardsOf } from '../domain/transfer-rules.ts';
import { consultationOf } from './stored-consultation.ts';

export interface EvidenceRecord {
  transfer: Transfer;
  milestones: MilestoneRecord[];
  audit: AuditEntry[];
  cases: StaffCase[];
  notifications: TransferNotification[];
  /** Each consultation linked to the transfer, with every email recorded for it (`employeeKey` is the participant's key). */
  consultations: Array<{ consultation: Consultation; emails: TransferNotification[] }>;
  /** Once retention removed the personal data: the summary taken just before. */
  retention?: RetentionSummary;
  generatedAt: string;
}

export interface EvidenceServiceDependencies {
  transfers: Pick<TransferRepository, 'get' | 'milestoneTimeline' | 'auditTrail'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'allForTransfer'>;
  consultations: Pick<ConsultationRepository, 'forTransfer'>;
  /** The evidence summary retention kept (functions/domain/retention.ts), if it ran. */
  retentionSummary?: (id: string) => Promise<RetentionSummary | undefined>;
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
  consultations,
  retentionSummary,
  clock,
}: EvidenceServiceDependencies): EvidenceService {
  return {
    async gather(id) {
      const transfer = await transfers.get(id);
      const [milestones, audit, shards, notifications, linked, retention] = await Promise.all([
        transfers.milestoneTimeline(id),
        transfers.auditTrail(id),
        Promise.all(shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(id, shard))),
        ledger.allForTransfer(id),
        consultations.forTransfer(id),
        transfer.personalDataRemovedAt && retentionSummary ? retentionSummary(id) : undefined,
      ]);
      // The ledger indexes emails under their owner's id (EMAILS#{id}), a consultation's as a transfer's.
      const consultationEmails = await Promise.all(
        linked.map((consultation) => ledger.allForTransfer(consultation.id)),
      );
      return {
        transfer,
        milestones,
        audit,
        cases: shards.flat(),
        notifications,
        consultations: linked.map((stored, index) => ({
          consultation: consultationOf(stored),
          emails: consultationEmails[index] ?? [],
        })),
        ...(retention ? { retention } : {}),
        generatedAt: clock.now().toISOString(),
      };
    },
  };
}
