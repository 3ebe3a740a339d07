import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
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

  it("reads one page of one group's responses after a sort key, and says where to go on", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          pk: 'CONSULTATION#c-1',
          sk: 'RESPONSE#PUBLIC#2026-06-02T08:00:00.000Z#u-1',
          type: 'response',
          respondent: 'public',
          respondedAt: '2026-06-02T08:00:00.000Z',
          firstRespondedAt: '2026-06-02T08:00:00.000Z',
          response: 'Yes',
        },
      ],
      LastEvaluatedKey: { pk: 'CONSULTATION#c-1', sk: 'RESPONSE#PUBLIC#2026-06-02T08:00:00.000Z#u-1' },
    });

    // Act
    const page = await consultations.pageOfResponses('c-1', {
      group: 'public',
      after: 'RESPONSE#PUBLIC#2026-06-01T08:00:00.000Z#u-0',
      limit: 50,
    });

    // Assess
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CONSULTATION#c-1', ':prefix': 'RESPONSE#PUBLIC#' },
      Limit: 50,
      ExclusiveStartKey: { pk: 'CONSULTATION#c-1', sk: 'RESPONSE#PUBLIC#2026-06-01T08:00:00.000Z#u-0' },
    });
    expect(page).toEqual({
      responses: [
        {
          sk: 'RESPONSE#PUBLIC#2026-06-02T08:00:00.000Z#u-1',
          respondent: 'public',
          respondedAt: '2026-06-02T08:00:00.000Z',
          firstRespondedAt: '2026-06-02T08:00:00.000Z',
          response: 'Yes',
        },
      ],
      lastKey: 'RESPONSE#PUBLIC#2026-06-02T08:00:00.000Z#u-1',
    });
  });

  it('keeps a public respondent who left an email in their public shard, in the same transaction as the response', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await consultations.putPublicResponse(
      'c-1',
      {
        respondent: 'public',
        respondedAt: '2026-06-02T08:00:00.000Z',
        firstRespondedAt: '2026-06-02T08:00:00.000Z',
        response: 'Yes',
        email: 'sam@example.org',
      },
      { clientKey: 'k', window: 'w', limit: 5, expiresAt: 0 },
      { participantKey: 'Iabc', shard: 'P3', email: 'sam@example.org' },
    );

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(5);
    expect(items[4]?.Put?.Item).toMatchObject({
      pk: 'CONSULTATION#c-1#SHARD#P3',
      sk: 'PARTICIPANT#Iabc',
      email: 'sam@example.org',
    });
  });
});
