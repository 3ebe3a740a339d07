/**
 * A transfer's representatives and the election of employee representatives (TUPE reg 13(3), 14).
 *
 * The ballot is secret: a vote is stored as an item of its own under a random id, holding only the
 * candidate, in a partition apart from the markers that say who has voted. Marker and vote are written in
 * one transaction (with the election's turnout counter), and nothing in either — no time, no shard, no
 * employee number, no shared id — relates one to the other.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import {
  AlreadyVotedError,
  type Candidate,
  type ElectionResult,
  ElectionStageClosedError,
  electedBy,
  type Representative,
  type RepresentativeDirectory,
  type RepresentativeElection,
} from '../domain/representatives.ts';
import { employeeKey } from '../domain/roster.ts';
import type { Timer } from '../domain/timer.ts';
import type { Instant } from '../domain/transfer.ts';
import { defaultTableAccess, keys, queryByPrefix, type TableAccess } from './dynamodb.ts';
import type { TimerRepository } from './timer-repository.ts';

export const representativeKeys = {
  representative: (transferId: string, id: string) => ({
    pk: `TRANSFER#${transferId}`,
    sk: `REPRESENTATIVE#${id}`,
  }),
  election: (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'REPRESENTATIVE-ELECTION' }),
  /** Candidates and "has voted" markers, by employee number. */
  electorate: (transferId: string) => `TRANSFER#${transferId}#REPRESENTATIVE-ELECTION`,
  candidate: (transferId: string, employeeNumber: string) => ({
    pk: representativeKeys.electorate(transferId),
    sk: `CANDIDATE#${employeeKey(employeeNumber)}`,
  }),
  voted: (transferId: string, employeeNumber: string) => ({
    pk: representativeKeys.electorate(transferId),
    sk: `VOTED#${employeeKey(employeeNumber)}`,
  }),
  /** The ballot box: votes by random id, apart from the electorate. */
  ballotBox: (transferId: string) => `TRANSFER#${transferId}#REPRESENTATIVE-BALLOT`,
};

/** The id of an elected representative: the same on every run of the count, so it is recorded once. */
export function electedRepresentativeId(employeeNumber: string): string {
  return `elected-${employeeKey(employeeNumber)}`;
}

/** A candidate as stored: their email too, to record them as a representative if elected. */
export type StoredCandidate = Candidate & { email: string; nominatedAt: Instant };

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
}

const cancelled = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

export function representativeRepository(
  { client, tableName }: TableAccess = defaultTableAccess,
  timers?: Pick<TimerRepository, 'putItem' | 'cancelItems' | 'forOwner'>,
): RepresentativeDirectory & ReturnType<typeof operations> {
  return operations({ client, tableName }, timers);
}

function operations(
  { client, tableName }: TableAccess,
  timers?: Pick<TimerRepository, 'putItem' | 'cancelItems' | 'forOwner'>,
) {
  const timerRepository = () => {
    if (!timers) throw new Error('The representative repository was built without the timer repository');
    return timers;
  };
  return {
    /** Every representative of a transfer, in the order they were added. */
    async list(transferId: string): Promise<Representative[]> {
      const items = await queryByPrefix({ client, tableName }, `TRANSFER#${transferId}`, 'REPRESENTATIVE#');
      return items
        .map((item) => strip<Representative>(item))
        .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
    },

    async add(transferId: string, representative: Representative): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...representativeKeys.representative(transferId, representative.id),
            type: 'representative',
            ...representative,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async election(transferId: string): Promise<RepresentativeElection | undefined> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: representativeKeys.election(transferId),
          ConsistentRead: true,
        }),
      );
      return Item ? strip<RepresentativeElection>(Item) : undefined;
    },

    /** Stores a new election with its two timers; a ConflictError when the transfer has one already. */
    async createElection(election: RepresentativeElection, electionTimers: readonly Timer[]): Promise<void> {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...representativeKeys.election(election.transferId),
                    type: 'representative-election',
                    ...election,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...electionTimers.map((timer) => timerRepository().putItem(timer)),
            ],
          }),
        );
      } catch (error) {
        if (cancelled(error, 0))
          throw new ConflictError('The transfer has an election of representatives already');
        throw error;
      }
    },

    /** Records a person standing, once, while nominations are open (the election still `nominating`). */
    async addCandidate(transferId: string, candidate: StoredCandidate): Promise<void> {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName(),
                  Key: representativeKeys.election(transferId),
                  ConditionExpression: '#status = :nominating',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':nominating': 'nominating' },
                },
              },
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...representativeKeys.candidate(transferId, candidate.employeeNumber),
                    type: 'representative-candidate',
                    ...candidate,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (cancelled(error, 0)) throw new ElectionStageClosedError('Nominations have closed');
        // Standing twice: they stand once.
        if (cancelled(error, 1)) return;
        throw error;
      }
    },

    async candidates(transferId: string): Promise<StoredCandidate[]> {
      const items = await queryByPrefix(
        { client, tableName },
        representativeKeys.electorate(transferId),
        'CANDIDATE#',
      );
      return items
        .map((item) => strip<StoredCandidate>(item))
        .sort((a, b) => a.name.localeCompare(b.name) || a.employeeNumber.localeCompare(b.employeeNumber));
    },

    async hasVoted(transferId: string, employeeNumber: string): Promise<boolean> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: representativeKeys.voted(transferId, employeeNumber),
          ConsistentRead: true,
        }),
      );
      return Item !== undefined;
    },

    /**
     * One secret vote, in one transaction: the turnout goes up while the ballot is open, the voter is marked
     * as having voted (refused if they had), and the vote goes in the ballot box under a random id.
     */
    async castVote(transferId: string, voter: string, candidate: string): Promise<void> {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName(),
                  Key: representativeKeys.election(transferId),
                  UpdateExpression: 'ADD voted :one',
                  ConditionExpression: '#status = :balloting',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':one': 1, ':balloting': 'balloting' },
                },
              },
              {
                Put: {
                  TableName: tableName(),
                  // Who has voted, and nothing of how.
                  Item: { ...representativeKeys.voted(transferId, voter), type: 'representative-voted' },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName(),
                  // How someone voted, and nothing of who.
                  Item: {
                    pk: representativeKeys.ballotBox(transferId),
                    sk: `VOTE#${randomUUID()}`,
                    candidate,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (cancelled(error, 0)) throw new ElectionStageClosedError('The ballot has closed');
        if (cancelled(error, 1)) throw new AlreadyVotedError('You have voted already');
        throw error;
      }
    },

    /** Every vote in the ballot box: the candidate each names, nothing more. */
    async votes(transferId: string): Promise<string[]> {
      const items = await queryByPrefix(
        { client, tableName },
        representativeKeys.ballotBox(transferId),
        'VOTE#',
      );
      return items.map((item) => String(item.candidate));
    },

    /** Nominating → balloting; false when it had moved on already (a repeated step). */
    async openBallot(transferId: string, at: Instant): Promise<boolean> {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName(),
                  Key: representativeKeys.election(transferId),
                  UpdateExpression: 'SET #status = :balloting, ballotOpenedAt = :at',
                  ConditionExpression: '#status = :nominating',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':balloting': 'balloting',
                    ':nominating': 'nominating',
                    ':at': at,
                  },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancelled(error, 0)) return false;
        throw error;
      }
    },

    /**
     * Closes the election with its result and records the elected as representatives, in one transaction;
     * an unopposed result also cancels the ballot's timer. False when it was closed already (a repeated step).
     */
    async recordResult(
      transferId: string,
      result: ElectionResult,
      elected: ReadonlyArray<Candidate & { email: string }>,
    ): Promise<boolean> {
      const ballotTimers = result.unopposed
        ? (await timerRepository().forOwner('transfer', transferId)).filter(
            (timer) => timer.kind === 'representative-ballot-closes',
          )
        : [];
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName(),
                  Key: representativeKeys.election(transferId),
                  UpdateExpression: 'SET #status = :closed, #result = :result',
                  ConditionExpression: '#status IN (:nominating, :balloting)',
                  ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
                  ExpressionAttributeValues: {
                    ':closed': 'closed',
                    ':result': result,
                    ':nominating': 'nominating',
                    ':balloting': 'balloting',
                  },
                },
              },
              ...elected.map((person) => {
                const representative: Representative = {
                  id: electedRepresentativeId(person.employeeNumber),
                  kind: 'employee',
                  name: person.name,
                  email: person.email,
                  employeeNumber: person.employeeNumber,
                  addedAt: result.countedAt,
                  addedBy: electedBy,
                };
                return {
                  Put: {
                    TableName: tableName(),
                    Item: {
                      ...representativeKeys.representative(transferId, representative.id),
                      type: 'representative',
                      ...representative,
                    },
                  },
                };
              }),
              ...timerRepository().cancelItems(ballotTimers, result.countedAt),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancelled(error, 0)) return false;
        throw error;
      }
    },
  };
}

export type RepresentativeRepository = ReturnType<typeof representativeRepository>;

/** Keys of a transfer's election items, for tests and the retention job. */
export const representativeElectionPartitions = (transferId: string) => [
  keys.transfer(transferId).pk,
  representativeKeys.electorate(transferId),
  representativeKeys.ballotBox(transferId),
];
