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
import type { InformationDutyRepository } from '../adapters/information-duty-repository.ts';
import type { AuditEntry, MilestoneRecord, TransferRepository } from '../adapters/transfer-repository.ts';
import type { Consultation } from '../domain/consultation.ts';
import type {
  ConsultationMeeting,
  InformationLetter,
  MeasuresAnswer,
  MeasuresRequest,
  Representation,
} from '../domain/information-duty.ts';
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
  /** The duty to inform and consult (TUPE reg 13): measures, information letters, meetings, representations. */
  informationDuty?: InformationDutyEvidence;
  generatedAt: string;
}

export interface InformationDutyEvidence {
  measuresRequests: MeasuresRequest[];
  /** Every answer the transferee gave, oldest first; the last counts. */
  measures: MeasuresAnswer[];
  letters: InformationLetter[];
  meetings: ConsultationMeeting[];
  representations: Representation[];
}

export interface EvidenceServiceDependencies {
  transfers: Pick<TransferRepository, 'get' | 'milestoneTimeline' | 'auditTrail'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'allForTransfer'>;
  consultations: Pick<ConsultationRepository, 'forTransfer'>;
  /** The information duty's records; a pack built without it has no such section. */
  duty?: Pick<
    InformationDutyRepository,
    'measuresRequests' | 'measuresAnswers' | 'informationLetters' | 'meetings' | 'representations'
  >;
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
  duty,
  clock,
}: EvidenceServiceDependencies): EvidenceService {
  const informationDutyOf = async (id: string): Promise<InformationDutyEvidence | undefined> => {
    if (!duty) return undefined;
    const [measuresRequests, measures, letters, meetings, representations] = await Promise.all([
      duty.measuresRequests(id),
      duty.measuresAnswers(id),
      duty.informationLetters(id),
      duty.meetings(id),
      duty.representations(id),
    ]);
    return {
      measuresRequests: measuresRequests.sort((a, b) => a.number - b.number),
      measures: measures.sort((a, b) => a.number - b.number),
      letters: letters.sort((a, b) => a.number - b.number),
      meetings: meetings.sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
      representations: representations.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn)),
    };
  };
  return {
    async gather(id) {
      const transfer = await transfers.get(id);
      const [milestones, audit, shards, notifications, linked, informationDuty] = await Promise.all([
        transfers.milestoneTimeline(id),
        transfers.auditTrail(id),
        Promise.all(shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(id, shard))),
        ledger.allForTransfer(id),
        consultations.forTransfer(id),
        informationDutyOf(id),
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
        ...(informationDuty ? { informationDuty } : {}),
        generatedAt: clock.now().toISOString(),
      };
    },
  };
}
