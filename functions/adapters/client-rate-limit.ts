/**
 * A client's counter for one hour (layout: `<scope>#CLIENT#<hash>` / `RATE#<hour>`, expiring by TTL):
 * counted with a condition, so it refuses once it reaches its limit.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRate } from '../domain/client-rate-limit.ts';
import { defaultTableAccess, type TableAccess } from './dynamodb.ts';

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
      try {
        await client.send(new UpdateCommand(clientRateCount(tableName(), partition, rate)));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

export type ClientRateLimits = ReturnType<typeof clientRateLimits>;
