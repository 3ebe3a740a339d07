import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { timerRepository } from '../../../functions/adapters/timer-repository.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const dynamo = mockClient(documentClient);
const timers = timerRepository({ client: documentClient, tableName: () => 'transfer-desk-test' });

const contractId = '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55';
const reminder = pendingTimer('contract', contractId, 'renewal-reminder', '2026-10-01', 30);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

afterEach(() => {
  dynamo.reset();
});

describe('Function: timerRepository', () => {
  it('writes a pending timer under its owner, indexed by when it is due, only if it is new', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const written = await timers.putOnce(reminder);

    // Assess
    expect(written).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'transfer-desk-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `CONTRACT#${contractId}`,
        sk: 'TIMER#renewal-reminder#30',
        status: 'pending',
        dueOn: '2026-10-01',
        dueAt: '2026-09-30T23:00:00.000Z',
        offsetDays: 30,
        gsi1pk: 'TIMERS#PENDING',
        gsi1sk: `2026-09-30T23:00:00.000Z#contract#${contractId}#renewal-reminder#30`,
      },
    });
  });

  it('answers false when the timer already exists', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());

    // Act
    const written = await timers.putOnce(reminder);

    // Assess
    expect(written).toBe(false);
  });

  it('finds the pending timers due up to now through the index, without their keys', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [{ pk: 'x', sk: 'y', gsi1pk: 'TIMERS#PENDING', gsi1sk: 'z', type: 'timer', ...reminder }],
    });

    // Act
    const due = await timers.due(new Date('2026-10-01T08:00:00.000Z'));

    // Assess
    expect(due).toEqual([reminder]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk < :upTo',
      ExpressionAttributeValues: { ':pending': 'TIMERS#PENDING', ':upTo': '2026-10-01T08:00:00.000Z~' },
    });
  });

  it('claims a timer only while it is pending at the same due time, leaving the index', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await timers.markStarted(reminder, 'run-1', '2026-10-01T08:00:00.000Z');
    const second = await timers.markStarted(reminder, 'run-1', '2026-10-01T08:00:00.000Z');

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#status = :pending AND dueAt = :dueAt',
      UpdateExpression: expect.stringContaining('REMOVE gsi1pk, gsi1sk'),
      ExpressionAttributeValues: expect.objectContaining({ ':dueAt': reminder.dueAt }),
    });
  });

  it('answers the status a timer already finished has when it is finished again', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: { ...reminder, status: 'cancelled' } });

    // Act
    const status = await timers.finish('contract', contractId, reminder.key, '2026-10-01T08:01:00.000Z');

    // Assess
    expect(status).toBe('cancelled');
  });

  it('records a failure on the owner and marks the timer failed in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const failure = {
      workflow: 'send-renewal-reminder',
      timer: reminder.key,
      error: 'States.Timeout',
      at: '2026-10-01T08:05:00.000Z',
    };

    // Act
    await timers.recordFailure('contract', contractId, failure);

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key)).toEqual([
      { pk: `CONTRACT#${contractId}`, sk: 'CONTRACT' },
      { pk: `CONTRACT#${contractId}`, sk: 'TIMER#renewal-reminder#30' },
    ]);
    expect(items[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':failure': [failure] });
  });

  it('cancels only pending timers, each on condition that it is still pending', () => {
    // Prepare
    const started = {
      ...pendingTimer('contract', contractId, 'renewal-reminder', '2026-09-01', 60),
      status: 'started' as const,
    };

    // Act
    const items = timers.cancelItems([reminder, started], '2026-09-02T10:00:00.000Z');

    // Assess
    expect(items).toHaveLength(1);
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: `CONTRACT#${contractId}`, sk: 'TIMER#renewal-reminder#30' },
      ConditionExpression: '#status = :pending',
    });
  });
});
