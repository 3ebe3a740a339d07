/**
 * Retention and subject access. The daily job finds finished transfers past their period and starts
 * `remove-personal-data` for each (ids only), whose steps take the evidence summary, then remove each
 * shard's people, then strip the transfer's own records, delete its side partitions (the liability
 * information's files, the election's candidates and ballot box) and strip its emails, then mark the
 * transfer; ended contracts past the
 * period are stripped by the job itself. Every step checks the transfer is due and is safe to run again.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ConsultationRepository } from '../adapters/consultation-repository.ts';
import { forEachConcurrently } from '../adapters/dynamodb.ts';
import type { emailLedger } from '../adapters/email-ledger.ts';
import type { InformationDutyRepository } from '../adapters/information-duty-repository.ts';
import type { LiabilityRepository } from '../adapters/liability-repository.ts';
import type { RepresentativeRepository } from '../adapters/representative-repository.ts';
import type { ItemPage, RetentionRepository, StoredItem } from '../adapters/retention-repository.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import { publicRespondentShards } from '../domain/consultation-rules.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  caseItemAction,
  consultationEmailPersonalAttributes,
  consultationItemAction,
  consultationRetainedUntil,
  contractEmailPersonalAttributes,
  contractEndedBefore,
  contractPersonalAttributes,
  decisionsWithoutNotes,
  isRetentionDue,
  needsRetention,
  participantPersonalAttributes,
  personItemAction,
  type RetentionAction,
  type RetentionSummary,
  retainedUntil,
  retentionSummaryOf,
  type SideRecords,
  sidePartitionItemAction,
  type TransferSidePartition,
  transferItemAction,
  transferSidePartitions,
} from '../domain/retention.ts';
import { employeeKey } from '../domain/roster.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import { shardsOf, todayOf } from '../domain/transfer-rules.ts';

/** The personal data of a transfer is gone: a subject access request finds nothing, and says when. */
export class PersonalDataRemovedError extends NotFoundError {
  override readonly name = 'PersonalDataRemovedError';
  constructor(
    message: string,
    readonly removedAt: string,
  ) {
    super(message);
  }
}

/** A retention step was asked to remove data that is not yet due: it removes nothing. */
export class RetentionNotDueError extends ConflictError {
  override readonly name = 'RetentionNotDueError';
}

export interface RetentionDependencies {
  retention: RetentionRepository;
  transfers: TransferRepository;
  cases: CaseRepository;
  consultations: ConsultationRepository;
  ledger: Pick<ReturnType<typeof emailLedger>, 'forPerson'>;
  /** Read for the evidence summary's counts, before their records are deleted. */
  representatives: Pick<RepresentativeRepository, 'list' | 'election'>;
  duty: Pick<
    InformationDutyRepository,
    'measuresRequests' | 'measuresAnswers' | 'informationLetters' | 'meetings' | 'representations'
  >;
  liability: Pick<LiabilityRepository, 'record'>;
  startWorkflow: StartWorkflow;
  clock: Clock;
}

/** Items a step handles before it hands back a cursor, so each call ends well inside its timeout. */
const itemsPerCall = 2000;
const pageSize = 200;
/** Contracts the daily job strips in one run: the rest wait for the next. */
const contractsPerRun = 200;
/** Consultation items the daily job reads in one run, well inside its timeout: the rest wait for the next. */
const consultationItemsPerRun = 5000;

/**
 * Where `remove-transfer-records` goes on from: the transfer's partition, then each of its side partitions
 * (`partition` names which), then its emails index.
 */
export type RecordsCursor =
  | { phase: 'records' | 'emails'; after?: string }
  | { phase: 'side'; partition: TransferSidePartition; after?: string };

/** After a phase's last page: records, then each side partition in turn, then the emails. */
function nextPhase(position: RecordsCursor): RecordsCursor | undefined {
  if (position.phase === 'emails') return undefined;
  const index = position.phase === 'side' ? transferSidePartitions.indexOf(position.partition) + 1 : 0;
  const partition = transferSidePartitions[index];
  return partition ? { phase: 'side', partition } : { phase: 'emails' };
}

/** A person's data for a subject access request. */
export interface PersonExport {
  exportedAt: string;
  transfer: Pick<TransferHeader, 'id' | 'name' | 'transferor' | 'transferee' | 'transferDate' | 'status'>;
  person: Omit<
    StaffCase,
    | 'history'
    | 'election'
    | 'objection'
    | 'transferId'
    | 'shard'
    | 'version'
    | 'lockout'
    | 'linkVersion'
    | 'pendingLinkVersion'
  >;
  election?: StaffCase['election'];
  electionHistory: StaffCase['history'];
  history: StaffCase['history'];
  objection?: StaffCase['objection'];
  notifications: Array<{ purpose: string; subject: string; to: string; status: string; sentAt?: string }>;
  consultationResponses: Array<{
    consultationId: string;
    title: string;
    respondedAt: string;
    response: string;
    name?: string;
    organisation?: string;
  }>;
  /** The employee liability information fields, when the roster or HR gave them. */
  liabilityInformation?: Record<string, unknown>;
}

const withoutKeys = (item: Record<string, unknown>) => {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _e,
    gsi3sk: _f,
    ...rest
  } = item;
  return rest;
};

export function retentionService(deps: RetentionDependencies) {
  const { retention, transfers, cases, clock } = deps;
  const today = () => todayOf(clock.now());

  /** What the summary counts of the records the side steps delete. */
  const sideRecordsOf = async (transferId: string): Promise<SideRecords> => {
    const { representatives, duty, liability } = deps;
    const [list, election, measuresRequests, measuresAnswers, letters, meetings, representations, record] =
      await Promise.all([
        representatives.list(transferId),
        representatives.election(transferId),
        duty.measuresRequests(transferId),
        duty.measuresAnswers(transferId),
        duty.informationLetters(transferId),
        duty.meetings(transferId),
        duty.representations(transferId),
        liability.record(transferId),
      ]);
    return {
      representatives: list,
      ...(election ? { election } : {}),
      measuresRequests,
      measuresAnswers,
      letters,
      meetings,
      representations,
      liability: record,
    };
  };

  /** The header of a transfer whose retention is due: every removing step starts here. */
  const dueHeader = async (transferId: string): Promise<TransferHeader> => {
    const header = await transfers.header(transferId);
    if (!isRetentionDue(header, today())) {
      throw new RetentionNotDueError(`The personal data of transfer ${transferId} is not due for removal`);
    }
    return header;
  };

  /** A person's partition: each item as the rules say. */
  const removePersonPartition = async (transferId: string, recipientKey: string) => {
    const items = await retention.partition(`TRANSFER#${transferId}#PERSON#${recipientKey}`);
    for (const item of items) await retention.apply(item, personItemAction(recipientKey, item.sk));
  };

  const applyTransferRecord = async (transferId: string, item: StoredItem) => {
    if (item.pk === `TRANSFER#${transferId}`) await retention.apply(item, transferItemAction(item.sk));
  };

  /** One page of where a cursor points: a side partition is read by its exact key, and its keys only. */
  const pageAt = (transferId: string, position: RecordsCursor): Promise<ItemPage> => {
    if (position.phase === 'records') {
      return retention.partitionPage(`TRANSFER#${transferId}`, position.after, pageSize);
    }
    if (position.phase === 'side') {
      return retention.keysPage(`TRANSFER#${transferId}#${position.partition}`, position.after, pageSize);
    }
    return retention.emailPage(transferId, position.after, pageSize);
  };

  /** An email found through the index: its partition says whom it concerns. */
  const applyIndexedEmail = async (transferId: string, item: StoredItem) => {
    const prefix = `TRANSFER#${transferId}#PERSON#`;
    if (!item.pk.startsWith(prefix)) return;
    await retention.apply(item, personItemAction(item.pk.slice(prefix.length), item.sk));
  };

  /** An ended contract and every earlier term of its chain, stripped; answers how many were. */
  const removeContractChain = async (contract: StoredItem): Promise<number> => {
    let stripped = 0;
    let term: StoredItem | undefined = contract;
    const seen = new Set<string>();
    while (term && !seen.has(term.pk)) {
      seen.add(term.pk);
      await retention.apply(term, { action: 'strip', attributes: contractPersonalAttributes });
      await retention.set(
        { pk: term.pk, sk: term.sk },
        {
          decisions: decisionsWithoutNotes((term.decisions as Array<{ note?: string }>) ?? []),
          personalDataRemovedAt: clock.now().toISOString(),
        },
      );
      for (const email of await retention.partition(`${term.pk}#EMAILS`)) {
        await retention.apply(email, { action: 'strip', attributes: contractEmailPersonalAttributes });
      }
      stripped += 1;
      const previous: unknown = term.previousContractId;
      term = typeof previous === 'string' ? await retention.contract(previous) : undefined;
    }
    return stripped;
  };

  /** How long a consultation is kept: its transfer's period when it has one (default six years). */
  const consultationDue = async (item: StoredItem, day: string): Promise<boolean> => {
    if (item.personalDataRemovedAt !== undefined) return false;
    const transferId = typeof item.transferId === 'string' ? item.transferId : undefined;
    const years = transferId
      ? await transfers
          .header(transferId)
          .then((header) => header.retentionYears)
          .catch(() => undefined)
      : undefined;
    const until = consultationRetainedUntil(
      { status: String(item.status), closesOn: String(item.closesOn) },
      years,
    );
    return until !== undefined && until < day;
  };

  /**
   * One consultation's participants, responses and emails stripped, then marked; false when the run's
   * budget ran out first (the next run goes on: stripped items are only read again).
   */
  const removeConsultation = async (item: StoredItem, budget: { left: number }): Promise<boolean> => {
    const id = String(item.pk).slice('CONSULTATION#'.length);
    const apply = async (items: StoredItem[], action: (stored: StoredItem) => RetentionAction) => {
      for (const stored of items) await retention.apply(stored, action(stored));
      budget.left -= items.length;
    };
    const labels = new Set([
      ...Object.keys((item.shardCounts as Record<string, number> | undefined) ?? {}),
      ...Array.from({ length: publicRespondentShards }, (_, shard) => `P${shard}`),
    ]);
    for (const label of labels) {
      if (budget.left <= 0) return false;
      await apply(await retention.partition(`CONSULTATION#${id}#SHARD#${label}`), () => ({
        action: 'strip',
        attributes: participantPersonalAttributes,
      }));
    }
    await apply(await retention.partition(`CONSULTATION#${id}`), (stored) =>
      consultationItemAction(stored.sk),
    );
    let after: string | undefined;
    do {
      if (budget.left <= 0) return false;
      const page: ItemPage = await retention.emailPage(id, after, pageSize);
      await apply(page.items, () => ({ action: 'strip', attributes: consultationEmailPersonalAttributes }));
      after = page.next;
    } while (after);
    await retention.set({ pk: item.pk, sk: item.sk }, { personalDataRemovedAt: clock.now().toISOString() });
    return true;
  };

  return {
    /**
     * The daily job: starts the workflow for each transfer due, and strips ended contracts and closed
     * consultations past their period.
     */
    async sweep(): Promise<{
      started: number;
      executionArns: string[];
      contracts: number;
      consultations: number;
    }> {
      const day = today();
      const due = (await retention.transferHeaders()).filter((header) => needsRetention(header, day));
      const executionArns: string[] = [];
      for (const header of due) {
        // One run a day at most: a run that failed is started again by the next day's job.
        const started = await deps.startWorkflow('remove-personal-data', `${header.id}-retention-${day}`, {
          transferId: header.id,
        });
        if (!started.alreadyStarted) executionArns.push(started.executionArn);
      }
      const contracts = (await retention.decidedContractsEndedBefore(contractEndedBefore(day)))
        .filter((item) => item.status === 'ended' && item.personalDataRemovedAt === undefined)
        .slice(0, contractsPerRun);
      let stripped = 0;
      for (const contract of contracts) stripped += await removeContractChain(contract);
      const budget = { left: consultationItemsPerRun };
      let consultations = 0;
      for (const consultation of await retention.consultations()) {
        if (budget.left <= 0) break;
        if (!(await consultationDue(consultation, day))) continue;
        if (await removeConsultation(consultation, budget)) consultations += 1;
      }
      return { started: executionArns.length, executionArns, contracts: stripped, consultations };
    },

    /** First step: the evidence summary, once, before anything goes; answers the shards to visit. */
    async prepare(transferId: string): Promise<{ shards: number[] }> {
      const header = await dueHeader(transferId);
      if ((await retention.summary(transferId)) === undefined) {
        const [transfer, milestones, emails, audit, side] = await Promise.all([
          transfers.get(transferId),
          transfers.milestones(transferId),
          retention.emailsOf(transferId),
          transfers.auditTrail(transferId),
          sideRecordsOf(transferId),
        ]);
        const last = audit.at(-1) as (Record<string, unknown> & { hash?: unknown }) | undefined;
        await retention.putSummaryOnce(
          transferId,
          retentionSummaryOf({
            takenAt: clock.now().toISOString(),
            retainedUntil: retainedUntil(header) ?? today(),
            total: transfer.total,
            counts: transfer.counts,
            elections: transfer.elections,
            milestones,
            emails,
            audit: {
              events: audit.length,
              ...(typeof last?.hash === 'string' ? { head: last.hash } : {}),
            },
            side,
          }),
        );
      }
      return { shards: shardsOf(header.nextRosterIndex) };
    },

    /** One shard: each person's lookup, liability information and emails, their manager's emails, then the case. */
    async removeShard(transferId: string, shard: number): Promise<{ removed: number }> {
      await dueHeader(transferId);
      const people = await cases.loadShard(transferId, shard);
      await forEachConcurrently(people, 8, async (person) => {
        await removePersonPartition(transferId, employeeKey(person.employeeNumber));
        if (person.managerEmail) {
          await removePersonPartition(transferId, `_MANAGER#${person.managerEmail.toLowerCase()}`);
        }
        // The case last: while it stands, a rerun finds the person's other items again.
        await retention.apply(
          { pk: `TRANSFER#${transferId}#SHARD#${shard}`, sk: `CASE#${employeeKey(person.employeeNumber)}` },
          caseItemAction(),
        );
      });
      return { removed: people.length };
    },

    /**
     * The transfer's own records (header, audit, and the other records under its partition), then each of
     * its side partitions whole, then every email left in its index (HR's, the transferee contact's, the
     * representatives', managers' no case named): a page at a time, `next` until done.
     */
    async removeTransferRecords(
      transferId: string,
      cursor: RecordsCursor = { phase: 'records' },
    ): Promise<{ done: boolean; next?: RecordsCursor }> {
      await dueHeader(transferId);
      let position: RecordsCursor | undefined = cursor;
      let handled = 0;
      while (position && handled < itemsPerCall) {
        const page: ItemPage = await pageAt(transferId, position);
        if (position.phase === 'side') {
          await forEachConcurrently(page.items, 8, (item) =>
            retention.apply(item, sidePartitionItemAction()),
          );
        } else {
          for (const item of page.items) {
            if (position.phase === 'records') await applyTransferRecord(transferId, item);
            else await applyIndexedEmail(transferId, item);
          }
        }
        handled += page.items.length;
        position = page.next ? { ...position, after: page.next } : nextPhase(position);
      }
      return position ? { done: false, next: position } : { done: true };
    },

    /** Last step: the transfer says when its personal data went, audited once. */
    async finish(transferId: string): Promise<{ removedAt: string }> {
      const header = await dueHeader(transferId);
      if (header.personalDataRemovedAt) return { removedAt: header.personalDataRemovedAt };
      const at = clock.now().toISOString();
      const until = retainedUntil(header) ?? today();
      const audited = (await transfers.auditTrail(transferId)).some(
        (entry) => entry.action === 'personal-data-removed',
      );
      if (!audited) {
        // No detail: the header says until when it was kept, and no audit event of it has one any more.
        await transfers.recordAudit(transferId, { at, by: 'system', action: 'personal-data-removed' });
      }
      await retention.markRemoved(transferId, until, at);
      return { removedAt: at };
    },

    /** The evidence summary retention kept, if it ran. */
    summary: (transferId: string): Promise<RetentionSummary | undefined> => retention.summary(transferId),

    /** Subject access: everything held about one person on a transfer. */
    async exportPerson(transferId: string, employeeNumber: string): Promise<PersonExport> {
      const header = await transfers.header(transferId);
      if (header.personalDataRemovedAt) {
        throw new PersonalDataRemovedError(
          'The personal data of this transfer was deleted at the end of its retention period',
          header.personalDataRemovedAt,
        );
      }
      const key = employeeKey(employeeNumber);
      const shard = await cases.shardOf(transferId, employeeNumber);
      const [staffCase, notifications, personItems, consultations] = await Promise.all([
        cases.get(transferId, shard, employeeNumber),
        deps.ledger.forPerson(transferId, key),
        retention.partition(`TRANSFER#${transferId}#PERSON#${key}`),
        deps.consultations.forTransfer(transferId),
      ]);
      const responses = await Promise.all(
        consultations.map(async (consultation) =>
          (await deps.consultations.responses(consultation.id))
            .filter(
              (response) =>
                response.participantKey === key ||
                (response.email !== undefined &&
                  response.email.toLowerCase() === staffCase.email.toLowerCase()),
            )
            .map((response) => ({
              consultationId: consultation.id,
              title: consultation.title,
              respondedAt: response.respondedAt,
              response: response.response,
              ...(response.name ? { name: response.name } : {}),
              ...(response.organisation ? { organisation: response.organisation } : {}),
            })),
        ),
      );
      const eli = personItems.find((item) => item.sk === 'ELI');
      const {
        history,
        election,
        objection,
        transferId: _transferId,
        shard: _shard,
        version: _version,
        lockout: _lockout,
        linkVersion: _linkVersion,
        pendingLinkVersion: _pendingLinkVersion,
        ...person
      } = staffCase;
      return {
        exportedAt: clock.now().toISOString(),
        transfer: {
          id: header.id,
          name: header.name,
          transferor: header.transferor,
          transferee: header.transferee,
          transferDate: header.transferDate,
          status: header.status,
        },
        person,
        ...(election ? { election } : {}),
        electionHistory: history.filter((event) => event.option !== undefined),
        history,
        ...(objection ? { objection } : {}),
        notifications: notifications.map((notification) => ({
          purpose: notification.purpose,
          subject: notification.subject,
          to: notification.to,
          status: notification.status,
          ...(notification.sentAt ? { sentAt: notification.sentAt } : {}),
        })),
        consultationResponses: responses.flat(),
        ...(eli ? { liabilityInformation: withoutKeys(eli) } : {}),
      };
    },
  };
}

export type RetentionService = ReturnType<typeof retentionService>;
