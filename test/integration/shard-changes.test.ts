/**
 * A shard step's case changes on DynamoDB Local (caseRepository.changeShard): each case is written on its
 * own condition and the shard's tally once, set from the cases. The tally stays exact when the step dies
 * between its cases and its tally and is retried, and when a person's own change lands meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { caseRepository } from '../../functions/adapters/case-repository.ts';
import { keys } from '../../functions/adapters/dynamodb.ts';
import { applyDefaultOption, chooseOption, invitationChange } from '../../functions/domain/election.ts';
import type { StaffCase } from '../../functions/domain/transfer.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { staffCase, storedTransfer } from '../fixtures/domain/transfers.ts';

/** A case repository on its own client; the hooks run before each write of a tally item, or of a case. */
function repositoryOnItsOwnClient({
  beforeTallyWrite,
  beforeCaseWrite,
}: {
  beforeTallyWrite?: () => Promise<void>;
  beforeCaseWrite?: () => Promise<void>;
} = {}) {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const writes = { cases: 0, tallies: 0, transactions: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // The document client's commands reach here marshalled or not, by name of either client.
      const sortKey = (args.input as { Key?: { sk?: string | { S?: string } } }).Key?.sk;
      const sk = typeof sortKey === 'string' ? sortKey : (sortKey?.S ?? '');
      const command = String(context.commandName);
      if (command.startsWith('TransactWrite')) writes.transactions += 1;
      if (command.startsWith('Update')) {
        if (sk.startsWith('TALLY#')) {
          await beforeTallyWrite?.();
          writes.tallies += 1;
        } else {
          await beforeCaseWrite?.();
          writes.cases += 1;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'countShardWrites' },
  );
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    cases: caseRepository({ client: documentClient, tableName: () => localTableName }),
    writes,
    async tally(transferId: string, shard: number) {
      const { Item } = await documentClient.send(
        new GetCommand({
          TableName: localTableName,
          Key: keys.tally(transferId, shard),
          ConsistentRead: true,
        }),
      );
      return Item ?? {};
    },
  };
}

const now = new Date('2026-07-01T11:00:00.000Z');
const afterClosing = new Date('2026-09-16T11:00:00.000Z');
/** The default step's change: the transfer's default for whoever is still invited. */
const defaultOf = (person: StaffCase) =>
  applyDefaultOption({ pension: storedTransfer().pension }, person, afterClosing);

async function importedShard(size: number): Promise<{ transferId: string; people: StaffCase[] }> {
  const transferId = randomUUID();
  const people = Array.from({ length: size }, (_, index) =>
    staffCase({
      transferId,
      employeeNumber: `E${String(index + 1).padStart(4, '0')}`,
      status: 'imported',
      shard: 0,
      history: [{ at: now.toISOString(), by: 'hr', action: 'imported', to: 'imported' }],
    }),
  );
  await repositoryOnItsOwnClient().cases.addCases(transferId, people);
  return { transferId, people };
}

describe('Store: a shard step changes its cases one write each and keeps the tally exact', () => {
  it('writes each case on its own, no transaction, and the tally once', async () => {
    // Prepare
    const { transferId } = await importedShard(30);
    const { cases, writes, tally } = repositoryOnItsOwnClient();

    // Act
    const { changes, people } = await cases.changeShard(transferId, 0, (person) =>
      invitationChange(person, now),
    );

    // Assess
    expect(changes).toHaveLength(30);
    expect(people.every((person) => person.status === 'invited')).toBe(true);
    expect(writes).toEqual({ cases: 30, tallies: 1, transactions: 0 });
    expect(await tally(transferId, 0)).toMatchObject({ 'count:imported': 0, 'count:invited': 30 });
  });

  it('counts once the cases a step that died before its tally wrote, when the step is retried', async () => {
    // Prepare: the first run dies after its cases, before its tally
    const { transferId } = await importedShard(20);
    const dying = repositoryOnItsOwnClient({
      beforeTallyWrite: async () => {
        throw new Error('Runtime exited with error: signal: killed');
      },
    });
    await expect(
      dying.cases.changeShard(transferId, 0, (person) => invitationChange(person, now)),
    ).rejects.toThrow('killed');
    const { cases, tally } = repositoryOnItsOwnClient();
    expect(await tally(transferId, 0)).toMatchObject({ 'count:imported': 20 });

    // Act
    const retried = await cases.changeShard(transferId, 0, (person) => invitationChange(person, now));

    // Assess
    expect(retried.changes).toHaveLength(0);
    expect(retried.people.every((person) => person.status === 'invited')).toBe(true);
    expect(await tally(transferId, 0)).toMatchObject({ 'count:imported': 0, 'count:invited': 20 });
  });

  it("counts a person's own choice that lands while the step writes, once, and the step's changes once", async () => {
    // Prepare: everyone invited; after the default step read its shard, one person chooses (case and tally
    // together), so the step's write of their default is refused and its tally, read before, is stale
    const { transferId } = await importedShard(10);
    await repositoryOnItsOwnClient().cases.changeShard(transferId, 0, (person) =>
      invitationChange(person, now),
    );
    const person = repositoryOnItsOwnClient();
    const transfer = storedTransfer({ id: transferId, status: 'launched' });
    let choice: Promise<void> | undefined;
    const { cases, tally, writes } = repositoryOnItsOwnClient({
      // Every case write of the step waits for the choice, made once.
      beforeCaseWrite: () => {
        choice ??= (async () => {
          const [read] = (await person.cases.loadShard(transferId, 0)).filter(
            (p) => p.employeeNumber === 'E0010',
          );
          await person.cases.applyChanges(transferId, [
            chooseOption(transfer, read as StaffCase, 'NHSPS', now),
          ]);
        })();
        return choice;
      },
    });

    // Act: the default step defaults whoever is still invited
    await cases.changeShard(transferId, 0, defaultOf);

    // Assess
    const stored = await person.cases.loadShard(transferId, 0);
    expect(stored.filter((staff) => staff.status === 'elected').map((staff) => staff.employeeNumber)).toEqual(
      ['E0010'],
    );
    expect(stored.filter((staff) => staff.status === 'defaulted')).toHaveLength(9);
    expect(await tally(transferId, 0)).toMatchObject({
      'count:invited': 0,
      'count:defaulted': 9,
      'count:elected': 1,
      'election:LGPS': 9,
      'election:NHSPS': 1,
    });
    // The first tally write was refused (the choice moved the tally since it was read); the second landed.
    expect(writes.tallies).toBe(2);
  });

  it("keeps the counts of people deleted from the shard, moving the tally by the step's changes alone", async () => {
    // Prepare: six invited, one of them chose; two others deleted (their counts stay, as for a cancelled roster)
    const { transferId, people } = await importedShard(6);
    const { cases, tally } = repositoryOnItsOwnClient();
    await cases.changeShard(transferId, 0, (person) => invitationChange(person, now));
    const [chooser] = (await cases.loadShard(transferId, 0)).filter((p) => p.employeeNumber === 'E0006');
    const transfer = storedTransfer({ id: transferId, status: 'launched' });
    await cases.applyChanges(transferId, [chooseOption(transfer, chooser as StaffCase, 'NHSPS', now)]);
    for (const gone of people.slice(0, 2)) await cases.deletePerson(transferId, 0, gone.employeeNumber);

    // Act: the default step defaults the three still invited
    const { changes } = await cases.changeShard(transferId, 0, defaultOf);

    // Assess
    expect(changes).toHaveLength(3);
    expect(await tally(transferId, 0)).toMatchObject({
      'count:invited': 2,
      'count:elected': 1,
      'count:defaulted': 3,
      'election:NHSPS': 1,
      'election:LGPS': 3,
    });
  });
});
