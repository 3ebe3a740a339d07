/**
 * The email ledger's claims on DynamoDB Local: each claim is its own conditional write, so what keeps an
 * email from going twice is that condition alone. A claim whose answer was lost is sent again by the SDK and
 * must still be its sender's; of many senders claiming one email at once, one wins.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { emailLedger, type LedgerKey } from '../../functions/adapters/email-ledger.ts';
import { localTableName } from '../../infra/local/local-stack.ts';

/** A ledger with its own client, as each Lambda has; `loseAnswers` PutItem answers are lost after the write. */
function ledgerOnItsOwnClient({ loseAnswers = 0 } = {}) {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const puts = { sent: 0 };
  let toLose = loseAnswers;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutItemCommand') return next(args);
      puts.sent += 1;
      const answer = await next(args);
      if (toLose > 0) {
        toLose -= 1;
        // Inside the SDK's retry loop: the write landed, and the SDK sends it again as it would after a timeout.
        throw Object.assign(new Error('The answer to the claim was lost'), {
          name: 'TimeoutError',
          $metadata: {},
        });
      }
      return answer;
    },
    { step: 'deserialize', name: 'loseClaimAnswers' },
  );
  const documentClient = DynamoDBDocumentClient.from(client);
  return {
    ledger: emailLedger({ client: documentClient, tableName: () => localTableName }),
    puts,
    documentClient,
  };
}

const email = { to: 'asha.patel@council.example.org', subject: 'Choose your pension scheme' };

function freshKey(): Extract<LedgerKey, { transferId: string }> {
  return { transferId: randomUUID(), employeeKey: `E${randomUUID().slice(0, 8)}`, purpose: 'invitation' };
}

describe('Store: email ledger claims on DynamoDB Local', () => {
  it('keeps a claim the SDK sent again after it was written as its sender’s, and held for another', async () => {
    // Prepare
    const key = freshKey();
    const sender = ledgerOnItsOwnClient({ loseAnswers: 1 });
    const other = ledgerOnItsOwnClient();

    // Act
    const [own] = await sender.ledger.claimMany([{ key, email }], new Date());
    const [another] = await other.ledger.claimMany([{ key, email }], new Date());
    const single = await other.ledger.claim(key, email, new Date());

    // Assess
    expect(sender.puts.sent).toBe(2);
    expect(own).toBe('claimed');
    expect(another).toBe('held');
    expect(single).toBe('held');
  });

  it('gives one of fifty senders claiming one email at once the claim; the rest find it held', async () => {
    // Prepare
    const key = freshKey();
    const senders = Array.from({ length: 50 }, () => ledgerOnItsOwnClient());

    // Act
    const results = await Promise.all(
      senders.map(({ ledger }, index) =>
        index % 2 === 0
          ? ledger.claimMany([{ key, email }], new Date()).then(([result]) => result)
          : ledger.claim(key, email, new Date()),
      ),
    );

    // Assess
    expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
    expect(results.filter((result) => result === 'held')).toHaveLength(49);
  });

  it('answers sent to every later claim once the email is marked sent', async () => {
    // Prepare
    const key = freshKey();
    const { ledger, documentClient } = ledgerOnItsOwnClient();
    await ledger.claimMany([{ key, email }], new Date());
    await ledger.markSent(key, 'message-1', new Date());

    // Act
    const again = await ledgerOnItsOwnClient().ledger.claimMany([{ key, email }], new Date());

    // Assess
    expect(again).toEqual(['sent']);
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: localTableName,
        Key: {
          pk: `TRANSFER#${key.transferId}#PERSON#${'employeeKey' in key ? key.employeeKey : ''}`,
          sk: 'EMAIL#invitation',
        },
      }),
    );
    expect(Item).toMatchObject({ status: 'sent', messageId: 'message-1' });
  });
});
