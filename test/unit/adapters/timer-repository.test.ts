import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
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
      KeyConditionExpression: 'gsi1pk = :index AND gsi1sk < :bound',
      ExpressionAttributeValues: { ':index': 'TIMERS#PENDING', ':bound': '2026-10-01T08:00:00.000Z~' },
    });
  });

  it('claims a timer only while it is pending at the same due time, moving it to the running index', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await timers.markStarted(reminder, 'run-1', '2026-10-01T08:00:00.000Z');
    const second = await timers.markStarted(reminder, 'run-1', '2026-10-01T08:00:00.000Z');

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#status = :pending AND dueAt = :dueAt',
      UpdateExpression: expect.stringContaining('gsi1pk = :index, gsi1sk = :sort'),
      ExpressionAttributeValues: expect.objectContaining({
        ':dueAt': reminder.dueAt,
        ':index': 'TIMERS#RUNNING',
        ':sort': `2026-10-01T08:00:00.000Z#contract#${contractId}#renewal-reminder#30`,
      }),
    });
  });

  it('finds the timers running since before a cutoff through the running index', async () => {
    // Prepare
    const running = { ...reminder, status: 'running', attempt: 2, executionName: 'run-2' };
    dynamo.on(QueryCommand).resolves({
      Items: [{ pk: 'x', sk: 'y', gsi1pk: 'TIMERS#RUNNING', gsi1sk: 'z', type: 'timer', ...running }],
    });

    // Act
    const found = await timers.running(new Date('2026-10-01T08:00:00.000Z'));

    // Assess
    expect(found).toEqual([running]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'gsi1pk = :index AND gsi1sk < :bound',
      ExpressionAttributeValues: { ':index': 'TIMERS#RUNNING', ':bound': '2026-10-01T08:00:00.000Z' },
    });
  });

  it('marks only the run it names failed, due for a retry 15 minutes on, and reruns only that failed run', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed()).resolvesOnce({});

    // Act
    const marked = await timers.markFailed(reminder, 2, {
      error: 'RunStoppedUnrecorded',
      at: '2026-10-01T08:10:00.000Z',
    });
    const again = await timers.markFailed(reminder, 2, {
      error: 'RunStoppedUnrecorded',
      at: '2026-10-01T08:10:00.000Z',
    });
    const rerun = await timers.claimRerun(reminder, 2, 'run-3', '2026-10-01T09:00:00.000Z');

    // Assess
    expect([marked, again, rerun]).toEqual([true, false, true]);
    const [failed, , claimed] = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(failed).toMatchObject({
      ConditionExpression: '#status IN (:running, :started) AND attempt = :attempt',
      ExpressionAttributeValues: expect.objectContaining({
        ':attempt': 2,
        ':reason': 'RunStoppedUnrecorded',
        ':index': 'TIMERS#FAILED',
        ':retryAt': '2026-10-01T09:10:00.000Z',
        ':sort': `2026-10-01T09:10:00.000Z#contract#${contractId}#renewal-reminder#30`,
      }),
    });
    expect(claimed).toMatchObject({
      ConditionExpression: '#status = :from AND attempt = :attempt',
      UpdateExpression: expect.stringMatching(/ REMOVE retryAt, finishedAt$/),
      ExpressionAttributeValues: expect.objectContaining({
        ':from': 'failed',
        ':next': 3,
        ':index': 'TIMERS#RUNNING',
        ':name': 'run-3',
      }),
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

  it('records a failure on the owner and marks the running timer failed for a retry in one transaction', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...reminder, status: 'running', attempt: 1 } });
    dynamo.on(TransactWriteCommand).resolves({});
    const failure = {
      workflow: 'send-renewal-reminder',
      timer: reminder.key,
      error: 'States.Timeout',
      at: '2026-10-01T08:05:00.000Z',
    };

    // Act
    const recorded = await timers.recordFailure('contract', contractId, failure);

    // Assess
    expect(recorded).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key)).toEqual([
      { pk: `CONTRACT#${contractId}`, sk: 'CONTRACT' },
      { pk: `CONTRACT#${contractId}`, sk: 'TIMER#renewal-reminder#30' },
    ]);
    expect(items[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':failure': [failure] });
    expect(items[1]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':reason': 'States.Timeout',
      ':index': 'TIMERS#FAILED',
      ':retryAt': '2026-10-01T08:20:00.000Z',
    });
  });

  it('records nothing and answers false when a repeated step finds the timer no longer running', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...reminder, status: 'failed', attempt: 1 } });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );

    // Act
    const recorded = await timers.recordFailure('contract', contractId, {
      workflow: 'send-renewal-reminder',
      timer: reminder.key,
      error: 'States.Timeout',
      at: '2026-10-01T08:06:00.000Z',
    });

    // Assess
    expect(recorded).toBe(false);
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
