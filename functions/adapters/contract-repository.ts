/**
 * Contracts in the table: CONTRACT#{id} / CONTRACT, indexed by manager and end date (gsi1
 * `MANAGER#{email}` / `{endDate}#{id}`) and, while a decision is awaited, among all open contracts by end
 * date (gsi2 `CONTRACTS#ACTIVE` / `{endDate}#{id}`), then among the decided ones (`CONTRACTS#DECIDED`). A contract and its timers, and every decision with
 * the timers it cancels and the term it creates, are written in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Contract,
  ContractDecision,
  ContractJustification,
  ContractStatus,
} from '../domain/contract.ts';
import { ConflictError, ContractChangedError } from '../domain/errors.ts';
import type { Timer } from '../domain/timer.ts';
import type { BusinessDate, Instant } from '../domain/transfer.ts';
import { chunked, defaultTableAccess, keys, queryAll, type TableAccess, updateExisting } from './dynamodb.ts';
import { type TimerFailure, type TimerRepository, timerRepository } from './timer-repository.ts';

const openContracts = 'CONTRACTS#ACTIVE';
const decidedContracts = 'CONTRACTS#DECIDED';
const managerIndexKey = (email: string) => `MANAGER#${email.toLowerCase()}`;
const isOpen = (status: ContractStatus) => status === 'active' || status === 'awaiting-consultation';

/** DynamoDB's limit on the actions of one transaction. */
const maxTransactionActions = 100;
/** How long a staged batch's leftovers (after a crash) live before the table's TTL removes them. */
const stagedSeconds = 24 * 60 * 60;
const indexAttributes = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

/** A new contract with the timers it is written with. */
export interface NewContractWithTimers {
  contract: Contract;
  timers: readonly Timer[];
}

/** A contract as stored: with the workflow failures recorded on it for HR. */
export type StoredContract = Contract & { failures?: TimerFailure[] };

/** The new status of a decided contract and its decisions (the whole list: the status guards the write). */
export interface ContractChange {
  from: ContractStatus;
  status: ContractStatus;
  decisions: ContractDecision[];
  nextContractId?: string;
}

function itemOf(contract: Contract): Record<string, unknown> {
  return {
    ...keys.contract(contract.id),
    type: 'contract',
    ...contract,
    ...(contract.managerEmail
      ? { gsi1pk: managerIndexKey(contract.managerEmail), gsi1sk: `${contract.endDate}#${contract.id}` }
      : {}),
    gsi2pk: isOpen(contract.status) ? openContracts : decidedContracts,
    gsi2sk: `${contract.endDate}#${contract.id}`,
  };
}

function contractOf(item: Record<string, unknown>): StoredContract {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _g1,
    gsi1sk: _s1,
    gsi2pk: _g2,
    gsi2sk: _s2,
    ...contract
  } = item;
  return contract as unknown as StoredContract;
}

export function contractRepository(
  { client, tableName }: TableAccess = defaultTableAccess,
  timers: Pick<TimerRepository, 'putItem' | 'cancelItems'> = timerRepository({ client, tableName }),
) {
  const newContractItems = (contract: Contract, contractTimers: readonly Timer[]) => [
    {
      Put: {
        TableName: tableName(),
        Item: itemOf(contract),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...contractTimers.map((timer) => timers.putItem(timer)),
  ];

  const byIndex = async (index: 'gsi1' | 'gsi2', partition: string, from: BusinessDate, to: BusinessDate) => {
    const key = index === 'gsi1' ? { pk: 'gsi1pk', sk: 'gsi1sk' } : { pk: 'gsi2pk', sk: 'gsi2sk' };
    const items = await queryAll(client, {
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${key.pk} = :partition AND ${key.sk} BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':partition': partition, ':from': `${from}#`, ':to': `${to}#~` },
    });
    return items.map(contractOf);
  };

  /** Writes a contract with its timers unless the contract exists (a retried step); true when written. */
  const putOnce = async (contract: Contract, contractTimers: readonly Timer[]): Promise<boolean> => {
    try {
      await client.send(
        new TransactWriteCommand({ TransactItems: newContractItems(contract, contractTimers) }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw error;
    }
  };

  const transact = (items: readonly Record<string, unknown>[]) =>
    client.send(new TransactWriteCommand({ TransactItems: items as never }));

  /** Deletes what a failed batch wrote, as far as it can; a staged leftover expires through the TTL. */
  const removeWritten = async (written: readonly Record<string, unknown>[]): Promise<void> => {
    for (const chunk of chunked(written, maxTransactionActions)) {
      await transact(
        chunk.map((item) => ({ Delete: { TableName: tableName(), Key: { pk: item.pk, sk: item.sk } } })),
      ).catch(() => undefined);
    }
  };

  const conflictOf = (error: unknown): unknown =>
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')
      ? new ConflictError('A contract of this batch already exists: nothing was stored', { cause: error })
      : error;

  /**
   * Writes new contracts with their timers, all or none (a contract is 1 item and each timer 1 more).
   *
   * When the whole batch fits in one transaction (at most 100 items) it is one transaction. A larger batch
   * (up to 500 contracts of up to 12 items) cannot be, so it is written in two phases:
   * 1. staged: every item is written in transactions of 100 without its index attributes (so no list shows
   *    it and the sweep never starts its timers), marked `stagedBy` (so `get` treats it as absent) and with
   *    `expiresAt` (so the table's TTL removes what a crashed request leaves);
   * 2. published: each item is put again in its final form, on condition it is still this batch's staged
   *    item.
   * A failure in either phase deletes everything the batch wrote before the error is answered, so a retry
   * (with the same Idempotency-Key or without) starts from nothing and stores each contract once.
   */
  const createAll = async (batch: readonly NewContractWithTimers[]): Promise<void> => {
    const finalItems = batch.flatMap(({ contract, timers: contractTimers }) =>
      newContractItems(contract, contractTimers),
    );
    if (finalItems.length <= maxTransactionActions) {
      await transact(finalItems).catch((error: unknown) => {
        throw conflictOf(error);
      });
      return;
    }
    const batchId = randomUUID();
    const expiresAt = Math.floor(Date.now() / 1000) + stagedSeconds;
    const puts = finalItems.map(({ Put }) => Put.Item);
    const written: Record<string, unknown>[] = [];
    try {
      for (const chunk of chunked(puts, maxTransactionActions)) {
        await transact(
          chunk.map((item) => {
            const staged: Record<string, unknown> = { ...item, stagedBy: batchId, expiresAt };
            for (const attribute of indexAttributes) delete staged[attribute];
            return {
              Put: { TableName: tableName(), Item: staged, ConditionExpression: 'attribute_not_exists(pk)' },
            };
          }),
        );
        written.push(...chunk);
      }
      for (const chunk of chunked(puts, maxTransactionActions)) {
        await transact(
          chunk.map((item) => ({
            Put: {
              TableName: tableName(),
              Item: item,
              ConditionExpression: 'stagedBy = :batch',
              ExpressionAttributeValues: { ':batch': batchId },
            },
          })),
        );
      }
    } catch (error) {
      await removeWritten(written);
      throw conflictOf(error);
    }
  };

  return {
    putOnce,
    createAll,

    async get(id: string): Promise<StoredContract | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: keys.contract(id), ConsistentRead: true }),
      );
      // A contract of a batch still being written (or whose writing failed) does not exist yet.
      return Item && Item.stagedBy === undefined ? contractOf(Item) : undefined;
    },

    /** Contracts still awaiting a decision (or a consultation) that end between `from` and `to`. */
    async listOpen(from: BusinessDate, to: BusinessDate): Promise<StoredContract[]> {
      return byIndex('gsi2', openContracts, from, to);
    },

    /** Contracts renewed or ended (a decision took effect) that end between `from` and `to`. */
    async listDecided(from: BusinessDate, to: BusinessDate): Promise<StoredContract[]> {
      return byIndex('gsi2', decidedContracts, from, to);
    },

    /** A manager's contracts (any status) that end between `from` and `to`. */
    async listForManager(email: string, from: BusinessDate, to: BusinessDate): Promise<StoredContract[]> {
      return byIndex('gsi1', managerIndexKey(email), from, to);
    },

    /**
     * Records a decision: the contract's new status and decisions (only if it is still in `change.from`),
     * its pending timers cancelled and, for a renewal, the new term and its timers, all in one transaction.
     */
    async change(
      contract: Contract,
      change: ContractChange,
      effects: {
        cancel: readonly Timer[];
        at: Instant;
        newTerm?: { contract: Contract; timers: readonly Timer[] };
      },
    ): Promise<void> {
      const closing = !isOpen(change.status);
      const update = {
        Update: {
          TableName: tableName(),
          Key: keys.contract(contract.id),
          UpdateExpression: `SET #status = :status, decisions = :decisions${change.nextContractId ? ', nextContractId = :next' : ''}${closing ? ', gsi2pk = :decided' : ''}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': change.status,
            ':decisions': change.decisions,
            ':from': change.from,
            ...(change.nextContractId ? { ':next': change.nextContractId } : {}),
            ...(closing ? { ':decided': decidedContracts } : {}),
          },
        },
      };
      const items = [
        update,
        ...timers.cancelItems(effects.cancel, effects.at),
        ...(effects.newTerm ? newContractItems(effects.newTerm.contract, effects.newTerm.timers) : []),
      ];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const contractChanged = error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        throw new ContractChangedError(
          contractChanged
            ? 'The contract was decided meanwhile: it is no longer awaiting this decision'
            : 'The contract changed while the decision was being recorded',
          !contractChanged,
          { cause: error },
        );
      }
    },

    /** Adds HR's objective justification (reg 8) to the contract's list of them. */
    async addJustification(id: string, justification: ContractJustification): Promise<void> {
      await updateExisting({ client, tableName }, keys.contract(id), {
        UpdateExpression: 'SET justifications = list_append(if_not_exists(justifications, :none), :added)',
        ExpressionAttributeValues: { ':none': [], ':added': [justification] },
      });
    },

    /** Records that HR was told the notice deadline passed (the first time only). */
    async markEscalated(id: string, at: Instant): Promise<void> {
      await updateExisting({ client, tableName }, keys.contract(id), {
        UpdateExpression: 'SET escalatedAt = if_not_exists(escalatedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
      });
    },
  };
}

export type ContractRepository = ReturnType<typeof contractRepository>;
