import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { contractRepository } from '../../../functions/adapters/contract-repository.ts';
import type { Contract } from '../../../functions/domain/contract.ts';
import { ConflictError, ContractChangedError } from '../../../functions/domain/errors.ts';
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

  it('ends a contract only from the status it was read in, moving it to the decided index and cancelling pending timers', async () => {
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
      UpdateExpression: 'SET #status = :status, decisions = :decisions, gsi2pk = :decided',
      ConditionExpression: '#status = :from',
      ExpressionAttributeValues: { ':status': 'ended', ':from': 'active', ':decided': 'CONTRACTS#DECIDED' },
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

  describe('createAll: a batch of new contracts is stored all or nothing', () => {
    const batchOf = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const id = `0e0f8a36-2b9b-4f8a-8d7c-${String(index).padStart(12, '0')}`;
        const one = { ...contract, id };
        return {
          contract: one,
          timers: [30, 14, 7, 3].map((offset) =>
            pendingTimer('contract', id, 'renewal-reminder', '2026-12-01', offset),
          ),
        };
      });
    type Items = NonNullable<TransactWriteCommand['input']['TransactItems']>;
    const transactions = (): Items[] =>
      dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);

    it('writes a batch that fits in one transaction as that one transaction', async () => {
      // Prepare
      dynamo.on(TransactWriteCommand).resolves({});

      // Act
      await contracts.createAll(batchOf(20));

      // Assess
      expect(transactions()).toHaveLength(1);
      expect(transactions()[0]).toHaveLength(100);
      expect(
        transactions()[0]?.every((item) => item.Put?.ConditionExpression === 'attribute_not_exists(pk)'),
      ).toBe(true);
    });

    it('stages a larger batch unindexed and expiring, then publishes each item only if it is still staged', async () => {
      // Prepare
      dynamo.on(TransactWriteCommand).resolves({});

      // Act
      await contracts.createAll(batchOf(50));

      // Assess
      const [stage1, stage2, stage3, publish1, publish2, publish3, ...more] = transactions();
      expect(more).toEqual([]);
      for (const staged of [stage1, stage2, stage3]) {
        for (const { Put } of staged ?? []) {
          expect(Put?.Item).toMatchObject({ stagedBy: expect.any(String), expiresAt: expect.any(Number) });
          expect(Put?.Item).not.toHaveProperty('gsi1pk');
          expect(Put?.Item).not.toHaveProperty('gsi2pk');
          expect(Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
        }
      }
      expect([stage1, stage2, stage3].map((items) => items?.length)).toEqual([100, 100, 50]);
      const batchId = stage1?.[0]?.Put?.Item?.stagedBy;
      const published = [publish1, publish2, publish3].flatMap((items) => items ?? []);
      expect(published).toHaveLength(250);
      for (const { Put } of published) {
        expect(Put?.ConditionExpression).toBe('stagedBy = :batch');
        expect(Put?.ExpressionAttributeValues).toEqual({ ':batch': batchId });
        expect(Put?.Item).not.toHaveProperty('stagedBy');
        expect(Put?.Item).not.toHaveProperty('expiresAt');
      }
      expect(published[0]?.Put?.Item).toMatchObject({ gsi1pk: 'MANAGER#sam.jones@council.example.org' });
    });

    it('deletes what it wrote when a later transaction is cancelled, and answers a conflict', async () => {
      // Prepare
      dynamo
        .on(TransactWriteCommand)
        .resolvesOnce({})
        .rejectsOnce(cancelled(['None', 'ConditionalCheckFailed']))
        .resolves({});

      // Act
      const creating = contracts.createAll(batchOf(50));

      // Assess
      await expect(creating).rejects.toBeInstanceOf(ConflictError);
      const [stage1, _failed, ...cleanUp] = transactions();
      const deleted = cleanUp.flatMap((items) => items.map((item) => item.Delete?.Key));
      expect(deleted).toEqual(stage1?.map((item) => ({ pk: item.Put?.Item?.pk, sk: item.Put?.Item?.sk })));
    });

    it('deletes the published part too when publishing fails part-way', async () => {
      // Prepare
      dynamo
        .on(TransactWriteCommand)
        .resolvesOnce({})
        .resolvesOnce({})
        .resolvesOnce({})
        .resolvesOnce({})
        .rejectsOnce(new Error('Throughput exceeded'))
        .resolves({});

      // Act
      const creating = contracts.createAll(batchOf(50));

      // Assess
      await expect(creating).rejects.toThrow('Throughput exceeded');
      const deleted = transactions()
        .slice(5)
        .flatMap((items) => items.map((item) => item.Delete?.Key));
      expect(deleted).toHaveLength(250);
    });

    it('treats a staged contract as not there yet', async () => {
      // Prepare
      dynamo
        .on(GetCommand)
        .resolves({ Item: { ...contract, pk: 'CONTRACT#x', sk: 'CONTRACT', stagedBy: 'b-1' } });

      // Act
      const found = await contracts.get(contract.id);

      // Assess
      expect(found).toBeUndefined();
    });
  });
});
