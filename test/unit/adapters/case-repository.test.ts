import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { caseRepository } from '../../../functions/adapters/case-repository.ts';
import { type CaseChange, chooseOption, invitationChange } from '../../../functions/domain/election.ts';
import { TransientStepError } from '../../../functions/domain/errors.ts';
import { staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const dynamo = mockClient(documentClient);
const cases = caseRepository({ client: documentClient, tableName: () => 'transfer-desk-test' });

const transfer = storedTransfer({ id: 'tr-1' });
const now = new Date('2026-07-01T11:00:00.000Z');
const elected = staffCase({
  transferId: 'tr-1',
  status: 'elected',
  version: 7,
  election: { option: 'LGPS', how: 'staff', at: '2026-06-20T09:00:00.000Z' },
});

afterEach(() => {
  dynamo.reset();
});

const writtenItems = () => dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];

describe('Function: caseRepository.applyChanges', () => {
  it('writes a change only if the case is still at the version read, and writes the next version', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const change = chooseOption(transfer, elected, 'NHSPS', now);

    // Act
    await cases.applyChanges('tr-1', [change]);

    // Assess
    const [caseItem, tally] = writtenItems();
    expect(caseItem?.Update?.ConditionExpression).toBe('#status = :expected AND version = :version');
    expect(caseItem?.Update?.UpdateExpression).toContain('version = :nextVersion');
    expect(caseItem?.Update?.ExpressionAttributeValues).toMatchObject({ ':version': 7, ':nextVersion': 8 });
    // The tally moves from the choice that version held.
    expect(tally?.Update?.ExpressionAttributeNames).toEqual({
      '#t0': 'election:NHSPS',
      '#t1': 'election:LGPS',
    });
    expect(tally?.Update?.ExpressionAttributeValues).toMatchObject({ ':t0': 1, ':t1': -1, ':one': 1 });
    // Every tally write moves its version, so a shard step that read the tally before knows it moved.
    expect(tally?.Update?.UpdateExpression).toContain('tallyVersion :one');
  });

  it('reads a case stored before versions were kept as version 0', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const change: CaseChange = chooseOption(transfer, staffCase({ transferId: 'tr-1' }), 'NHSPS', now);

    // Act
    await cases.applyChanges('tr-1', [change]);

    // Assess
    const [caseItem] = writtenItems();
    expect(change.expectedVersion).toBe(0);
    expect(caseItem?.Update?.ConditionExpression).toBe(
      '#status = :expected AND (attribute_not_exists(version) OR version = :version)',
    );
    expect(caseItem?.Update?.ExpressionAttributeValues).toMatchObject({ ':version': 0, ':nextVersion': 1 });
  });

  it('answers a TransientStepError when another change landed first, so the caller reads again', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const writing = cases.applyChanges('tr-1', [chooseOption(transfer, elected, 'NHSPS', now)]);

    // Assess
    await expect(writing).rejects.toBeInstanceOf(TransientStepError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('Function: caseRepository.changeShard', () => {
  it("reads the shard again when a person's own change is still in flight on the tally, rather than failing", async () => {
    // Prepare: one person to invite; the first tally write meets a person's transaction on the tally item
    const imported = staffCase({ transferId: 'tr-1', status: 'imported', shard: 0 });
    const invited = { ...imported, status: 'invited' as const };
    dynamo.on(GetCommand).resolves({ Item: { 'count:imported': 1, tallyVersion: 3 } });
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [imported] })
      .resolves({ Items: [invited] });
    let tallyWrites = 0;
    dynamo.on(UpdateCommand).callsFake((input: { Key: { sk: string } }) => {
      if (!input.Key.sk.startsWith('TALLY#')) return {};
      tallyWrites += 1;
      if (tallyWrites === 1) {
        throw new TransactionConflictException({
          message: 'Transaction is ongoing for the item',
          $metadata: {},
        });
      }
      return {};
    });

    // Act
    const { changes, people } = await cases.changeShard('tr-1', 0, (person) => invitationChange(person, now));

    // Assess
    expect(changes).toHaveLength(1);
    expect(people.map((person) => person.status)).toEqual(['invited']);
    expect(tallyWrites).toBe(2);
    const lastTally = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .filter((input) => String(input.Key?.sk).startsWith('TALLY#'))
      .at(-1);
    expect(lastTally?.ConditionExpression).toBe('#version = :read');
    expect(lastTally?.ExpressionAttributeValues).toMatchObject({ ':read': 3, ':next': 4 });
  });
});

describe('Function: caseRepository.recordWrongAttempt', () => {
  const lockout = { wrongAttempts: 1, since: now.toISOString() };
  const event = { at: now.toISOString(), by: 'staff', action: 'wrong-employee-number' };

  it('stores the first wrong number only if none is stored, leaving the version alone', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await cases.recordWrongAttempt('tr-1', 0, 'E1001', undefined, lockout, [event]);

    // Assess
    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(lockout)');
    expect(input?.UpdateExpression).toBe('SET lockout = :lockout, history = list_append(history, :events)');
    expect(input?.ExpressionAttributeValues).toEqual({ ':lockout': lockout, ':events': [event] });
  });

  it('stores a later one only over the lockout read, and answers TransientStepError when it moved', async () => {
    // Prepare
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    // Act
    const writing = cases.recordWrongAttempt(
      'tr-1',
      0,
      'E1001',
      lockout,
      { wrongAttempts: 2, since: lockout.since },
      [event],
    );

    // Assess
    await expect(writing).rejects.toBeInstanceOf(TransientStepError);
    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe(
      'lockout.since = :since AND lockout.wrongAttempts = :wrongAttempts',
    );
    expect(input?.ExpressionAttributeValues).toMatchObject({ ':since': lockout.since, ':wrongAttempts': 1 });
  });
});
