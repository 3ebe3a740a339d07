/**
 * Gathers the evidence of one transfer, what an employment tribunal would ask for: the milestones and
 * when each ran, who did what and when (with whether that history's hash chain is intact), every person's
 * case with their election history, objections, every email sent with its time and purpose, and each
 * consultation linked to the transfer with its responses and the emails it sent. Reads; the page or PDF
 * is made from it elsewhere, and each pack made is recorded in the audit history with its SHA-256.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ConsultationRepository, StoredResponseItem } from '../adapters/consultation-repository.ts';
import type { EmailLedger, TransferNotification } from '../adapters/email-ledger.ts';
import type { InformationDutyRepository } from '../adapters/information-duty-repository.ts';
import type { LiabilityRepository } from '../adapters/liability-repository.ts';
import type { RepresentativeRepository } from '../adapters/representative-repository.ts';
import type { AuditEvent, MilestoneRecord, TransferRepository } from '../adapters/transfer-repository.ts';
import { type ChainVerification, canonicalJson, sha256Hex, verifyChain } from '../domain/audit-chain.ts';
import type { Consultation } from '../domain/consultation.ts';
import type {
  ConsultationMeeting,
  InformationLetter,
  MeasuresAnswer,
  MeasuresRequest,
  Representation,
} from '../domain/information-duty.ts';
import type { LiabilityRecord } from '../domain/liability-information.ts';
import type { Candidate, Representative, RepresentativeElection } from '../domain/representatives.ts';
import type { RetentionSummary } from '../domain/retention.ts';
import type { StaffCase, Transfer } from '../domain/transfer.ts';
import { shardsOf } from '../domain/transfer-rules.ts';
import { consultationOf } from './stored-consultation.ts';

export interface EvidenceRecord {
  transfer: Transfer;
  milestones: MilestoneRecord[];
  audit: AuditEvent[];
  /** The audit history's hash chain recomputed when the pack was gathered. */
  integrity: ChainVerification;
  cases: StaffCase[];
  notifications: TransferNotification[];
  /**
   * Each consultation linked to the transfer, with every email recorded for it (`employeeKey` is the
   * participant's key) and every response (without a public respondent's email address).
   */
  consultations: Array<{
    consultation: Consultation;
    emails: TransferNotification[];
    responses: Array<Omit<StoredResponseItem, 'email'>>;
  }>;
  /** Once retention removed the personal data: the summary taken just before. */
  retention?: RetentionSummary;
  /** The transfer's representatives and its election of employee representatives (TUPE reg 13(3), 14). */
  representation?: RepresentationRecord;
  /** The duty to inform and consult (TUPE reg 13): measures, information letters, meetings, representations. */
  informationDuty?: InformationDutyEvidence;
  generatedAt: string;
  /** TUPE reg 11: when and to whom the ELI was given, its hashes, downloads and updates; never its values. */
  liability?: Omit<LiabilityRecord, 'collectiveAgreements'>;
}

/** An evidence pack recorded as made (the `evidence-pack-generated` audit event). */
export interface RecordedPack {
  at: string;
  by: string;
  format: string;
  /** SHA-256 (hex) of the exact bytes served. */
  sha256: string;
  /** SHA-256 (hex) of the pack's canonical content, printed inside it. */
  contentSha256: string;
}

export interface EvidenceVerification extends ChainVerification {
  /** Every pack made, oldest first: what `verify --pack` checks a file against. */
  packs: RecordedPack[];
}

export interface RepresentationRecord {
  representatives: Representative[];
  election?: RepresentativeElection;
  candidates: Candidate[];
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
  transfers: Pick<TransferRepository, 'get' | 'header' | 'milestoneTimeline' | 'auditChain' | 'recordAudit'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  ledger: Pick<EmailLedger, 'allForTransfer'>;
  consultations: Pick<ConsultationRepository, 'forTransfer' | 'responses'>;
  /** The evidence summary retention kept (functions/domain/retention.ts), if it ran. */
  retentionSummary?: (id: string) => Promise<RetentionSummary | undefined>;
  /** Absent where a pack is built without them (older tests): the section is then left out. */
  representatives?: Pick<RepresentativeRepository, 'list' | 'election' | 'candidates'>;
  /** The information duty's records; a pack built without it has no such section. */
  duty?: Pick<
    InformationDutyRepository,
    'measuresRequests' | 'measuresAnswers' | 'informationLetters' | 'meetings' | 'representations'
  >;
  clock: Clock;
  liability?: Pick<LiabilityRepository, 'record'>;
}

export interface EvidenceService {
  /** Throws TransferNotFoundError for an unknown transfer. */
  gather(id: string): Promise<EvidenceRecord>;
  /** Recomputes the transfer's audit chain and lists the packs made; TransferNotFoundError for an unknown one. */
  verify(id: string): Promise<EvidenceVerification>;
  /** Records in the audit history that a pack was made, with its digests. */
  recordPack(id: string, pack: Omit<RecordedPack, 'at'>): Promise<void>;
}

export const packGeneratedAction = 'evidence-pack-generated';

/** SHA-256 (hex) of the evidence record as canonical JSON: the content digest a pack prints. */
export function contentDigestOf(record: EvidenceRecord): string {
  return sha256Hex(canonicalJson(record));
}

function packsOf(events: readonly AuditEvent[]): RecordedPack[] {
  return events
    .filter((event) => event.action === packGeneratedAction && event.detail !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ at, by, detail = {} }) => ({
      at,
      by,
      format: String(detail.format ?? ''),
      sha256: String(detail.sha256 ?? ''),
      contentSha256: String(detail.contentSha256 ?? ''),
    }));
}

export function evidenceService({
  transfers,
  cases,
  ledger,
  consultations,
  retentionSummary,
  representatives,
  duty,
  clock,
  liability,
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
      const [
        milestones,
        chain,
        shards,
        notifications,
        linked,
        liabilityRecord,
        retention,
        representation,
        informationDuty,
      ] = await Promise.all([
        transfers.milestoneTimeline(id),
        transfers.auditChain(id),
        Promise.all(shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(id, shard))),
        ledger.allForTransfer(id),
        consultations.forTransfer(id),
        liability?.record(id),
        transfer.personalDataRemovedAt && retentionSummary ? retentionSummary(id) : undefined,
        representationOf(id),
        informationDutyOf(id),
      ]);
      // The ledger indexes emails under their owner's id (EMAILS#{id}), a consultation's as a transfer's.
      const [consultationEmails, consultationResponses] = await Promise.all([
        Promise.all(linked.map((consultation) => ledger.allForTransfer(consultation.id))),
        Promise.all(linked.map((consultation) => consultations.responses(consultation.id))),
      ]);
      return {
        transfer,
        milestones,
        audit: chain.events,
        integrity: verifyChain(chain.events, chain.head),
        cases: shards.flat(),
        notifications,
        consultations: linked.map((stored, index) => ({
          consultation: consultationOf(stored),
          emails: consultationEmails[index] ?? [],
          responses: (consultationResponses[index] ?? []).map(({ email: _email, ...response }) => response),
        })),
        ...(retention ? { retention } : {}),
        ...(representation ? { representation } : {}),
        ...(informationDuty ? { informationDuty } : {}),
        generatedAt: clock.now().toISOString(),
        ...(liabilityRecord
          ? {
              liability: {
                ...(liabilityRecord.given ? { given: liabilityRecord.given } : {}),
                downloads: liabilityRecord.downloads,
                updates: liabilityRecord.updates,
              },
            }
          : {}),
      };
    },

    async verify(id) {
      await transfers.header(id);
      const { events, head } = await transfers.auditChain(id);
      return { ...verifyChain(events, head), packs: packsOf(events) };
    },

    async recordPack(id, { by, format, sha256, contentSha256 }) {
      await transfers.recordAudit(id, {
        at: clock.now().toISOString(),
        by,
        action: packGeneratedAction,
        detail: { format, sha256, contentSha256 },
      });
    },
  };
}
