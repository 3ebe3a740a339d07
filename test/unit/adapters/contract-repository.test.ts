import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractChangedError, contractRepository } from '../../../functions/adapters/contract-repository.ts';
import type { Contract } from '../../../functions/domain/contract.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const dynamo = mockClient(documentClient);
const contracts = contractRepository({ client: documentClient, tableName: () => 'transfer-desk-test' });

const contract: Contract = {
  id: '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55',
  kind: 'employment',
  title: 'Occupational therapist (fixed-term)',
  parties: ['Midlands Partnership NHS Foundation Trust'],
  managerEmail: 'sam.jones@council.example.org',
  startDate: '2025-01-01',
  endDate: '2026-12-31',
  noticeDays: 30,
  reminderDays: [30],
  requiresConsultation: false,
  status: 'active',
  decisions: [],
  warnings: [],
  createdAt: '2026-06-01T11:00:00.000Z',
  createdBy: 'hr.lead@council.example.org',
};
const reminder = pendingTimer('contract', contract.id, 'renewal-reminder', '2026-12-01', 30);
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

afterEach(() => {
  dynamo.reset();
});

describe('Function: contractRepository', () => {
  it('writes a new contract indexed by manager and among open contracts, with its timers, in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const written = await contracts.putOnce(contract, [reminder]);

    // Assess
    expect(written).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `CONTRACT#${contract.id}`,
        sk: 'CONTRACT',
        gsi1pk: 'MANAGER#sam.jones@council.example.org',
        gsi1sk: `2026-12-31#${contract.id}`,
        gsi2pk: 'CONTRACTS#ACTIVE',
        gsi2sk: `2026-12-31#${contract.id}`,
      },
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      pk: `CONTRACT#${contract.id}`,
      sk: 'TIMER#renewal-reminder#30',
    });
  });

  it('answers false when the contract exists already (a retried step writes nothing twice)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));

    // Act
    const written = await contracts.putOnce(contract, [reminder]);

    // Assess
    expect(written).toBe(false);
  });

  it('ends a contract only from the status it was read in, leaving the open index and cancelling pending timers', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await contracts.change(
      contract,
      { from: 'active', status: 'ended', decisions: [] },
      {
        cancel: [reminder, { ...reminder, key: 'renewal-escalation', status: 'done' }],
        at: '2026-06-02T09:00:00.000Z',
      },
    );

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.Update).toMatchObject({
      UpdateExpression: 'SET #status = :status, decisions = :decisions REMOVE gsi2pk, gsi2sk',
      ConditionExpression: '#status = :from',
      ExpressionAttributeValues: { ':status': 'ended', ':from': 'active' },
    });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: `CONTRACT#${contract.id}`, sk: 'TIMER#renewal-reminder#30' },
      ConditionExpression: '#status = :pending',
    });
  });

  it('says a decision lost to another is not retryable, and one that met a started timer is', async () => {
    // Prepare
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['ConditionalCheckFailed', 'None']))
      .rejectsOnce(cancelled(['None', 'ConditionalCheckFailed']));
    const change = { from: 'active' as const, status: 'ended' as const, decisions: [] };
    const effects = { cancel: [reminder], at: '2026-06-02T09:00:00.000Z' };

    // Act
    const lost = await contracts.change(contract, change, effects).catch((error: unknown) => error);
    const moved = await contracts.change(contract, change, effects).catch((error: unknown) => error);

    // Assess
    expect(lost).toBeInstanceOf(ContractChangedError);
    expect((lost as ContractChangedError).retryable).toBe(false);
    expect((lost as ContractChangedError).status).toBe(409);
    expect((moved as ContractChangedError).retryable).toBe(true);
  });

  it("lists a manager's contracts ending in a window from the manager index", async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [{ pk: `CONTRACT#${contract.id}`, sk: 'CONTRACT', gsi1pk: 'x', ...contract }] });

    // Act
    const found = await contracts.listForManager('Sam.Jones@council.example.org', '2026-06-01', '2026-12-31');

    // Assess
    expect(found).toEqual([contract]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ExpressionAttributeValues: {
        ':partition': 'MANAGER#sam.jones@council.example.org',
        ':from': '2026-06-01#',
        ':to': '2026-12-31#~',
      },
    });
  });
});
