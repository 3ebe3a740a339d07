/**
 * Retention (DESIGN §2): a finished transfer's personal data is removed once its period has passed
 * (`retentionYears` after the transfer date, or after a cancellation; default six years), keeping the
 * counts and an evidence summary. Which item is personal, and what happens to it, is decided here and only
 * here: the lists below are the one place a new item type is added.
 */
import { addYears as addYearsTo, format, parseISO } from 'date-fns';
import type {
  ConsultationMeeting,
  InformationLetter,
  MeasuresAnswer,
  MeasuresRequest,
  Representation,
} from './information-duty.ts';
import type { LiabilityRecord } from './liability-information.ts';
import type { Representative, RepresentativeElection } from './representatives.ts';
import type { BusinessDate, CaseStatus, Instant, Milestone, TransferHeader } from './transfer.ts';

/** How long a finished transfer's personal data is kept (DESIGN §2 "Retention"). */
export const defaultRetentionYears = 6;

/** What retention does to one stored item. */
export type RetentionAction =
  | { action: 'keep' }
  /** Keep the item without these attributes (every other attribute, keys included, stays as it is). */
  | { action: 'strip'; attributes: readonly string[] }
  | { action: 'delete' };

const keep: RetentionAction = { action: 'keep' };
const remove: RetentionAction = { action: 'delete' };
const strip = (...attributes: string[]): RetentionAction => ({ action: 'strip', attributes });

/**
 * Items under the transfer's own partition `TRANSFER#{id}`, by sort key prefix (the longest match wins).
 * Only these are kept, stripped of what names a person; anything else under the partition (representatives
 * `REPRESENTATIVE#`, the election `REPRESENTATIVE-ELECTION` with its result's employee numbers, the liability
 * information's record `ELI`, measures `MEASURES-REQUEST#` / `MEASURES-ANSWER#`, the information letters
 * `INFORMATION#`, meetings `MEETING#`, representations `REPRESENTATION#`: other people's data) is deleted,
 * after the evidence summary counted it.
 */
export const transferItemRules: ReadonlyArray<{ prefix: string; exact?: true; rule: RetentionAction }> = [
  // The header: dates, options, status and completion counts stay; contacts go.
  { prefix: 'TRANSFER', exact: true, rule: strip('hrContact', 'transfereeContact') },
  { prefix: 'MILESTONE#', rule: keep },
  { prefix: 'TALLY#', rule: keep },
  // The audit trail is a hash chain: only `detail` goes (each event keeps `detailHash`, `hash`, `prevHash`,
  // `seq`, `at`, `by`, `action`), so the chain still verifies. Other AUDIT items (a chain head) stay.
  { prefix: 'AUDIT#', rule: strip('detail') },
  { prefix: 'AUDIT', rule: keep },
  // The representative election's timers: kind, due day and outcome, nobody named.
  { prefix: 'TIMER#', rule: keep },
  { prefix: retentionSummarySortKey(), exact: true, rule: keep },
];

/**
 * The transfer's other partitions, `TRANSFER#{id}#{suffix}`, each deleted whole (after the evidence summary
 * counted what they hold): the liability information's given files (`FILE#…`, the PDF and CSV with dates of
 * birth), the election's candidates and "has voted" markers, and its ballot box. A new partition of a
 * transfer that holds personal data is added here, and only here.
 */
export const transferSidePartitions = [
  'ELI',
  'REPRESENTATIVE-ELECTION',
  'REPRESENTATIVE-BALLOT',
  'DIGEST',
] as const;
export type TransferSidePartition = (typeof transferSidePartitions)[number];

/** The exact partition keys of a transfer's side partitions: matched by equality, never as a prefix. */
export function sidePartitionKeysOf(transferId: string): string[] {
  return transferSidePartitions.map((suffix) => `TRANSFER#${transferId}#${suffix}`);
}

/** What happens to an item of a side partition: the whole partition goes. */
export function sidePartitionItemAction(): RetentionAction {
  return remove;
}

/** The sort key of a transfer's evidence summary, written before anything is removed. */
export function retentionSummarySortKey(): string {
  return 'RETENTION';
}

/** What happens to an item of `TRANSFER#{id}` with this sort key. */
export function transferItemAction(sortKey: string): RetentionAction {
  const matches = transferItemRules
    .filter((entry) => (entry.exact ? sortKey === entry.prefix : sortKey.startsWith(entry.prefix)))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return matches[0]?.rule ?? remove;
}

/** The email ledger's attributes that name the recipient: the rest (purpose, status, times) stays. */
export const ledgerPersonalAttributes = ['to'] as const;

/**
 * Items under a person's partition `TRANSFER#{id}#PERSON#{recipientKey}`: the lookup (`PERSON`), the
 * liability information (`ELI`) and anything else go; emails stay without their address. A partition
 * whose key itself names someone (a manager's `_MANAGER#{email}`) keeps nothing: its emails are counted
 * in the evidence summary first.
 */
export function personItemAction(recipientKey: string, sortKey: string): RetentionAction {
  if (recipientKeyNamesSomeone(recipientKey)) return remove;
  if (sortKey.startsWith('EMAIL#')) return strip(...ledgerPersonalAttributes);
  return remove;
}

/** Cases (`TRANSFER#{id}#SHARD#{n}` / `CASE#…`): name, email, manager, job, history: the whole item goes. */
export function caseItemAction(): RetentionAction {
  return remove;
}

/** A recipient key holding an address (`_MANAGER#a@b`), rather than an employee number or `_HR`. */
export function recipientKeyNamesSomeone(recipientKey: string): boolean {
  return recipientKey.includes('@');
}

/**
 * The item types retention treats as personal, for the README and the lead's merge: each is deleted, or
 * kept stripped of the attributes named.
 */
export const personalItemTypes = [
  'case TRANSFER#{id}#SHARD#{n} / CASE#{employeeKey}: deleted',
  'person lookup TRANSFER#{id}#PERSON#{employeeKey} / PERSON: deleted',
  'liability information TRANSFER#{id}#PERSON#{employeeKey} / ELI (and any other non-EMAIL item there): deleted',
  'email ledger TRANSFER#{id}#PERSON#{employeeKey or _HR} / EMAIL#{purpose}: `to` removed',
  'email ledger TRANSFER#{id}#PERSON#_MANAGER#{email} / EMAIL#{purpose}: deleted (the key is an address)',
  'transfer header TRANSFER#{id} / TRANSFER: `hrContact`, `transfereeContact` removed',
  'audit event TRANSFER#{id} / AUDIT#…: `detail` removed',
  'any other item under TRANSFER#{id}: deleted, in particular',
  '  representative TRANSFER#{id} / REPRESENTATIVE#{id} (name, email): deleted',
  '  election TRANSFER#{id} / REPRESENTATIVE-ELECTION (result: employee numbers, votes): deleted',
  '  liability record TRANSFER#{id} / ELI (collective agreements, given.to, updates[].employeeNumber): deleted',
  '  measures TRANSFER#{id} / MEASURES-REQUEST#{n}, MEASURES-ANSWER#{n}: deleted',
  '  information letter TRANSFER#{id} / INFORMATION#{n} (recipients, text): deleted',
  '  meeting TRANSFER#{id} / MEETING#{at}#{id} (attendees, notes): deleted',
  '  representation TRANSFER#{id} / REPRESENTATION#{id} (from, text, reply): deleted',
  'timer TRANSFER#{id} / TIMER#{key}: kept (nobody named)',
  'transfer-day digest parts TRANSFER#{id}#DIGEST / PAGE#{page}#MANAGER#{email}#SHARD#{n}: expire 7 days after transfer day (expiresAt); whatever is left, the whole partition deleted',
  'given liability files TRANSFER#{id}#ELI / FILE#{version}#{file}#{n}: the whole partition deleted',
  'election candidates and markers TRANSFER#{id}#REPRESENTATIVE-ELECTION / CANDIDATE#…, VOTED#…: the whole partition deleted',
  'ballot box TRANSFER#{id}#REPRESENTATIVE-BALLOT / VOTE#{uuid}: the whole partition deleted',
  'email ledger TRANSFER#{id}#PERSON#_TRANSFEREE, #PERSON#_REPRESENTATIVE#{id} / EMAIL#…: `to` removed (reached through the emails index)',
  'contract CONTRACT#{id} / CONTRACT: employeeName, employeeNumber, justifications, managerEmail, gsi1pk/gsi1sk removed; decisions without note',
  'contract email CONTRACT#{id}#EMAILS / EMAIL#…: `to`, `subject` removed',
  'consultation participant CONSULTATION#{id}#SHARD#{label} / PARTICIPANT#…: `email`, `name` removed',
  'consultation response CONSULTATION#{id} / RESPONSE#…: `name`, `organisation`, `email` removed',
  'consultation email CONSULTATION#{id}#PARTICIPANT#{key} / EMAIL#…: `to` removed',
] as const;

/** Adds whole years to a date; 29 February becomes 28 February in a year without one. */
export function addYears(date: BusinessDate, years: number): BusinessDate {
  return format(addYearsTo(parseISO(date), years), 'yyyy-MM-dd');
}

/** What retention reads of a transfer's header. */
export type RetentionSubject = Pick<
  TransferHeader,
  'status' | 'transferDate' | 'cancelledAt' | 'retentionYears' | 'personalDataRemovedAt'
>;

/**
 * The last day the personal data is kept: `retentionYears` after the transfer date of a completed
 * transfer, or after the day a transfer was cancelled (its roster went at once; its other records wait).
 * Undefined while the transfer is still running.
 */
export function retainedUntil(transfer: RetentionSubject): BusinessDate | undefined {
  const years = transfer.retentionYears ?? defaultRetentionYears;
  if (transfer.status === 'completed') return addYears(transfer.transferDate, years);
  if (transfer.status === 'cancelled' && transfer.cancelledAt !== undefined) {
    return addYears(transfer.cancelledAt.slice(0, 10), years);
  }
  return undefined;
}

/** Whether the personal data is due to be removed on `today`: the day after it was last kept. */
export function isRetentionDue(transfer: RetentionSubject, today: BusinessDate): boolean {
  const until = retainedUntil(transfer);
  return until !== undefined && until < today;
}

/** Whether retention still has work on the transfer: due, and not finished. */
export function needsRetention(transfer: RetentionSubject, today: BusinessDate): boolean {
  return transfer.personalDataRemovedAt === undefined && isRetentionDue(transfer, today);
}

/** An email as the summary counts it. */
export interface LedgerEntry {
  purpose: string;
  status: string;
}

/** What an evidence summary keeps of what happened: counts, outcomes and dates, nobody named. */
export interface RetentionSummary {
  /** When the summary was taken, just before personal data was removed. */
  takenAt: Instant;
  retainedUntil: BusinessDate;
  total: number;
  counts: Record<CaseStatus, number>;
  elections: Record<string, number>;
  milestones: Array<Pick<Milestone, 'kind' | 'dueOn' | 'status'> & { sent?: number; reason?: string }>;
  /** Emails per purpose (`invitation`, `election-confirmation`, …), with how many ended in each status. */
  emails: Record<string, { count: number; byStatus: Record<string, number> }>;
  audit: { events: number; head?: string };
  /** The representatives and their election, counted (absent from a summary taken before they existed). */
  representation?: RepresentationSummary;
  /** The duty to inform and consult, counted and dated. */
  informationDuty?: InformationDutySummary;
  /** The employee liability information: when it was given, how often downloaded and updated. */
  liability?: LiabilitySummary;
}

export interface RepresentationSummary {
  representatives: { union: number; employee: number };
  election?: {
    seats: number;
    /** Staff in scope when it started, and how many of them voted: the turnout. */
    eligible: number;
    voted: number;
    status: string;
    startedAt: Instant;
    candidates?: number;
    elected?: number;
    unopposed?: boolean;
    /** HR had to decide a tie for the last seats. */
    tied?: boolean;
    countedAt?: Instant;
  };
}

export interface InformationDutySummary {
  measuresRequests: number;
  measuresAnswers: number;
  /** Each information letter: when it was sent and to how many (representatives, staff). */
  letters: Array<{ sentOn: BusinessDate; recipients: number; representatives: number; staff: number }>;
  meetings: { count: number; heldOn: BusinessDate[] };
  representations: { count: number; replied: number };
}

export interface LiabilitySummary {
  givenAt?: Instant;
  /** How many people the information given covered. */
  people?: number;
  downloads: number;
  updates: number;
}

/** The records retention deletes from the transfer's partition and side partitions, as read just before. */
export interface SideRecords {
  representatives: ReadonlyArray<Pick<Representative, 'kind'>>;
  election?: Pick<RepresentativeElection, 'seats' | 'eligible' | 'voted' | 'status' | 'startedAt' | 'result'>;
  measuresRequests: readonly MeasuresRequest[];
  measuresAnswers: readonly MeasuresAnswer[];
  letters: ReadonlyArray<Pick<InformationLetter, 'sentOn' | 'recipients'>>;
  meetings: ReadonlyArray<Pick<ConsultationMeeting, 'heldOn'>>;
  representations: ReadonlyArray<Pick<Representation, 'reply'>>;
  liability: Pick<LiabilityRecord, 'given' | 'downloads' | 'updates'>;
}

/** Counts, dates and outcomes of the side records: no name, address, employee number or free text. */
export function sideRecordsSummaryOf(
  records: SideRecords,
): Pick<RetentionSummary, 'representation' | 'informationDuty' | 'liability'> {
  const { election, liability } = records;
  const result = election?.result;
  return {
    representation: {
      representatives: {
        union: records.representatives.filter((representative) => representative.kind === 'union').length,
        employee: records.representatives.filter((representative) => representative.kind === 'employee')
          .length,
      },
      ...(election
        ? {
            election: {
              seats: election.seats,
              eligible: election.eligible,
              voted: election.voted,
              status: election.status,
              startedAt: election.startedAt,
              ...(result
                ? {
                    candidates: Object.keys(result.votes).length,
                    elected: result.elected.length,
                    unopposed: result.unopposed,
                    tied: result.tie !== undefined,
                    countedAt: result.countedAt,
                  }
                : {}),
            },
          }
        : {}),
    },
    informationDuty: {
      measuresRequests: records.measuresRequests.length,
      measuresAnswers: records.measuresAnswers.length,
      letters: records.letters
        .map((letter) => ({
          sentOn: letter.sentOn,
          recipients: letter.recipients.length,
          representatives: letter.recipients.filter((recipient) => recipient.kind === 'representative')
            .length,
          staff: letter.recipients.filter((recipient) => recipient.kind === 'staff').length,
        }))
        .sort((a, b) => a.sentOn.localeCompare(b.sentOn)),
      meetings: {
        count: records.meetings.length,
        heldOn: records.meetings.map((meeting) => meeting.heldOn).sort(),
      },
      representations: {
        count: records.representations.length,
        replied: records.representations.filter((representation) => representation.reply !== undefined)
          .length,
      },
    },
    liability: {
      ...(liability.given ? { givenAt: liability.given.at, people: liability.given.people } : {}),
      downloads: liability.downloads.length,
      updates: liability.updates.length,
    },
  };
}

/** `election-confirmation#2` and `election-confirmation#3` are one purpose: the number is which send it was. */
export function purposeGroupOf(purpose: string): string {
  return purpose.split('#')[0] ?? purpose;
}

export function emailCountsOf(emails: readonly LedgerEntry[]): RetentionSummary['emails'] {
  const counts: RetentionSummary['emails'] = {};
  for (const email of emails) {
    const group = purposeGroupOf(email.purpose);
    const entry = counts[group] ?? { count: 0, byStatus: {} };
    entry.count += 1;
    entry.byStatus[email.status] = (entry.byStatus[email.status] ?? 0) + 1;
    counts[group] = entry;
  }
  return counts;
}

export function retentionSummaryOf(input: {
  takenAt: Instant;
  retainedUntil: BusinessDate;
  total: number;
  counts: Record<CaseStatus, number>;
  elections: Record<string, number>;
  milestones: readonly Milestone[];
  emails: readonly LedgerEntry[];
  audit: { events: number; head?: string };
  side?: SideRecords;
}): RetentionSummary {
  return {
    takenAt: input.takenAt,
    retainedUntil: input.retainedUntil,
    total: input.total,
    counts: input.counts,
    elections: input.elections,
    milestones: input.milestones.map((milestone) => ({
      kind: milestone.kind,
      dueOn: milestone.dueOn,
      status: milestone.status,
      ...(milestone.sent === undefined ? {} : { sent: milestone.sent }),
      ...(milestone.reason === undefined ? {} : { reason: milestone.reason }),
    })),
    emails: emailCountsOf(input.emails),
    audit: input.audit,
    ...(input.side ? sideRecordsSummaryOf(input.side) : {}),
  };
}

/**
 * Contracts: an ended contract's personal data goes `defaultRetentionYears` after its end date, from it
 * and every earlier term of the same chain. The record (dates, parties, decisions and when) stays.
 */
export const contractPersonalAttributes = [
  'employeeName',
  'employeeNumber',
  'justifications',
  'managerEmail',
  // The managers' index is keyed by the manager's address.
  'gsi1pk',
  'gsi1sk',
] as const;

/** A decision keeps what was decided and when; HR's note goes. */
export function decisionsWithoutNotes<T extends { note?: string }>(
  decisions: readonly T[],
): Omit<T, 'note'>[] {
  return decisions.map(({ note: _note, ...rest }) => rest);
}

/** A contract's emails (`CONTRACT#{id}#EMAILS` / `EMAIL#…`) keep purpose, status and times: a title may name its employee. */
export const contractEmailPersonalAttributes = ['to', 'subject'] as const;

/** The last day an ended contract's personal data is kept; undefined while it may still renew. */
export function contractRetainedUntil(contract: {
  status: string;
  endDate: BusinessDate;
}): BusinessDate | undefined {
  return contract.status === 'ended' ? addYears(contract.endDate, defaultRetentionYears) : undefined;
}

/** The end dates before which an ended contract is due on `today`: end date + years < today. */
export function contractEndedBefore(today: BusinessDate): BusinessDate {
  return addYears(today, -defaultRetentionYears);
}

/**
 * Consultations: kept `retentionYears` of their transfer (default six) after they close. Participants lose
 * their address and name; responses keep their text and time without the respondent's name, organisation
 * or address; emails keep purpose, status and times. The consultation, its timers and daily tallies stay.
 */
export const consultationItemRules: ReadonlyArray<{ prefix: string; exact?: true; rule: RetentionAction }> = [
  { prefix: 'CONSULTATION', exact: true, rule: keep },
  { prefix: 'RESPONSE#', rule: strip('name', 'organisation', 'email') },
  { prefix: 'DAY#', rule: keep },
  { prefix: 'TIMER#', rule: keep },
];

/** What happens to an item of `CONSULTATION#{id}` with this sort key: anything not listed is kept. */
export function consultationItemAction(sortKey: string): RetentionAction {
  const match = consultationItemRules.find((entry) =>
    entry.exact ? sortKey === entry.prefix : sortKey.startsWith(entry.prefix),
  );
  return match?.rule ?? keep;
}

/** A participant (`CONSULTATION#{id}#SHARD#{label}` / `PARTICIPANT#…`): the key is a hash or an employee key. */
export const participantPersonalAttributes = ['email', 'name'] as const;

/** A consultation's emails (`CONSULTATION#{id}#PARTICIPANT#{key}` / `EMAIL#…`). */
export const consultationEmailPersonalAttributes = ledgerPersonalAttributes;

/** The last day a consultation's personal data is kept; undefined while it is still taking responses. */
export function consultationRetainedUntil(
  consultation: { status: string; closesOn: BusinessDate },
  retentionYears = defaultRetentionYears,
): BusinessDate | undefined {
  return consultation.status === 'closed' || consultation.status === 'decided'
    ? addYears(consultation.closesOn, retentionYears)
    : undefined;
}
