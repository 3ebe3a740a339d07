/** The people of a transfer, stored in shards, with the tallies on the transfer kept in step. */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CaseChange } from '../domain/election.ts';
import { caseAfterChange, shardTally, tallyChanges, writtenVersion } from '../domain/election.ts';
import { CaseNotFoundError, DuplicateEmployeeError, TransientStepError } from '../domain/errors.ts';
import type { PersonLiability } from '../domain/liability-information.ts';
import { employeeKey } from '../domain/roster.ts';
import type { CaseEvent, LinkLockout, StaffCase } from '../domain/transfer.ts';
import type { ManagerDigest } from '../domain/transfer-day.ts';
import { jitteredPause } from '../jittered-pause.ts';
import {
  chunked,
  defaultTableAccess,
  forEachConcurrently,
  isTransactionConflictOnly,
  keys,
  queryAll,
  refusedAs,
  type TableAccess,
  tallyPrefix,
} from './dynamodb.ts';
import { liabilityKeys, personLiabilityItem } from './liability-repository.ts';

/**
 * A transaction takes 100 actions: two per new person (three with their liability information), or one
 * per change, plus the shard's tally.
 */
const actionsPerImportTransaction = 99;
const peoplePerRemovalTransaction = 33;
const changesPerTransaction = 99;
/**
 * Shards an import writes at once: each shard's transactions touch only its own cases and tally, so they
 * never meet; a 5,000-row request is 50 shards of three transactions each, which at 4 at once took 27 s of
 * API Gateway's 29 on a loaded machine.
 */
const importShardsAtOnce = 16;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A manager's part of transfer day's digest from one shard, under the page their digest is sent from. One
 * partition for every page, so retention deletes it whole with the transfer's other side partitions.
 */
const digestPartsPartition = (transferId: string) => `TRANSFER#${transferId}#DIGEST`;
const digestPagePrefix = (page: number) => `PAGE#${page}#`;
const digestPartKey = (transferId: string, page: number, managerEmail: string, shard: number) => ({
  pk: digestPartsPartition(transferId),
  sk: `${digestPagePrefix(page)}MANAGER#${managerEmail}#SHARD#${shard}`,
});

/** Splits people into batches whose actions fit one transaction. */
function importBatches(
  cases: readonly StaffCase[],
  actionsOf: (staffCase: StaffCase) => number,
): StaffCase[][] {
  const batches: StaffCase[][] = [];
  let batch: StaffCase[] = [];
  let actions = 0;
  for (const staffCase of cases) {
    const needed = actionsOf(staffCase);
    if (actions + needed > actionsPerImportTransaction) {
      batches.push(batch);
      batch = [];
      actions = 0;
    }
    batch.push(staffCase);
    actions += needed;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function groupByShard<T extends { shard: number }>(items: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(item.shard, [...(groups.get(item.shard) ?? []), item]);
  return groups;
}

function tallyUpdate(
  tableName: string,
  transferId: string,
  shard: number,
  tally: { counts: Record<string, number>; elections: Record<string, number> },
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const additions = [
    ...Object.entries(tally.counts).map(
      ([status, delta]) => [`${tallyPrefix.count}${status}`, delta] as const,
    ),
    ...Object.entries(tally.elections).map(
      ([code, delta]) => [`${tallyPrefix.election}${code}`, delta] as const,
    ),
  ].map(([attribute, delta], index) => {
    names[`#t${index}`] = attribute;
    values[`:t${index}`] = delta;
    return `#t${index} :t${index}`;
  });
  if (additions.length === 0) {
    return {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.transfer(transferId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.tally(transferId, shard),
      UpdateExpression: `SET transferId = :transferId ADD ${additions.join(', ')}, ${tallyVersion} :one`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':transferId': transferId, ':one': 1 },
    },
  };
}

/**
 * Goes up by one with every write of a shard's tally, so a shard step that sets the tally from the cases it
 * read (changeShard) sets it only if nothing moved it since it was read. Absent on tallies written before.
 */
const tallyVersion = 'tallyVersion';

/** A shard's tally as stored: its version, total and per-attribute values (`count:invited`, `election:LGPS`). */
interface StoredTally {
  version: number | undefined;
  total: number;
  values: Record<string, number>;
}

function storedTally(item: Record<string, unknown> | undefined): StoredTally {
  const values: Record<string, number> = {};
  let total = 0;
  for (const [attribute, value] of Object.entries(item ?? {})) {
    if (typeof value !== 'number') continue;
    if (attribute.startsWith(tallyPrefix.count)) total += value;
    if (attribute.startsWith(tallyPrefix.count) || attribute.startsWith(tallyPrefix.election)) {
      values[attribute] = value;
    }
  }
  const version = item?.[tallyVersion];
  return { version: typeof version === 'number' ? version : undefined, total, values };
}

/** A tally's per-attribute values: `count:{status}` and `election:{option}`. */
function tallyValues(tally: { counts: Record<string, number>; elections: Record<string, number> }) {
  return {
    ...Object.fromEntries(
      Object.entries(tally.counts).map(([status, n]) => [`${tallyPrefix.count}${status}`, n]),
    ),
    ...Object.fromEntries(
      Object.entries(tally.elections).map(([code, n]) => [`${tallyPrefix.election}${code}`, n]),
    ),
  };
}

/**
 * A shard step's single write refused because another write got to its item first: its condition failed, or
 * a person's own change (a transaction on the same case or tally) was still in flight, which DynamoDB answers
 * with TransactionConflictException and the SDK does not retry. Either way the step reads again.
 */
function landedFirst(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException;
}

/** Case updates of a shard step written at once: each its own conditional write. */
const caseWritesAtOnce = 16;
/** Times a shard step reads its shard again when a person's own change moved the tally meanwhile. */
const shardChangeAttempts = 5;

/** ` REMOVE election, lockout`: what a change takes off the case. */
function removalsOf(change: CaseChange): string {
  // A previous election with no new one: the person left the election (an objection), so none counts.
  const leavesElection = change.previousElection !== undefined && change.election === undefined;
  const removed = [
    leavesElection ? 'election' : undefined,
    change.clearsLockout ? 'lockout' : undefined,
    change.clearsPendingLink ? 'pendingLinkVersion' : undefined,
  ];
  const names = removed.filter(Boolean).join(', ');
  return names ? ` REMOVE ${names}` : '';
}

function caseUpdate(tableName: string, transferId: string, change: CaseChange): TransactItem {
  // The version read, so the tallies move from the choice this change really replaces; cases stored
  // before versions were kept have none, which reads as 0.
  const versionCondition =
    change.expectedVersion === 0
      ? '(attribute_not_exists(version) OR version = :version)'
      : 'version = :version';
  return {
    Update: {
      TableName: tableName,
      Key: keys.staffCase(transferId, change.shard, employeeKey(change.employeeNumber)),
      UpdateExpression:
        [
          'SET #status = :status, history = list_append(history, :event), updatedAt = :at',
          'version = :nextVersion',
          change.election ? 'election = :election' : undefined,
          change.employer ? 'employer = :employer' : undefined,
          change.objection ? 'objection = :objection' : undefined,
          change.email ? 'email = :email' : undefined,
          change.linkVersion === undefined ? undefined : 'linkVersion = :linkVersion',
        ]
          .filter(Boolean)
          .join(', ') + removalsOf(change),
      ConditionExpression: `#status = :expected AND ${versionCondition}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': change.status,
        ':expected': change.expectedStatus,
        ':version': change.expectedVersion,
        ':nextVersion': writtenVersion(change),
        ':event': [change.event],
        ':at': change.event.at,
        ...(change.election ? { ':election': change.election } : {}),
        ...(change.employer ? { ':employer': change.employer } : {}),
        ...(change.objection ? { ':objection': change.objection } : {}),
        ...(change.email ? { ':email': change.email } : {}),
        ...(change.linkVersion === undefined ? {} : { ':linkVersion': change.linkVersion }),
      },
    },
  };
}

/**
 * Runs a transaction, trying again a few times when it only met another transaction on the same item
 * (TransactionConflict); a failed condition is not retried here, the caller decides.
 */
async function transactWithRetry(client: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isTransactionConflictOnly(error) || attempt >= 6) throw error;
      await jitteredPause(attempt, 50);
    }
  }
}

function toCase(item: Record<string, unknown>): StaffCase {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as StaffCase;
}

/** The parts of an update of one person's case that differ from one kind of update to another. */
type CaseUpdate = Pick<
  UpdateCommandInput,
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeValues'
>;

export function caseRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  /**
   * Updates one person's case only if its condition holds. When it does not, something else landed
   * first: a TransientStepError saying what (`landedFirst`), so the caller reads again and retries.
   */
  async function updateCaseUnlessOvertaken(
    transferId: string,
    shard: number,
    employeeNumber: string,
    update: CaseUpdate,
    landedFirst: string,
  ): Promise<void> {
    await refusedAs(
      client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.staffCase(transferId, shard, employeeKey(employeeNumber)),
          ...update,
        }),
      ),
      (error) => new TransientStepError(`${landedFirst}; try again`, { cause: error }),
    );
  }

  /**
   * Sets a shard's tally from its people (see changeShard), only if still at the version read (`before`);
   * false when another write moved it. Writes nothing when it already says so.
   */
  async function setTally(
    transferId: string,
    shard: number,
    before: StoredTally,
    people: readonly StaffCase[],
    untallied: readonly CaseChange[],
  ): Promise<boolean> {
    // The whole tally from the cases (an attribute nobody counts any more set to 0); or, where people were
    // deleted and keep their counts (deletePerson), the tally as read moved by the changes not yet in it.
    const target =
      before.total === people.length
        ? {
            ...Object.fromEntries(Object.keys(before.values).map((attribute) => [attribute, 0])),
            ...tallyValues(shardTally(people)),
          }
        : {
            ...before.values,
            ...Object.fromEntries(
              Object.entries(tallyValues(tallyChanges(untallied))).map(([attribute, delta]) => [
                attribute,
                (before.values[attribute] ?? 0) + delta,
              ]),
            ),
          };
    const changedValues = Object.entries(target).filter(
      ([attribute, value]) => (before.values[attribute] ?? 0) !== value,
    );
    if (changedValues.length === 0) return true;
    const names: Record<string, string> = { '#version': tallyVersion };
    const values: Record<string, unknown> = { ':transferId': transferId, ':next': (before.version ?? 0) + 1 };
    const sets = changedValues.map(([attribute, value], index) => {
      names[`#t${index}`] = attribute;
      values[`:t${index}`] = value;
      return `#t${index} = :t${index}`;
    });
    if (before.version !== undefined) values[':read'] = before.version;
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.tally(transferId, shard),
          UpdateExpression: `SET transferId = :transferId, #version = :next, ${sets.join(', ')}`,
          ConditionExpression:
            before.version === undefined ? 'attribute_not_exists(#version)' : '#version = :read',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (landedFirst(error)) return false;
      throw error;
    }
  }

  return {
    /** The employee keys among `employeeNumbers` already on the transfer's roster. */
    async existingEmployeeKeys(transferId: string, employeeNumbers: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      const unique = [...new Set(employeeNumbers.map(employeeKey))];
      await forEachConcurrently(chunked(unique, 100), 4, async (batch) => {
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
          [tableName()]: { Keys: batch.map((key) => keys.person(transferId, key)) },
        };
        while (request && Object.keys(request).length > 0) {
          const answer = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of answer.Responses?.[tableName()] ?? []) found.add(item.employeeKey as string);
          request = answer.UnprocessedKeys as typeof request;
        }
      });
      return found;
    },

    /**
     * Stores new cases with their person lookups and shard tallies. Each lookup is written only if absent,
     * so two imports racing with the same person cannot both store them; on a clash what this call
     * stored is removed again.
     */
    async addCases(
      transferId: string,
      cases: readonly StaffCase[],
      liabilities: ReadonlyMap<string, PersonLiability> = new Map(),
    ): Promise<void> {
      const stored: StaffCase[] = [];
      const liabilityOf = (staffCase: StaffCase) => liabilities.get(employeeKey(staffCase.employeeNumber));
      const batches = [...groupByShard(cases).values()].map((shardCases) =>
        importBatches(shardCases, (staffCase) => (liabilityOf(staffCase) ? 3 : 2)),
      );
      try {
        // Shards in parallel; a shard's own batches one after another, as they share its tally item.
        await forEachConcurrently(batches, importShardsAtOnce, async (shardBatches) => {
          for (const batch of shardBatches) {
            await transactWithRetry(client, [
              ...batch.flatMap((staffCase) => {
                const key = employeeKey(staffCase.employeeNumber);
                const liability = liabilityOf(staffCase);
                return [
                  ...(liability
                    ? [
                        {
                          Put: {
                            TableName: tableName(),
                            Item: personLiabilityItem(transferId, staffCase.employeeNumber, liability),
                          },
                        },
                      ]
                    : []),
                  {
                    Put: {
                      TableName: tableName(),
                      Item: {
                        ...keys.staffCase(transferId, staffCase.shard, key),
                        type: 'case',
                        ...staffCase,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                  {
                    Put: {
                      TableName: tableName(),
                      Item: {
                        ...keys.person(transferId, key),
                        type: 'person',
                        employeeKey: key,
                        shard: staffCase.shard,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ];
              }),
              tallyUpdate(tableName(), transferId, (batch[0] as StaffCase).shard, {
                counts: { imported: batch.length },
                elections: {},
              }),
            ]);
            stored.push(...batch);
          }
        });
      } catch (error) {
        await this.removeCases(transferId, stored);
        if (error instanceof TransactionCanceledException) {
          const clash = error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed');
          if (clash) {
            throw new DuplicateEmployeeError(
              'Someone on this roster was added by another import at the same time',
              {
                cause: error,
                errors: [
                  {
                    path: 'staff',
                    message: 'An employee number on this roster is already stored; nothing was added',
                  },
                ],
              },
            );
          }
        }
        throw error;
      }
    },

    /** Takes back cases this process stored (an import that could not finish). */
    async removeCases(transferId: string, cases: readonly StaffCase[]): Promise<void> {
      for (const [shard, shardCases] of groupByShard(cases)) {
        for (const batch of chunked(shardCases, peoplePerRemovalTransaction)) {
          await transactWithRetry(client, [
            ...batch.flatMap((staffCase) => {
              const key = employeeKey(staffCase.employeeNumber);
              return [
                { Delete: { TableName: tableName(), Key: keys.staffCase(transferId, shard, key) } },
                { Delete: { TableName: tableName(), Key: keys.person(transferId, key) } },
                { Delete: { TableName: tableName(), Key: liabilityKeys.person(transferId, key) } },
              ];
            }),
            tallyUpdate(tableName(), transferId, shard, {
              counts: { imported: -batch.length },
              elections: {},
            }),
          ]);
        }
      }
    },

    async loadShard(transferId: string, shard: number): Promise<StaffCase[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.shard(transferId, shard) },
        ConsistentRead: true,
      });
      return items.map(toCase);
    },

    /**
     * Who is in a shard, for a search: the fields a search matches and a list shows. DynamoDB charges for
     * the whole items read, projection or not (a 100-person shard is a few hundred KB); the projection keeps
     * the answer small, and eventual consistency halves the read cost.
     */
    async peopleOfShard(
      transferId: string,
      shard: number,
    ): Promise<Array<Pick<StaffCase, 'employeeNumber' | 'name' | 'email' | 'status' | 'election'>>> {
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.shard(transferId, shard) },
        ProjectionExpression: 'employeeNumber, #name, email, #status, election',
        ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
      });
      return items as Array<Pick<StaffCase, 'employeeNumber' | 'name' | 'email' | 'status' | 'election'>>;
    },

    /**
     * Stores each manager's people of one shard under the page their digest is sent from, replacing what a
     * previous run stored; the parts name people, so they expire (`expiresAt`) once the digests are long sent.
     */
    async putDigestParts(
      transferId: string,
      shard: number,
      parts: ReadonlyArray<ManagerDigest & { page: number }>,
      expiresAt: Date,
    ): Promise<void> {
      await forEachConcurrently(parts, 8, async ({ page, managerEmail, moved, notMoved }) => {
        await client.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...digestPartKey(transferId, page, managerEmail, shard),
              type: 'digest-part',
              managerEmail,
              moved,
              notMoved,
              expiresAt: Math.floor(expiresAt.getTime() / 1000),
            },
          }),
        );
      });
    },

    /** The digest parts stored under one page, every shard's. */
    async digestParts(transferId: string, page: number): Promise<ManagerDigest[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :page)',
        ExpressionAttributeValues: {
          ':pk': digestPartsPartition(transferId),
          ':page': digestPagePrefix(page),
        },
        ProjectionExpression: 'managerEmail, moved, notMoved',
        ConsistentRead: true,
      });
      return items as unknown as ManagerDigest[];
    },

    /** One page of a shard, optionally only one status. */
    async pageOfShard(
      transferId: string,
      shard: number,
      options: { status?: string; after?: string; limit: number },
    ): Promise<{ cases: StaffCase[]; lastKey?: string }> {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ...(options.status
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          ExpressionAttributeValues: {
            ':pk': keys.shard(transferId, shard),
            ...(options.status ? { ':status': options.status } : {}),
          },
          Limit: options.limit,
          ...(options.after
            ? { ExclusiveStartKey: { pk: keys.shard(transferId, shard), sk: options.after } }
            : {}),
        }),
      );
      return {
        cases: (page.Items ?? []).map(toCase),
        ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey.sk as string } : {}),
      };
    },

    async shardOf(transferId: string, employeeNumber: string): Promise<number> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: keys.person(transferId, employeeKey(employeeNumber)) }),
      );
      if (!Item) throw new CaseNotFoundError(`No person ${employeeNumber} on transfer ${transferId}`);
      return Item.shard as number;
    },

    async get(transferId: string, shard: number, employeeNumber: string): Promise<StaffCase> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: keys.staffCase(transferId, shard, employeeKey(employeeNumber)),
          ConsistentRead: true,
        }),
      );
      if (!Item) throw new CaseNotFoundError(`No person ${employeeNumber} on transfer ${transferId}`);
      return toCase(Item);
    },

    /**
     * A shard step's changes (`changeOf` each person; undefined: none), written without a transaction: each
     * case on its own condition (still at the status and version read), then the shard's tally once, set
     * to what the shard's cases now say (shardTally) on condition that no other write moved it since it was
     * read before the cases (tallyVersion). So the tally stays exact however the step ends: a person's own
     * change landing meanwhile (it moves the tally in its transaction) makes the step read again, and a
     * step that died between its cases and its tally leaves cases its retry finds changed and counts.
     * Where the tally counts more people than the shard holds (people deleted, their counts kept), it is
     * moved by this call's changes instead. A change refused (its case moved) is read and tried again; when
     * the shard will not settle, a TransientStepError, so the workflow retries. Answers the changes made and
     * the shard's people as they now are.
     */
    async changeShard(
      transferId: string,
      shard: number,
      changeOf: (person: StaffCase) => CaseChange | undefined,
    ): Promise<{ changes: CaseChange[]; people: StaffCase[] }> {
      const made: CaseChange[] = [];
      // Changes made but not yet in a tally written (only the deleted-people case needs them).
      const untallied: CaseChange[] = [];
      for (let attempt = 1; ; attempt++) {
        const { Item } = await client.send(
          new GetCommand({
            TableName: tableName(),
            Key: keys.tally(transferId, shard),
            ConsistentRead: true,
          }),
        );
        const before = storedTally(Item);
        const read = await this.loadShard(transferId, shard);
        const changed = read.flatMap((person) => {
          const change = changeOf(person);
          return change ? [{ person, change }] : [];
        });
        const landed = new Map<StaffCase, CaseChange>();
        await forEachConcurrently(changed, caseWritesAtOnce, async ({ person, change }) => {
          const { Update } = caseUpdate(tableName(), transferId, change);
          try {
            await client.send(new UpdateCommand(Update as UpdateCommandInput));
            landed.set(person, change);
          } catch (error) {
            if (!landedFirst(error)) throw error;
          }
        });
        made.push(...landed.values());
        untallied.push(...landed.values());
        const people = read.map((person) => {
          const change = landed.get(person);
          return change ? caseAfterChange(person, change) : person;
        });
        const settled = await setTally(transferId, shard, before, people, untallied);
        if (settled) untallied.length = 0;
        if (settled && landed.size === changed.length) return { changes: made, people };
        if (attempt >= shardChangeAttempts) {
          throw new TransientStepError('The shard changed while it was being updated; try again');
        }
        // Someone's own change is landing on this shard: let it land before reading the shard again.
        await jitteredPause(attempt, 20);
      }
    },

    /**
     * Applies case changes with their shard's tallies, each transaction all or nothing: a case whose
     * status or version moved under us cancels its transaction with a TransientStepError, so a workflow
     * retries (and a person's own change reads the case again).
     */
    async applyChanges(transferId: string, changes: readonly CaseChange[]): Promise<void> {
      for (const [shard, shardChanges] of groupByShard(changes)) {
        for (const batch of chunked(shardChanges, changesPerTransaction)) {
          await refusedAs(
            transactWithRetry(client, [
              ...batch.map((change) => caseUpdate(tableName(), transferId, change)),
              tallyUpdate(tableName(), transferId, shard, tallyChanges(batch)),
            ]),
            (error) =>
              new TransientStepError('A case changed while it was being updated; try again', {
                cause: error,
              }),
          );
        }
      }
    },

    /**
     * Stores a wrong employee number typed on the person's link: the new lockout and its history events,
     * only if the lockout is still the one read (`previous`), so two wrong numbers at once both count.
     * Not a recorded change: the version stays. TransientStepError when another attempt landed first.
     */
    async recordWrongAttempt(
      transferId: string,
      shard: number,
      employeeNumber: string,
      previous: LinkLockout | undefined,
      lockout: LinkLockout,
      events: readonly CaseEvent[],
    ): Promise<void> {
      await updateCaseUnlessOvertaken(
        transferId,
        shard,
        employeeNumber,
        {
          UpdateExpression: 'SET lockout = :lockout, history = list_append(history, :events)',
          ConditionExpression:
            previous === undefined
              ? 'attribute_exists(pk) AND attribute_not_exists(lockout)'
              : 'lockout.since = :since AND lockout.wrongAttempts = :wrongAttempts',
          ExpressionAttributeValues: {
            ':lockout': lockout,
            ':events': events,
            ...(previous === undefined
              ? {}
              : { ':since': previous.since, ':wrongAttempts': previous.wrongAttempts }),
          },
        },
        'Another attempt on this link was stored first',
      );
    },

    /**
     * Records the version of a new link about to be emailed, only if the case still has the current link
     * read and no newer one pending. Not a recorded change: the version and history stay, since nothing has
     * been sent yet. TransientStepError when another resend or link change landed first.
     */
    async holdPendingLink(
      transferId: string,
      shard: number,
      employeeNumber: string,
      currentLinkVersion: number,
      pendingLinkVersion: number,
    ): Promise<void> {
      await updateCaseUnlessOvertaken(
        transferId,
        shard,
        employeeNumber,
        {
          UpdateExpression: 'SET pendingLinkVersion = :pending',
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(pendingLinkVersion) OR pendingLinkVersion <= :current) AND ${
            currentLinkVersion === 0
              ? '(attribute_not_exists(linkVersion) OR linkVersion = :current)'
              : 'linkVersion = :current'
          }`,
          ExpressionAttributeValues: { ':pending': pendingLinkVersion, ':current': currentLinkVersion },
        },
        'Another new link for this person was recorded first',
      );
    },

    /** The right employee number was typed: the wrong ones before it no longer count. */
    async clearWrongAttempts(transferId: string, shard: number, employeeNumber: string): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.staffCase(transferId, shard, employeeKey(employeeNumber)),
          UpdateExpression: 'REMOVE lockout',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },

    /**
     * Deletes a person's personal data (a cancelled transfer's roster, DESIGN retention rule): their case,
     * their lookup and the emails recorded against them. The shard tallies stay, so the counts remain.
     * The case goes in the last transaction, so a retry still finds whoever is not yet fully deleted.
     */
    async deletePerson(transferId: string, shard: number, employeeNumber: string): Promise<void> {
      const key = employeeKey(employeeNumber);
      const personPartition = keys.person(transferId, key).pk;
      const personItems: Array<{ pk: string; sk: string }> = [];
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': personPartition },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      });
      personItems.push(...(items as Array<{ pk: string; sk: string }>));
      const deletes: TransactItem[] = personItems.map((item) => ({
        Delete: { TableName: tableName(), Key: { pk: item.pk, sk: item.sk } },
      }));
      const batches = chunked(deletes, changesPerTransaction);
      const last = batches.pop() ?? [];
      for (const batch of batches) await transactWithRetry(client, batch);
      await transactWithRetry(client, [
        ...last,
        { Delete: { TableName: tableName(), Key: keys.staffCase(transferId, shard, key) } },
      ]);
    },
  };
}

export type CaseRepository = ReturnType<typeof caseRepository>;
