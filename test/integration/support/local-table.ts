/** The shared local stack's table, reached as each Lambda reaches it: through a client of its own. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { TableAccess } from '../../../functions/adapters/dynamodb.ts';
import { localTableName } from '../../../infra/local/local-stack.ts';

export function localTableAccess(): TableAccess {
  return {
    client: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: inject('dynamodbEndpoint'),
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    ),
    tableName: () => localTableName,
  };
}
