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
import type { RepresentativeRepository } from '../adapters/representative-repository.ts';
import type { AuditEntry, MilestoneRecord, TransferRepository } from '../adapters/transfer-repository.ts';
import type { Consultation } from '../domain/consultation.ts';
import type { Candidate, Representative, RepresentativeElection } from '../domain/representatives.ts';
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
  /** The transfer's representatives and its election of employee representatives (TUPE reg 13(3), 14). */
  representation?: RepresentationRecord;
  generatedAt: string;
}

export interface RepresentationRecord {
  representatives: Representative[];
  election?: RepresentativeElection;
  candidates: Candidate[];
}

export interface EvidenceServiceDependencies {
  transfers: Pick<TransferRepository, 'get' | 'milestoneTimeline' | 'auditTrail'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'allForTransfer'>;
  consultations: Pick<ConsultationRepository, 'forTransfer'>;
  /** Absent where a pack is built without them (older tests): the section is then left out. */
  representatives?: Pick<RepresentativeRepository, 'list' | 'election' | 'candidates'>;
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
  representatives,
  clock,
}: EvidenceServiceDependencies): EvidenceService {
  const representationOf = async (id: string): Promise<RepresentationRecord | undefined> => {
    if (!representatives) return undefined;
    const [items, election, candidates] = await Promise.all([
      representatives.list(id),
      representatives.election(id),
      representatives.candidates(id),
    ]);
    return {
      representatives: items,
      ...(election ? { election } : {}),
      candidates: candidates.map(({ employeeNumber, name }) => ({ employeeNumber, name })),
    };
  };

  return {
    async gather(id) {
      const transfer = await transfers.get(id);
      const [milestones, audit, shards, notifications, linked, representation] = await Promise.all([
        transfers.milestoneTimeline(id),
        transfers.auditTrail(id),
        Promise.all(shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(id, shard))),
        ledger.allForTransfer(id),
        consultations.forTransfer(id),
        representationOf(id),
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
        ...(representation ? { representation } : {}),
        generatedAt: clock.now().toISOString(),
      };
    },
  };
}
