/**
 * Where the Idempotency-Key records live: Powertools' DynamoDB persistence layer on the one table. A
 * record is `IDEMPOTENCY#{caller digest}` / `{route key}#{hash of the key}`, so two callers' keys never
 * meet and a caller's busy partition is their own; it expires through the table's TTL attribute.
 */
import { createHash } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defaultDynamoDbClient, defaultTableName } from './dynamodb.ts';
import { tableDefinition } from './table-definition.ts';

export interface IdempotencyStoreAccess {
  /** The low-level client: Powertools sends its own marshalled commands. */
  client: DynamoDBClient;
  tableName: () => string;
}

export const defaultIdempotencyStoreAccess: IdempotencyStoreAccess = {
  client: defaultDynamoDbClient,
  tableName: defaultTableName,
};

/** A digest of who is calling: keys stay apart per caller without an email address in a table key. */
export function callerDigest(callerId: string): string {
  return createHash('sha256').update(callerId.toLowerCase()).digest('hex').slice(0, 32);
}

/**
 * A persistence layer for one caller. One per request, never shared: Powertools keeps its key prefix and
 * configuration on the instance, and the local stack runs requests of one handler side by side.
 */
export function idempotencyStoreFor(
  callerId: string,
  access: IdempotencyStoreAccess = defaultIdempotencyStoreAccess,
): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: access.tableName(),
    awsSdkV3Client: access.client,
    keyAttr: tableDefinition.partitionKey,
    sortKeyAttr: tableDefinition.sortKey,
    staticPkValue: `IDEMPOTENCY#${callerDigest(callerId)}`,
    expiryAttr: tableDefinition.timeToLiveAttribute,
  });
}
