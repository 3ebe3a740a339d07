/**
 * Contracts in the table: CONTRACT#{id} / CONTRACT, indexed by manager and end date (gsi1
 * `MANAGER#{email}` / `{endDate}#{id}`) and, while a decision is awaited, among all open contracts by end
 * date (gsi2 `CONTRACTS#ACTIVE` / `{endDate}#{id}`). A contract and its timers, and every decision with
 * the timers it cancels and the term it creates, are written in one transaction.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Contract, ContractDecision, ContractStatus } from '../domain/contract.ts';
import { ConflictError } from '../domain/errors.ts';
import type { Timer } from '../domain/timer.ts';
import type { BusinessDate, Instant } from '../domain/transfer.ts';
import { defaultTableAccess, keys, queryAll, type TableAccess } from './dynamodb.ts';
import { type TimerFailure, type TimerRepository, timerRepository } from './timer-repository.ts';

const openContracts = 'CONTRACTS#ACTIVE';
const managerIndexKey = (email: string) => `MANAGER#${email.toLowerCase()}`;
const isOpen = (status: ContractStatus) => status === 'active' || status === 'awaiting-consultation';

/** A contract as stored: with the workflow failures recorded on it for HR. */
export type StoredContract = Contract & { failures?: TimerFailure[] };

/**
 * The contract changed between the read and the write. `retryable` when only one of its timers moved (a
 * sweep started it): reading again and deciding again is safe. Otherwise someone decided first.
 */
export class ContractChangedError extends ConflictError {
  override name = 'ContractChangedError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

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
    ...(isOpen(contract.status)
      ? { gsi2pk: openContracts, gsi2sk: `${contract.endDate}#${contract.id}` }
      : {}),
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

  return {
    putOnce,

    /** Writes a new contract with its timers; ConflictError if the id is taken. */
    async create(contract: Contract, contractTimers: readonly Timer[]): Promise<void> {
      if (!(await putOnce(contract, contractTimers))) {
        throw new ConflictError(`A contract with the id ${contract.id} already exists`);
      }
    },

    async get(id: string): Promise<StoredContract | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: keys.contract(id), ConsistentRead: true }),
      );
      return Item ? contractOf(Item) : undefined;
    },

    /** Contracts still awaiting a decision (or a consultation) that end between `from` and `to`. */
    async listOpen(from: BusinessDate, to: BusinessDate): Promise<StoredContract[]> {
      return byIndex('gsi2', openContracts, from, to);
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
          UpdateExpression: [
            `SET #status = :status, decisions = :decisions${change.nextContractId ? ', nextContractId = :next' : ''}`,
            closing ? 'REMOVE gsi2pk, gsi2sk' : '',
          ]
            .join(' ')
            .trim(),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': change.status,
            ':decisions': change.decisions,
            ':from': change.from,
            ...(change.nextContractId ? { ':next': change.nextContractId } : {}),
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

    /** Records that HR was told the notice deadline passed (the first time only). */
    async markEscalated(id: string, at: Instant): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.contract(id),
          UpdateExpression: 'SET escalatedAt = if_not_exists(escalatedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    },
  };
}

export type ContractRepository = ReturnType<typeof contractRepository>;
