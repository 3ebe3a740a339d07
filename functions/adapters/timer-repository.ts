/**
 * The timers of consultations and contracts. A pending timer is indexed (gsi1 `TIMERS#PENDING` /
 * `{dueAt}#{owner}#{ownerId}#{key}`) so the sweep finds what is due in one query; a running one under
 * `TIMERS#RUNNING` by when it started (the sweep asks about old ones), a failed one under `TIMERS#FAILED`
 * by when it is retried or HR is told. Finishing or cancelling it takes it out of the index.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { retryAtAfter } from '../domain/milestone-outcome.ts';
import { isFinished, type Timer, type TimerOwner } from '../domain/timer.ts';
import type { Instant } from '../domain/transfer.ts';
import { defaultTableAccess, keys, queryByPrefix, type TableAccess, updateIfStill } from './dynamodb.ts';
import { runFailedUpdate, sweepClaimsOn } from './sweep-claims.ts';

const pendingTimers = 'TIMERS#PENDING';
const runningTimers = 'TIMERS#RUNNING';
const failedTimers = 'TIMERS#FAILED';

/** Names one timer: its owner, and its key within the owner. */
export type TimerRef = Pick<Timer, 'owner' | 'ownerId' | 'key'>;

const indexSortKey = (at: string, timer: TimerRef) => `${at}#${timer.owner}#${timer.ownerId}#${timer.key}`;

export interface TimerFailure {
  workflow: string;
  timer?: string;
  error: string;
  at: Instant;
}

const ownerItemSortKey: Record<TimerOwner, string> = {
  consultation: 'CONSULTATION',
  contract: 'CONTRACT',
  transfer: 'TRANSFER',
};

function itemOf(timer: Timer): Record<string, unknown> {
  return {
    ...keys.timer(timer.owner, timer.ownerId, timer.key),
    type: 'timer',
    ...timer,
    ...(timer.status === 'pending'
      ? { gsi1pk: pendingTimers, gsi1sk: `${timer.dueAt}#${timer.owner}#${timer.ownerId}#${timer.key}` }
      : {}),
  };
}

function timerOf(item: Record<string, unknown>): Timer {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, ...timer } = item;
  return timer as unknown as Timer;
}

export function timerRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  const sweep = sweepClaimsOn({ client, tableName });
  return {
    /**
     * The Put of a new timer, for a caller's transaction (so an owner and its timers are written together).
     * Fails the transaction if the timer already exists.
     */
    putItem(timer: Timer) {
      return {
        Put: { TableName: tableName(), Item: itemOf(timer), ConditionExpression: 'attribute_not_exists(pk)' },
      };
    },

    /** Writes a timer unless one with the same key exists; true when written. */
    async putOnce(timer: Timer): Promise<boolean> {
      try {
        await client.send(new PutCommand(this.putItem(timer).Put));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Every timer of a consultation or contract, in the order they fall due. */
    async forOwner(owner: TimerOwner, ownerId: string): Promise<Timer[]> {
      const items = await queryByPrefix({ client, tableName }, keys.timer(owner, ownerId, '').pk, 'TIMER#');
      return items.map(timerOf).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
    },

    /** Pending timers due at or before `now`, oldest first. */
    async due(now: Date): Promise<Timer[]> {
      return (await sweep.indexedUpTo(pendingTimers, now)).map(timerOf);
    },

    /** True when an earlier timer of the same owner is not finished: its workflows run one after another. */
    async hasUnfinishedEarlier(timer: Timer): Promise<boolean> {
      const all = await this.forOwner(timer.owner, timer.ownerId);
      return all.some(
        (other) =>
          other.key !== timer.key &&
          !isFinished(other) &&
          (other.dueAt < timer.dueAt || (other.dueAt === timer.dueAt && other.key < timer.key)),
      );
    },

    /** Pending → started, only if still pending at the same due time; false if someone else moved it. */
    markStarted(timer: Timer, executionName: string, at: Instant): Promise<boolean> {
      const key = keys.timer(timer.owner, timer.ownerId, timer.key);
      return sweep.claimDueItem(key, timer.dueAt, executionName, at, {
        gsi1pk: runningTimers,
        gsi1sk: indexSortKey(at, timer),
      });
    },

    /** Started → pending again, when its workflow could not be started; the next sweep tries again. */
    markPending(timer: Timer): Promise<void> {
      const { gsi1pk, gsi1sk } = itemOf({ ...timer, status: 'pending' });
      return sweep.releaseDueItem(keys.timer(timer.owner, timer.ownerId, timer.key), {
        gsi1pk: String(gsi1pk),
        gsi1sk: String(gsi1sk),
      });
    },

    /**
     * Marks a timer done, or skipped with its reason (idempotent: a finished timer stays as it is).
     */
    async finish(
      owner: TimerOwner,
      ownerId: string,
      key: string,
      at: Instant,
      outcome: { status: 'done' } | { status: 'skipped'; reason: string } = { status: 'done' },
    ): Promise<Timer['status']> {
      const reason = outcome.status === 'skipped' ? outcome.reason : undefined;
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.timer(owner, ownerId, key),
            UpdateExpression: `SET #status = :done, finishedAt = :at${reason ? ', reason = :reason' : ''} REMOVE gsi1pk, gsi1sk`,
            ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :running, :started)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':done': outcome.status,
              ...(reason ? { ':reason': reason } : {}),
              ':at': at,
              ':pending': 'pending',
              ':running': 'running',
              ':started': 'started',
            },
          }),
        );
        return outcome.status;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await client.send(
          new GetCommand({
            TableName: tableName(),
            Key: keys.timer(owner, ownerId, key),
            ConsistentRead: true,
          }),
        );
        if (!Item) throw new Error(`No timer ${key} on ${owner} ${ownerId}`);
        return Item.status as Timer['status'];
      }
    },

    /** Timers recorded running since before `startedBefore`, oldest first. */
    async running(startedBefore: Date): Promise<Timer[]> {
      return (await sweep.indexedBefore(runningTimers, startedBefore)).map(timerOf);
    },

    /** Failed timers whose retry is due, or whose retries are used up and HR not yet told. */
    async failed(now: Date): Promise<Timer[]> {
      return (await sweep.indexedUpTo(failedTimers, now)).map(timerOf);
    },

    /**
     * The update that marks run `attempt` of a running timer failed with the reason, indexed for the sweep:
     * due for a retry after its backoff (as a milestone's, functions/domain/milestone-outcome.ts), or, with
     * its retries used up, due for telling HR.
     */
    failedUpdate(timer: TimerRef, attempt: number, failure: { error: string; at: Instant }) {
      return runFailedUpdate({
        tableName: tableName(),
        key: keys.timer(timer.owner, timer.ownerId, timer.key),
        attempt,
        failure,
        retryAt: retryAtAfter(attempt, new Date(failure.at)),
        index: failedTimers,
        sortOf: (when) => indexSortKey(when, timer),
        alsoSet: ['finishedAt'],
      });
    },

    /** Marks run `attempt` of a running timer failed (the sweep found its run stopped); false if it moved. */
    async markFailed(
      timer: TimerRef,
      attempt: number,
      failure: { error: string; at: Instant },
    ): Promise<boolean> {
      return updateIfStill(client, this.failedUpdate(timer, attempt, failure));
    },

    /** Starts run `attempt + 1` of a failed timer; false when someone else moved it first. */
    async claimRerun(timer: TimerRef, attempt: number, executionName: string, at: Instant): Promise<boolean> {
      return sweep.claimRerunItem(
        keys.timer(timer.owner, timer.ownerId, timer.key),
        { status: 'failed', attempt },
        executionName,
        at,
        { gsi1pk: runningTimers, gsi1sk: indexSortKey(at, timer) },
        ['finishedAt'],
      );
    },

    /** HR was told the timer failed for good: the sweep has nothing more to do with it. */
    markHrTold(timer: TimerRef, attempt: number, at: Instant): Promise<void> {
      return sweep.markItemHrTold(keys.timer(timer.owner, timer.ownerId, timer.key), attempt, at);
    },

    /**
     * Marks a running timer (when the failure names one) failed and records the failure on its owner, where
     * HR sees it, in one transaction. A timer no longer running (a repeated step) records nothing again: false.
     */
    async recordFailure(owner: TimerOwner, ownerId: string, failure: TimerFailure): Promise<boolean> {
      const ownerKey = { pk: keys.timer(owner, ownerId, '').pk, sk: ownerItemSortKey[owner] };
      let timerUpdate: ReturnType<typeof this.failedUpdate> | undefined;
      if (failure.timer !== undefined) {
        const { Item } = await client.send(
          new GetCommand({
            TableName: tableName(),
            Key: keys.timer(owner, ownerId, failure.timer),
            ConsistentRead: true,
          }),
        );
        const attempt = typeof Item?.attempt === 'number' ? Item.attempt : 1;
        timerUpdate = this.failedUpdate({ owner, ownerId, key: failure.timer }, attempt, failure);
      }
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName(),
                  Key: ownerKey,
                  UpdateExpression: 'SET failures = list_append(if_not_exists(failures, :none), :failure)',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':none': [], ':failure': [failure] },
                },
              },
              ...(timerUpdate ? [{ Update: timerUpdate }] : []),
            ],
          }),
        );
        return true;
      } catch (error) {
        const timerMoved =
          error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed';
        if (!timerMoved) throw error;
        return false;
      }
    },

    /**
     * The updates that cancel an owner's pending timers, for a caller's transaction (a contract ending,
     * say, cancels its reminders in the same write). Each is conditional on the timer still being pending.
     */
    cancelItems(timers: readonly Timer[], at: Instant) {
      return timers
        .filter((timer) => timer.status === 'pending')
        .map((timer) => ({
          Update: {
            TableName: tableName(),
            Key: keys.timer(timer.owner, timer.ownerId, timer.key),
            UpdateExpression: 'SET #status = :cancelled, finishedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending', ':at': at },
          },
        }));
    },
  };
}

export type TimerRepository = ReturnType<typeof timerRepository>;
