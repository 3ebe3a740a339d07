import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  consultationRepository,
  maxBatchWriteAttempts,
  type StoredConsultation,
} from '../../../functions/adapters/consultation-repository.ts';
import { UnprocessedWritesError } from '../../../functions/domain/errors.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const dynamo = mockClient(documentClient);
const consultations = consultationRepository({
  client: documentClient,
  tableName: () => 'transfer-desk-test',
});

afterEach(() => {
  dynamo.reset();
  vi.useRealTimers();
});

describe('Function: consultationRepository', () => {
  it('gives up a batch write DynamoDB keeps leaving unprocessed, with a named error, and stores no consultation', async () => {
    // Prepare
    vi.useFakeTimers();
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: input.RequestItems,
    }));
    const consultation = {
      id: 'c-1',
      createdAt: '2026-06-01T09:00:00.000Z',
    } as unknown as StoredConsultation;

    // Act
    const creating = consultations.create(
      consultation,
      [{ participantKey: 'p-1', shard: 'invitees', email: 'sam@example.org' }],
      [],
    );
    const outcome = creating.then(
      () => undefined,
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();

    // Assess
    expect(await outcome).toBeInstanceOf(UnprocessedWritesError);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(maxBatchWriteAttempts);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
