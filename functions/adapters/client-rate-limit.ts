import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClientRate } from '../domain/client-rate-limit.ts';
import { defaultTableAccess, type TableAccess, updateIfStill } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type RateUpdate = NonNullable<TransactItem['Update']>;

export function clientRateKey(partition: string, rate: Pick<ClientRate, 'clientKey' | 'window'>) {
  return { pk: `${partition}#CLIENT#${rate.clientKey}`, sk: `RATE#${rate.window}` };
}

/** Adds one to the client's counter unless it has reached `rate.limit` (as a transaction item or alone). */
export function clientRateCount(tableName: string, partition: string, rate: ClientRate): RateUpdate {
  return {
    TableName: tableName,
    Key: clientRateKey(partition, rate),
    UpdateExpression: 'ADD #count :one SET expiresAt = :expires, #type = :rate',
    ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
    ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
    ExpressionAttributeValues: {
      ':one': 1,
      ':limit': rate.limit,
      ':expires': rate.expiresAt,
      ':rate': 'rate-limit',
    },
  };
}

/** The counters on their own, for limits that are not part of another write. */
export function clientRateLimits({ client, tableName }: TableAccess = defaultTableAccess) {
  return {
    /** Whether the client has used up its hour. */
    async reached(partition: string, rate: ClientRate): Promise<boolean> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName(), Key: clientRateKey(partition, rate), ConsistentRead: true }),
      );
      return Number(Item?.count ?? 0) >= rate.limit;
    },

    /** Counts one; false (nothing counted) when the client had already reached its limit. */
    async count(partition: string, rate: ClientRate): Promise<boolean> {
      return updateIfStill(client, clientRateCount(tableName(), partition, rate));
    },
  };
}

export type ClientRateLimits = ReturnType<typeof clientRateLimits>;
