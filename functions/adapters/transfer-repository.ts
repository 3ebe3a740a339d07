/** Transfers, their milestone timers and their audit trail in the table. */

import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditFacts,
  type ChainHead,
  type ChainLink,
  linkAll,
  type StoredAuditEvent,
} from '../domain/audit-chain.ts';
import { businessDateOf } from '../domain/business-dates.ts';
import { ConflictError, TransferNotDraftError, TransferNotFoundError } from '../domain/errors.ts';
import { type MilestoneOutcome, milestoneStatusOf, retryAtAfter } from '../domain/milestone-outcome.ts';
import type { Timer } from '../domain/timer.ts';
import {
  type CaseStatus,
  type HrStartedRun,
  hrStartedRuns,
  isMilestoneKind,
  isTrackedKind,
  type Milestone,
  type MilestoneKind,
  type MilestoneRecord,
  type TrackedKind,
  type Transfer,
  type TransferCompletion,
  type TransferHeader,
  type TransferStatus,
  type WorkflowFailure,
} from '../domain/transfer.ts';
import { emptyCounts } from '../domain/transfer-rules.ts';
import { executionNameOf, runNameOf } from '../domain/workflow-runs.ts';
import { jitteredPause } from '../jittered-pause.ts';
import {
  defaultTableAccess,
  keys,
  newListedRecordPut,
  queryAll,
  queryByPrefix,
  refusedAs,
  type TableAccess,
  tallyPrefix,
  updateExisting,
  updateIfStill,
} from './dynamodb.ts';
import { runFailedUpdate, sweepClaimsOn } from './sweep-claims.ts';
import { timerRepository } from './timer-repository.ts';

export type AuditEntry = AuditFacts;

/** An audit entry as read back: with its place in the hash chain, unless written before the chain began. */
export type AuditEvent = StoredAuditEvent;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The audit chain's head: the place and hash of the transfer's last chained audit event. */
const auditHeadKey = (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'AUDITHEAD' });

/** A write that met another on the chain head tries again, at most this many times in all. */
const auditAttempts = 100;

/** Full jitter, growing to at most a quarter second: writers that met on the head spread apart. */
const afterJitter = (attempt: number) => jitteredPause(attempt, 5, 250);

/** A transaction refused because the chain head's condition failed or met another write, and for no other reason. */
function refusedByHeadOnly(error: unknown, headIndex: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  const head = reasons[headIndex]?.Code;
  if (head !== 'ConditionalCheckFailed' && head !== 'TransactionConflict') return false;
  return reasons.every((reason, index) => index === headIndex || reason.Code !== 'ConditionalCheckFailed');
}

const pendingMilestones = 'MILESTONES#PENDING';
/** Failed milestones (and launches) the sweep has work on: a retry when `retryAt` comes, or telling HR. */
const failedMilestones = 'MILESTONES#FAILED';
/** Running milestones (and launches), by when each run started: the sweep asks about the old ones. */
const runningMilestones = 'MILESTONES#RUNNING';

const runningEntry = (id: string, kind: TrackedKind, startedAt: string) => ({
  gsi1pk: runningMilestones,
  gsi1sk: `${startedAt}#${id}#${kind}`,
});

/**
 * The record of a run HR started (the launch, a date change, the cancellation): running from `at`, its first
 * attempt, where the sweep finds it if it dies unrecorded. Put over the record of an earlier run of its kind.
 */
function hrRunItem(id: string, kind: HrStartedRun, at: string, executionName: string, change?: number) {
  return {
    ...keys.milestone(id, kind),
    type: 'milestone',
    transferId: id,
    kind,
    dueOn: businessDateOf(new Date(at)),
    dueAt: at,
    status: 'running',
    startedAt: at,
    attempt: 1,
    executionName,
    ...(change === undefined ? {} : { change }),
    ...runningEntry(id, kind, at),
  };
}

/** The audit entry of a finished run: as each was named before runs HR started had records. */
function auditActionOfFinished(kind: TrackedKind, status: string): string {
  if (kind === 'launch') return 'invitations-sent';
  if (kind === 'date-change' || kind === 'cancel') return `${kind}-finished`;
  return `${kind}-${status}`;
}

/** Sums the per-shard tally items into the transfer's counts and election tallies. */
export function sumTallies(
  tallies: readonly Record<string, unknown>[],
  optionCodes: readonly string[],
): Pick<Transfer, 'counts' | 'elections' | 'total'> {
  const counts = emptyCounts();
  const elections: Record<string, number> = Object.fromEntries(optionCodes.map((code) => [code, 0]));
  for (const tally of tallies) {
    for (const [attribute, value] of Object.entries(tally)) {
      if (typeof value !== 'number') continue;
      if (attribute.startsWith(tallyPrefix.count)) {
        const status = attribute.slice(tallyPrefix.count.length) as CaseStatus;
        counts[status] = (counts[status] ?? 0) + value;
      } else if (attribute.startsWith(tallyPrefix.election)) {
        const code = attribute.slice(tallyPrefix.election.length);
        elections[code] = (elections[code] ?? 0) + value;
      }
    }
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { counts, elections, total };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...rest } = item;
  return rest as T;
}

function auditItem(id: string, entry: AuditEntry, link: ChainLink) {
  return {
    pk: `TRANSFER#${id}`,
    sk: `AUDIT#${entry.at}#${randomUUID()}`,
    type: 'audit',
    ...entry,
    ...link,
  };
}

export type { MilestoneRecord };

export interface DueMilestone extends Milestone {
  transferId: string;
}

/** A failed milestone or launch the sweep has work on: run it again (`retryAt` set) or tell HR. */
export interface FailedMilestone {
  transferId: string;
  kind: TrackedKind;
  dueOn: string;
  /** The run that failed (1 for the first). */
  attempt: number;
  failedAt: string;
  reason: string;
  retryAt?: string;
  /** For `date-change`: the change its runs tell staff of. */
  change?: number;
}

/** A milestone or launch recorded running since `startedAt`, by its run `attempt` under `executionName`. */
export interface RunningMilestone {
  transferId: string;
  kind: TrackedKind;
  attempt: number;
  startedAt: string;
  executionName: string;
}

/** A stored milestone or launch item as the API, pages and evidence show it. */
function milestoneRecordOf(item: Record<string, unknown>): MilestoneRecord {
  const text = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] as string } : {});
  const count = (name: string) => (typeof item[name] === 'number' ? { [name]: item[name] as number } : {});
  return {
    kind: item.kind as TrackedKind,
    dueOn: item.dueOn as string,
    dueAt: item.dueAt as string,
    status: milestoneStatusOf(item.status),
    ...count('sent'),
    ...text('reason'),
    ...text('startedAt'),
    ...text('doneAt'),
    ...text('failedAt'),
    ...count('attempt'),
    ...text('retryAt'),
    ...text('hrToldAt'),
    ...count('change'),
  } as MilestoneRecord;
}

export function transferRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  const sweep = sweepClaimsOn({ client, tableName });
  const talliesOf = (id: string): Promise<Record<string, unknown>[]> =>
    queryByPrefix({ client, tableName }, `TRANSFER#${id}`, 'TALLY#');

  /** The header item alone: never counts, whatever else the stored item holds. */
  const headerOf = (stored: Record<string, unknown>): TransferHeader => {
    const {
      counts: _counts,
      elections: _elections,
      total: _total,
      ...header
    } = stripKeys<TransferHeader & Partial<Pick<Transfer, 'counts' | 'elections' | 'total'>>>(stored);
    return header;
  };

  const withTallies = async (transfer: TransferHeader): Promise<Transfer> => {
    const tallies = await talliesOf(transfer.id);
    return {
      ...transfer,
      ...sumTallies(
        tallies,
        transfer.pension.options.map((option) => option.code),
      ),
    };
  };

  /** One consistent read of the header item: the same cost however many shards the roster has. */
  const headerOrThrow = async (id: string): Promise<TransferHeader> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName(), Key: keys.transfer(id), ConsistentRead: true }),
    );
    if (!Item) throw new TransferNotFoundError(`No transfer ${id}`);
    return headerOf(Item);
  };

  /** The header and every shard's tally: reads that grow with the roster, for where counts are shown or decided on. */
  const loadOrThrow = async (id: string): Promise<Transfer> => withTallies(await headerOrThrow(id));

  /** The audit chain's head, read consistently; undefined before the transfer's first chained event. */
  const chainHeadOf = async (id: string): Promise<ChainHead | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName(), Key: auditHeadKey(id), ConsistentRead: true }),
    );
    return Item && typeof Item.seq === 'number' && typeof Item.hash === 'string'
      ? { seq: Item.seq, hash: Item.hash }
      : undefined;
  };

  /**
   * Writes a change and the audit entries recording it in one transaction, the entries placed in the hash
   * chain after its head and the head moved on only if nobody moved it since it was read. A refusal by the
   * head alone (another audit write came first) reads the head again and tries again; a refusal by the
   * change itself is `refusal`'s error, as before the chain. A new transfer's chain starts without a read.
   */
  const writeWithAudit = async (
    id: string,
    change: readonly TransactItem[],
    entries: readonly AuditEntry[],
    refusal: (error: unknown) => Error | Promise<Error>,
    { newChain = false }: { newChain?: boolean } = {},
  ): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      const head = newChain ? undefined : await chainHeadOf(id);
      const links = linkAll(head, entries);
      const last = links.at(-1);
      if (last === undefined) {
        await refusedAs(client.send(new TransactWriteCommand({ TransactItems: [...change] })), refusal);
        return;
      }
      const items: TransactItem[] = [
        ...change,
        ...entries.map((entry, index) => ({
          Put: { TableName: tableName(), Item: auditItem(id, entry, links[index] as ChainLink) },
        })),
        {
          Update: {
            TableName: tableName(),
            Key: auditHeadKey(id),
            UpdateExpression: 'SET #type = :type, seq = :seq, #hash = :hash, transferId = :id',
            ConditionExpression: head ? 'seq = :expected' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#type': 'type', '#hash': 'hash' },
            ExpressionAttributeValues: {
              ':type': 'audit-head',
              ':seq': last.seq,
              ':hash': last.hash,
              ':id': id,
              ...(head ? { ':expected': head.seq } : {}),
            },
          },
        },
      ];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const headMoved = refusedByHeadOnly(error, items.length - 1);
        if (headMoved && !newChain && attempt < auditAttempts) {
          await afterJitter(attempt);
          continue;
        }
        if (headMoved && !newChain) {
          throw new ConflictError('The audit history was busy; try again', { cause: error });
        }
        if (error instanceof TransactionCanceledException) throw await refusal(error);
        throw error;
      }
    }
  };

  /** After a conditional write failed: was it a missing transfer, or one in another status? */
  const explainRefusal = async (id: string, wanted: string): Promise<never> => {
    const transfer = await headerOrThrow(id);
    throw new TransferNotDraftError(`The transfer is ${transfer.status}; ${wanted}`);
  };

  return {
    get: loadOrThrow,

    /** Dates, options and status without the counts: for the form and the workflow steps. */
    header: headerOrThrow,

    async create(transfer: TransferHeader): Promise<void> {
      await writeWithAudit(
        transfer.id,
        [newListedRecordPut(tableName(), keys.transfer(transfer.id), 'transfer', 'TRANSFERS', transfer)],
        [{ at: transfer.createdAt, by: transfer.createdBy, action: 'created' }],
        (error) => error as Error,
        { newChain: true },
      );
    },

    async list(): Promise<Transfer[]> {
      const stored = await queryAll(client, {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :transfers',
        ExpressionAttributeValues: { ':transfers': 'TRANSFERS' },
        ScanIndexForward: false,
      });
      return Promise.all(stored.map((item) => withTallies(headerOf(item))));
    },

    /** Reserves roster indexes for `count` new people while the transfer is a draft; answers the first. */
    async reserveRosterIndexes(id: string, count: number): Promise<number> {
      const { Attributes } = await refusedAs(
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.transfer(id),
            UpdateExpression: 'ADD nextRosterIndex :count',
            ConditionExpression: 'attribute_exists(pk) AND #status = :draft',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':count': count, ':draft': 'draft' },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
        () => explainRefusal(id, 'staff can only be added to a draft'),
      );
      return (Attributes?.nextRosterIndex as number) - count;
    },

    /** Appends one entry to the transfer's audit chain. */
    async recordAudit(id: string, entry: AuditEntry): Promise<void> {
      await writeWithAudit(
        id,
        [],
        [entry],
        (error) => new ConflictError('The audit history was busy; try again', { cause: error }),
      );
    },

    /** Every audit event, chained or not, and the chain's head: what `verify` recomputes. */
    async auditChain(id: string): Promise<{ events: AuditEvent[]; head: ChainHead | undefined }> {
      const [items, head] = await Promise.all([
        queryByPrefix({ client, tableName }, `TRANSFER#${id}`, 'AUDIT#'),
        chainHeadOf(id),
      ]);
      return { events: items.map((item) => stripKeys<AuditEvent>(item)), head };
    },

    /** Draft → launched, with its milestones stored as timers, in one transaction. */
    async markLaunched(id: string, milestones: Milestone[], at: string, by: string): Promise<void> {
      await writeWithAudit(
        id,
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.transfer(id),
              UpdateExpression: 'SET #status = :launched, launchedAt = :at',
              ConditionExpression: '#status = :draft AND nextRosterIndex > :zero',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':launched': 'launched',
                ':draft': 'draft',
                ':at': at,
                ':zero': 0,
              },
            },
          },
          ...milestones.map((milestone) => ({
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.milestone(id, milestone.kind),
                type: 'milestone',
                transferId: id,
                ...milestone,
                gsi1pk: pendingMilestones,
                gsi1sk: `${milestone.dueAt}#${id}#${milestone.kind}`,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          {
            // The launch's own record: running now, done or failed when its workflow ends.
            Put: {
              TableName: tableName(),
              Item: hrRunItem(id, 'launch', at, executionNameOf(id, 'launch')),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        [{ at, by, action: 'launched' }],
        async (error) => {
          const transfer = await loadOrThrow(id);
          if (transfer.status === 'draft' && transfer.total === 0) {
            return new TransferNotDraftError('Add staff to the roster before launching the transfer');
          }
          return new TransferNotDraftError(`The transfer is ${transfer.status} and cannot be launched`, {
            cause: error,
          });
        },
      );
    },

    /** The transfer's scheduled milestones (not its launch), with what each did once run. */
    async milestones(id: string): Promise<Milestone[]> {
      return (await this.milestoneTimeline(id)).flatMap(({ kind, dueOn, dueAt, status, sent, reason }) =>
        isMilestoneKind(kind)
          ? [
              {
                kind,
                dueOn,
                dueAt,
                status,
                ...(sent === undefined ? {} : { sent }),
                ...(reason === undefined ? {} : { reason }),
              },
            ]
          : [],
      );
    },

    /** One milestone's or the launch's record; undefined when it has none (a launch from before records). */
    async milestoneRecord(id: string, kind: TrackedKind): Promise<MilestoneRecord | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: keys.milestone(id, kind), ConsistentRead: true }),
      );
      return Item ? milestoneRecordOf(Item) : undefined;
    },

    /** Oldest first, every page of it (a long-running transfer gathers more than one page of entries). */
    async auditTrail(id: string): Promise<AuditEntry[]> {
      const items = await queryByPrefix({ client, tableName }, `TRANSFER#${id}`, 'AUDIT#', {
        consistentRead: false,
      });
      return items.map((item) => stripKeys<AuditEntry>(item));
    },

    /** The milestones with when each started, finished or failed: the evidence pack's timeline. */
    async milestoneTimeline(id: string): Promise<MilestoneRecord[]> {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :milestone)',
          ExpressionAttributeValues: { ':pk': `TRANSFER#${id}`, ':milestone': 'MILESTONE#' },
          ConsistentRead: true,
        }),
      );
      return (Items ?? [])
        .filter((item) => typeof item.kind === 'string' && isTrackedKind(item.kind))
        .map(milestoneRecordOf)
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },

    /** Pending milestones due at or before `now`, oldest first. */
    async dueMilestones(now: Date): Promise<DueMilestone[]> {
      const items = await sweep.indexedUpTo(pendingMilestones, now);
      return items.map((item) => ({
        transferId: item.transferId as string,
        kind: item.kind as MilestoneKind,
        dueOn: item.dueOn as string,
        dueAt: item.dueAt as string,
        status: item.status as Milestone['status'],
      }));
    },

    /** Pending → started, only if it is still pending at the same due time; false if someone else moved it. */
    markMilestoneStarted(milestone: DueMilestone, executionName: string, at: string): Promise<boolean> {
      const key = keys.milestone(milestone.transferId, milestone.kind);
      const running = runningEntry(milestone.transferId, milestone.kind, at);
      return sweep.claimDueItem(key, milestone.dueAt, executionName, at, running);
    },

    /** Started → pending again, when its workflow could not be started; the next sweep tries again. */
    markMilestonePending(milestone: DueMilestone): Promise<void> {
      return sweep.releaseDueItem(keys.milestone(milestone.transferId, milestone.kind), {
        gsi1pk: pendingMilestones,
        gsi1sk: `${milestone.dueAt}#${milestone.transferId}#${milestone.kind}`,
      });
    },

    /** Failed milestones whose retry is due, or whose retries are used up and HR not yet told. */
    async failedMilestones(now: Date): Promise<FailedMilestone[]> {
      const items = await sweep.indexedUpTo(failedMilestones, now);
      return items.map((item) => ({
        transferId: item.transferId as string,
        kind: item.kind as TrackedKind,
        dueOn: item.dueOn as string,
        attempt: typeof item.attempt === 'number' ? item.attempt : 1,
        failedAt: item.failedAt as string,
        reason: String(item.reason ?? ''),
        ...(typeof item.retryAt === 'string' ? { retryAt: item.retryAt } : {}),
        ...(typeof item.change === 'number' ? { change: item.change } : {}),
      }));
    },

    /** Milestones and launches recorded running since before `startedBefore`, oldest first. */
    async runningMilestones(startedBefore: Date): Promise<RunningMilestone[]> {
      const items = await sweep.indexedBefore(runningMilestones, startedBefore);
      return items.map((item) => {
        const kind = item.kind as TrackedKind;
        const attempt = typeof item.attempt === 'number' ? item.attempt : 1;
        return {
          transferId: item.transferId as string,
          kind,
          attempt,
          startedAt: item.startedAt as string,
          executionName:
            typeof item.executionName === 'string'
              ? item.executionName
              : runNameOf(item.transferId as string, kind, item.dueOn as string, attempt),
        };
      });
    },

    /**
     * Starts run `attempt + 1` of a milestone or launch whose run `attempt` is in status `from` (failed,
     * or a launch left running by a run that died); false when someone else moved it first.
     */
    async claimRerun(
      id: string,
      kind: TrackedKind,
      from: { status: 'failed' | 'running'; attempt: number },
      executionName: string,
      at: string,
    ): Promise<boolean> {
      return sweep.claimRerunItem(
        keys.milestone(id, kind),
        from,
        executionName,
        at,
        runningEntry(id, kind, at),
      );
    },

    /** HR was told the milestone failed for good: the sweep has nothing more to do with it. */
    markHrTold(id: string, kind: TrackedKind, attempt: number, at: string): Promise<void> {
      return sweep.markItemHrTold(keys.milestone(id, kind), attempt, at);
    },

    /**
     * Records what a milestone (or the launch) did — done with the emails it sent, or skipped as late — and
     * moves the transfer from one status to the next, in one transaction.
     */
    async finishMilestone(
      id: string,
      kind: TrackedKind,
      transition: { from: TransferStatus; to: TransferStatus } | undefined,
      at: string,
      outcome: MilestoneOutcome = { status: 'done', sent: 0 },
    ): Promise<void> {
      const reason = 'reason' in outcome && outcome.reason !== undefined ? outcome.reason : undefined;
      const counted = outcome.sent !== undefined;
      // A run HR started before such runs had records gets one now, so its status shows.
      const startedByHr = (hrStartedRuns as readonly string[]).includes(kind);
      const launchFields = startedByHr
        ? ', kind = :kind, transferId = :id, dueOn = if_not_exists(dueOn, :today), dueAt = if_not_exists(dueAt, :at)'
        : '';
      await writeWithAudit(
        id,
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.milestone(id, kind),
              UpdateExpression: `SET #status = :status, doneAt = :at${counted ? ', sent = :sent' : ''}${reason ? ', reason = :reason' : ''}${launchFields} REMOVE gsi1pk, gsi1sk, retryAt${reason ? '' : ', reason'}${counted ? '' : ', sent'}`,
              ...(startedByHr ? {} : { ConditionExpression: 'attribute_exists(pk)' }),
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': outcome.status,
                ':at': at,
                ...(counted ? { ':sent': outcome.sent } : {}),
                ...(reason ? { ':reason': reason } : {}),
                ...(startedByHr ? { ':kind': kind, ':id': id, ':today': businessDateOf(new Date(at)) } : {}),
              },
            },
          },
          ...(transition
            ? [
                {
                  Update: {
                    TableName: tableName(),
                    Key: keys.transfer(id),
                    UpdateExpression: 'SET #status = :to',
                    ConditionExpression: '#status IN (:from, :to)',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':from': transition.from, ':to': transition.to },
                  },
                },
              ]
            : []),
        ],
        [
          {
            at,
            by: 'system',
            action: auditActionOfFinished(kind, outcome.status),
            detail: { ...(counted ? { sent: outcome.sent } : {}), ...(reason ? { reason } : {}) },
          },
        ],
        async (error) => {
          const transfer = await headerOrThrow(id);
          return new TransferNotDraftError(
            `The ${kind} milestone cannot finish while the transfer is ${transfer.status}`,
            { cause: error },
          );
        },
      );
    },

    /**
     * Stores moved dates in one transaction: the transfer's dates and change number (only if nobody else
     * changed them since it was read), each pending milestone's new due time (only if still pending at
     * the old one) and the audit entries. A refusal means the transfer moved under us: ConflictError.
     */
    async moveDates(
      id: string,
      change: {
        expectedStatus: TransferStatus;
        number: number;
        transferDate: string;
        electionClosesOn: string;
        milestones: ReadonlyArray<{
          kind: MilestoneKind;
          dueOn: string;
          dueAt: string;
          previousDueAt: string;
        }>;
        audit: readonly AuditEntry[];
        /** Once staff have been told anything: the run that tells them of this change, recorded running. */
        run?: { executionName: string; at: string };
      },
    ): Promise<void> {
      const previous = change.number - 1;
      await writeWithAudit(
        id,
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.transfer(id),
              UpdateExpression:
                'SET transferDate = :transferDate, pension.electionClosesOn = :electionClosesOn, dateChanges = :number',
              ConditionExpression: `#status = :status AND ${previous === 0 ? 'attribute_not_exists(dateChanges)' : 'dateChanges = :previous'}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':transferDate': change.transferDate,
                ':electionClosesOn': change.electionClosesOn,
                ':number': change.number,
                ':status': change.expectedStatus,
                ...(previous === 0 ? {} : { ':previous': previous }),
              },
            },
          },
          ...change.milestones.map((milestone) => ({
            Update: {
              TableName: tableName(),
              Key: keys.milestone(id, milestone.kind),
              UpdateExpression: 'SET dueOn = :dueOn, dueAt = :dueAt, gsi1sk = :sort',
              ConditionExpression: '#status = :pending AND dueAt = :previousDueAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':dueOn': milestone.dueOn,
                ':dueAt': milestone.dueAt,
                ':sort': `${milestone.dueAt}#${id}#${milestone.kind}`,
                ':pending': 'pending',
                ':previousDueAt': milestone.previousDueAt,
              },
            },
          })),
          ...(change.run
            ? [
                {
                  Put: {
                    TableName: tableName(),
                    Item: hrRunItem(
                      id,
                      'date-change',
                      change.run.at,
                      change.run.executionName,
                      change.number,
                    ),
                  },
                },
              ]
            : []),
        ],
        change.audit,
        (error) =>
          new ConflictError('The transfer changed while its dates were being moved; try again', {
            cause: error,
          }),
      );
    },

    /**
     * Cancels a transfer in one transaction: its status (only from the one it was read in), each pending
     * milestone and each pending timer of its election of representatives (taken out of the sweep's index,
     * each only if still pending) and the audit entry. A refusal: ConflictError.
     */
    async markCancelled(
      id: string,
      change: {
        from: TransferStatus;
        pending: readonly MilestoneKind[];
        at: string;
        by: string;
        /** The run that tells staff and deletes their data, recorded running. */
        executionName: string;
        /** The transfer's own timers (its election of representatives'), as read: the pending ones are cancelled. */
        timers?: readonly Timer[];
      },
    ): Promise<void> {
      await writeWithAudit(
        id,
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.transfer(id),
              UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at',
              ConditionExpression: '#status = :from',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':cancelled': 'cancelled',
                ':at': change.at,
                ':from': change.from,
              },
            },
          },
          ...change.pending.map((kind) => ({
            Update: {
              TableName: tableName(),
              Key: keys.milestone(id, kind),
              UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at REMOVE gsi1pk, gsi1sk',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':cancelled': 'cancelled',
                ':at': change.at,
                ':pending': 'pending',
              },
            },
          })),
          ...timerRepository({ client, tableName }).cancelItems(change.timers ?? [], change.at),
          {
            Put: {
              TableName: tableName(),
              Item: hrRunItem(id, 'cancel', change.at, change.executionName),
            },
          },
        ],
        [{ at: change.at, by: change.by, action: 'cancelled' }],
        (error) =>
          new ConflictError('The transfer changed while it was being cancelled; try again', { cause: error }),
      );
    },

    /** Keeps what transfer day did (the same counts on every rerun, so writing them again changes nothing). */
    async recordCompletion(id: string, completion: TransferCompletion): Promise<void> {
      await updateExisting({ client, tableName }, keys.transfer(id), {
        UpdateExpression: 'SET completion = :completion',
        ExpressionAttributeValues: { ':completion': completion },
      });
    },

    async recordFailure(id: string, failure: WorkflowFailure): Promise<void> {
      const updates: Array<Promise<unknown>> = [
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.transfer(id),
            UpdateExpression: 'SET failures = list_append(if_not_exists(failures, :none), :failure)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':none': [], ':failure': [failure] },
          }),
        ),
      ];
      const kind = failure.milestone;
      if (kind && isTrackedKind(kind)) updates.push(this.markMilestoneFailed(id, kind, failure));
      await Promise.all(updates);
    },

    /**
     * Marks a running milestone (or launch) failed with the reason, and puts it where the sweep finds it:
     * due for a retry after its backoff, or, with the retries used up, due for telling HR.
     */
    async markMilestoneFailed(
      id: string,
      kind: TrackedKind,
      failure: WorkflowFailure,
      /** Only this run: the sweep marks a run it found stopped, never one started since. */
      run?: { attempt: number },
    ): Promise<void> {
      const record = await this.milestoneRecord(id, kind);
      if (!record || (record.status !== 'running' && record.status !== 'failed')) return;
      const attempt = record.attempt ?? 1;
      if (run && run.attempt !== attempt) return;
      await updateIfStill(
        client,
        runFailedUpdate({
          tableName: tableName(),
          key: keys.milestone(id, kind),
          attempt,
          failure,
          retryAt: retryAtAfter(attempt, new Date(failure.at)),
          index: failedMilestones,
          sortOf: (when) => `${when}#${id}#${kind}`,
        }),
      );
    },
  };
}

export type TransferRepository = ReturnType<typeof transferRepository>;
