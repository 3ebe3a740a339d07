import { describe, expect, it } from 'vitest';
import { capacityByCall, type FunctionCounts, operationName, sumCounts } from '../../cost/meters.ts';

/** A function's counts with only its DynamoDB calls by operation. */
function countsWith(dynamodbOperations: FunctionCounts['dynamodbOperations']): FunctionCounts {
  return { ...sumCounts([]), dynamodbOperations };
}

describe('operationName', () => {
  it('names a refused conditional write or transaction apart from the same call that wrote', () => {
    // Act
    const names = [
      operationName({ operation: 'UpdateItem' }),
      operationName({ operation: 'UpdateItem', error: 'ConditionalCheckFailedException' }),
      operationName({ operation: 'TransactWriteItems', error: 'TransactionCanceledException' }),
      operationName({ operation: 'PutItem', error: 'ProvisionedThroughputExceededException' }),
    ];

    // Assess
    expect(names).toEqual(['UpdateItem', 'UpdateItem refused', 'TransactWriteItems refused', 'PutItem']);
  });
});

describe('sumCounts', () => {
  it('adds the calls and units of each DynamoDB operation', () => {
    // Act
    const total = sumCounts([
      countsWith({ PutItem: { calls: 2, readUnits: 0, writeUnits: 4 } }),
      countsWith({
        PutItem: { calls: 1, readUnits: 0, writeUnits: 2 },
        GetItem: { calls: 3, readUnits: 3, writeUnits: 0 },
      }),
    ]);

    // Assess
    expect(total.dynamodbOperations).toEqual({
      PutItem: { calls: 3, readUnits: 0, writeUnits: 6 },
      GetItem: { calls: 3, readUnits: 3, writeUnits: 0 },
    });
  });
});

describe('capacityByCall', () => {
  it('gives each function and call per person, the largest first, over the phases not left out', () => {
    // Prepare
    const phases = {
      launch: {
        functions: {
          'send-invitations': countsWith({ PutItem: { calls: 100, readUnits: 0, writeUnits: 200 } }),
          'record-email-events': countsWith({
            UpdateItem: { calls: 100, readUnits: 0, writeUnits: 100 },
            Query: { calls: 100, readUnits: 50, writeUnits: 0 },
          }),
        },
      },
      form: {
        functions: {
          'record-email-events': countsWith({ UpdateItem: { calls: 60, readUnits: 0, writeUnits: 60 } }),
          'pension-form': countsWith({ GetItem: { calls: 300, readUnits: 300, writeUnits: 0 } }),
        },
      },
      checks: {
        functions: { 'get-transfer': countsWith({ GetItem: { calls: 900, readUnits: 900, writeUnits: 0 } }) },
      },
    };

    // Act
    const { writes, reads } = capacityByCall(phases, 100, ['checks']);

    // Assess
    expect(writes).toEqual([
      {
        function: 'send-invitations',
        operation: 'PutItem',
        callsPerPerson: 1,
        readUnitsPerPerson: 0,
        writeUnitsPerPerson: 2,
      },
      {
        function: 'record-email-events',
        operation: 'UpdateItem',
        callsPerPerson: 1.6,
        readUnitsPerPerson: 0,
        writeUnitsPerPerson: 1.6,
      },
    ]);
    expect(reads.map((row) => [row.function, row.operation, row.readUnitsPerPerson])).toEqual([
      ['pension-form', 'GetItem', 3],
      ['record-email-events', 'Query', 0.5],
    ]);
  });
});
