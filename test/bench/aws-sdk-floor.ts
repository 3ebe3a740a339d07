/**
 * The AWS SDK's share of a cold start: a handler that does nothing but what most of ours must, reading
 * DynamoDB and sending through SES, with the clients made at import as the adapters make theirs. The
 * cold-init bench (cold-init.ts) measures it beside the hello world, so a function's init can be read
 * against the floor the SDK itself sets.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const dynamodb = new DynamoDBClient({});
const ses = new SESv2Client({});

export const handler = async () => {
  await dynamodb.send(new GetItemCommand({ TableName: 'floor', Key: { pk: { S: 'floor' } } }));
  await ses.send(new SendEmailCommand({ Content: { Simple: { Subject: { Data: 'floor' }, Body: {} } } }));
};
