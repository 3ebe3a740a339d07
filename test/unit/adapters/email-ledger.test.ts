import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  claimLifetimeMs,
  emailLedger,
  type LedgerKey,
  ledgerReference,
} from '../../../functions/adapters/email-ledger.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const dynamo = mockClient(documentClient);
const ledger = emailLedger({ client: documentClient, tableName: () => 'transfer-desk-test' });

const key: LedgerKey = {
  transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
  employeeKey: 'E1001',
  purpose: 'invitation',
};
const email = { to: 'asha.patel@council.example.org', subject: 'Choose your pension scheme' };
const now = new Date('2026-07-01T11:00:00.000Z');
const ledgerKeyItem = { pk: `TRANSFER#${key.transferId}#PERSON#E1001`, sk: 'EMAIL#invitation' };
const keysHash = createHash('sha256').update(`${ledgerKeyItem.pk}\n${ledgerKeyItem.sk}`).digest('base64url');

/** A refused conditional write, giving back the item it met (ALL_OLD) in DynamoDB's own notation. */
const conditionFailed = (item?: Record<string, string>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item
      ? { Item: Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }])) }
      : {}),
  });

/**
 * Evaluates the ledger's claim condition the way DynamoDB would for its two kinds of clause, so the test
 * checks what the condition allows rather than how it is spelt.
 */
function claimAllowed(
  input: {
    ConditionExpression?: string | undefined;
    ExpressionAttributeValues?: Record<string, unknown> | undefined;
  },
  stored: { status: string; claimExpiresAt?: string } | undefined,
): boolean {
  expect(input.ConditionExpression).toBe(
    'attribute_not_exists(pk) OR (#status = :claimed AND claimExpiresAt < :now)',
  );
  const values = input.ExpressionAttributeValues ?? {};
  if (stored === undefined) return true;
  return (
    stored.status === values[':claimed'] &&
    stored.claimExpiresAt !== undefined &&
    stored.claimExpiresAt < String(values[':now'])
  );
}

describe('Function: emailLedger', () => {
  afterEach(() => {
    dynamo.reset();
  });

  it('claims an email that has no ledger item and answers claimed', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    const claimed = await ledger.claim(key, email, now);

    // Assess
    expect(claimed).toBe('claimed');
    const [call] = dynamo.commandCalls(PutCommand);
    expect(call?.args[0].input).toMatchObject({
      TableName: 'transfer-desk-test',
      Item: {
        ...ledgerKeyItem,
        type: 'email',
        purpose: 'invitation',
        to: email.to,
        subject: email.subject,
        status: 'claimed',
        claimedAt: '2026-07-01T11:00:00.000Z',
        claimExpiresAt: new Date(now.getTime() + claimLifetimeMs).toISOString(),
      },
    });
  });

  it('answers sent when the email was sent before, from the item the refusal gives back, reading nothing', async () => {
    // Prepare
    dynamo
      .on(PutCommand)
      .rejects(conditionFailed({ ...ledgerKeyItem, status: 'sent', sentAt: now.toISOString() }));

    // Act
    const claimed = await ledger.claim(key, email, now);

    // Assess
    expect(claimed).toBe('sent');
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.ReturnValuesOnConditionCheckFailure).toBe(
      'ALL_OLD',
    );
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('answers held while another sender holds an unexpired claim, never sent', async () => {
    // Prepare: claimed a minute ago by a sender that may have died
    const claimedAt = new Date(now.getTime() - 60_000);
    dynamo.on(PutCommand).rejects(
      conditionFailed({
        ...ledgerKeyItem,
        status: 'claimed',
        claimedAt: claimedAt.toISOString(),
        claimExpiresAt: new Date(claimedAt.getTime() + claimLifetimeMs).toISOString(),
        claimToken: 'another-sender',
      }),
    );

    // Act
    const claimed = await ledger.claim(key, email, now);

    // Assess
    expect(claimed).toBe('held');
  });

  it('answers held when the item was released between the write and its refusal, so the retry claims it', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());

    // Act
    const claimed = await ledger.claim(key, email, now);

    // Assess
    expect(claimed).toBe('held');
  });

  it('takes over a claim once it has expired, so the email whose outcome is unknown is sent', async () => {
    // Prepare: the held claim's item, as DynamoDB would judge the claim condition against it
    const claimedAt = new Date(now.getTime() - claimLifetimeMs - 1);
    const stored = {
      status: 'claimed',
      claimExpiresAt: new Date(claimedAt.getTime() + claimLifetimeMs).toISOString(),
    };
    dynamo.on(PutCommand).callsFake((input) => {
      if (!claimAllowed(input, stored)) throw conditionFailed();
      return {};
    });

    // Act
    const claimed = await ledger.claim(key, email, now);

    // Assess
    expect(claimed).toBe('claimed');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('passes on any other failure, so the step is retried', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const claiming = ledger.claim(key, email, now);

    // Assess
    await expect(claiming).rejects.toThrow('Rate exceeded');
  });

  it('lets a claim be taken again only once it has expired, never over a sent email', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await ledger.claim(key, email, now);

    // Assess
    const input = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    if (!input) throw new Error('no PutCommand was sent');
    const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
    const inAMinute = new Date(now.getTime() + 60_000).toISOString();
    expect(claimAllowed(input, undefined)).toBe(true);
    expect(claimAllowed(input, { status: 'claimed', claimExpiresAt: minuteAgo })).toBe(true);
    expect(claimAllowed(input, { status: 'claimed', claimExpiresAt: inAMinute })).toBe(false);
    expect(claimAllowed(input, { status: 'sent' })).toBe(false);
    expect(input.ExpressionAttributeNames).toEqual({ '#status': 'status' });
  });

  it('marks a claimed email sent with its message id and drops the expiry', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await ledger.markSent(key, 'message-1', new Date('2026-07-01T11:00:02.000Z'));

    // Assess
    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: 'transfer-desk-test',
      Key: ledgerKeyItem,
      ExpressionAttributeValues: { ':sent': 'sent', ':at': '2026-07-01T11:00:02.000Z', ':id': 'message-1' },
    });
    expect(input?.UpdateExpression).toContain('REMOVE claimExpiresAt');
  });

  it('releases only an item that is still claimed, never one marked sent', async () => {
    // Prepare
    dynamo.on(DeleteCommand).resolves({});

    // Act
    await ledger.release(key);

    // Assess
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'transfer-desk-test',
      Key: ledgerKeyItem,
      ConditionExpression: '#status = :claimed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimed': 'claimed' },
    });
  });

  it("maps a person's ledger items to notifications, sent ones oldest first and unsent last", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          ...ledgerKeyItem,
          sk: 'EMAIL#transferred',
          type: 'email',
          purpose: 'transferred',
          to: email.to,
          subject: 'Your employment has moved',
          status: 'claimed',
          claimedAt: '2026-10-01T00:00:00.000Z',
          claimExpiresAt: '2026-10-01T00:10:00.000Z',
        },
        {
          ...ledgerKeyItem,
          sk: 'EMAIL#election-confirmation#1',
          type: 'email',
          purpose: 'election-confirmation#1',
          to: email.to,
          subject: 'Pension choice recorded',
          status: 'sent',
          sentAt: '2026-07-02T09:00:00.000Z',
          messageId: 'message-2',
        },
        {
          ...ledgerKeyItem,
          type: 'email',
          ...email,
          purpose: 'invitation',
          status: 'sent',
          sentAt: '2026-07-01T11:00:02.000Z',
        },
      ],
    });

    // Act
    const notifications = await ledger.forPerson(key.transferId, 'E1001');

    // Assess
    expect(notifications).toEqual([
      {
        purpose: 'invitation',
        to: email.to,
        subject: email.subject,
        status: 'sent',
        sentAt: '2026-07-01T11:00:02.000Z',
      },
      {
        purpose: 'election-confirmation#1',
        to: email.to,
        subject: 'Pension choice recorded',
        status: 'sent',
        sentAt: '2026-07-02T09:00:00.000Z',
      },
      { purpose: 'transferred', to: email.to, subject: 'Your employment has moved', status: 'claimed' },
    ]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'transfer-desk-test',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
      ExpressionAttributeValues: { ':pk': ledgerKeyItem.pk, ':email': 'EMAIL#' },
      ConsistentRead: true,
    });
  });

  it('answers no notifications for a person with no ledger items', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({});

    // Act
    const notifications = await ledger.forPerson(key.transferId, 'E1001');

    // Assess
    expect(notifications).toEqual([]);
  });

  it('indexes each claim under its transfer, by keys only, so every email of a transfer is one query', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await ledger.claim(key, email, now);

    // Assess
    const item = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).toMatchObject({
      employeeKey: 'E1001',
      gsi3pk: `EMAILS#${key.transferId}`,
      gsi3sk: keysHash,
    });
    expect(item).not.toHaveProperty('gsi1pk');
    expect(item).not.toHaveProperty('gsi2pk');
  });

  it("lists a transfer's emails page by page from the index, reading the items by their keys", async () => {
    // Prepare
    const secondKey = { pk: `TRANSFER#${key.transferId}#PERSON#E1002`, sk: 'EMAIL#invitation' };
    const lastKey = { ...ledgerKeyItem, gsi3pk: `EMAILS#${key.transferId}`, gsi3sk: keysHash };
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [lastKey], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [{ ...secondKey, gsi3pk: `EMAILS#${key.transferId}`, gsi3sk: 'other' }] });
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: {
          'transfer-desk-test': [
            {
              ...ledgerKeyItem,
              type: 'email',
              employeeKey: 'E1001',
              purpose: 'invitation',
              ...email,
              status: 'sent',
              claimedAt: '2026-07-01T11:00:00.000Z',
              sentAt: '2026-07-01T11:00:02.000Z',
            },
          ],
        },
      })
      .resolvesOnce({
        Responses: {
          'transfer-desk-test': [
            {
              ...secondKey,
              employeeKey: 'E1002',
              purpose: 'invitation',
              to: 'ben.jones@council.example.org',
              subject: email.subject,
              status: 'claimed',
              claimedAt: '2026-07-01T11:00:01.000Z',
            },
          ],
        },
      });

    // Act
    const first = await ledger.forTransfer(key.transferId, { limit: 1 });
    const second = await ledger.forTransfer(key.transferId, { next: first.next as string });

    // Assess
    expect(first.items).toEqual([
      {
        employeeKey: 'E1001',
        claimedAt: '2026-07-01T11:00:00.000Z',
        purpose: 'invitation',
        ...email,
        status: 'sent',
        sentAt: '2026-07-01T11:00:02.000Z',
      },
    ]);
    expect(second).toEqual({
      items: [
        {
          employeeKey: 'E1002',
          claimedAt: '2026-07-01T11:00:01.000Z',
          purpose: 'invitation',
          to: 'ben.jones@council.example.org',
          subject: email.subject,
          status: 'claimed',
        },
      ],
    });
    const [firstCall, secondCall] = dynamo.commandCalls(QueryCommand);
    expect(firstCall?.args[0].input).toMatchObject({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :emails',
      ExpressionAttributeValues: { ':emails': `EMAILS#${key.transferId}` },
      Limit: 1,
    });
    expect(secondCall?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    expect(dynamo.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems).toEqual({
      'transfer-desk-test': { Keys: [secondKey] },
    });
  });

  it("refuses a page cursor that points into another transfer's emails", async () => {
    // Prepare
    const foreign = Buffer.from(
      JSON.stringify({ pk: 'x', sk: 'y', gsi3pk: 'EMAILS#another-transfer', gsi3sk: 'z' }),
    ).toString('base64url');

    // Act
    const listing = ledger.forTransfer(key.transferId, { next: foreign });

    // Assess
    await expect(listing).rejects.toThrow('The page cursor is not one this service gave');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('keeps an email about a consultation participant under the consultation, indexed by its id', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const consultationId = '5a4f0c52-7a43-4d8e-9a43-0c1e8d2d7b11';

    // Act
    await ledger.claim(
      { consultationId, participantKey: 'I0a1b2c3d', purpose: 'consultation-invitation' },
      email,
      now,
    );

    // Assess
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: `CONSULTATION#${consultationId}#PARTICIPANT#I0a1b2c3d`,
      sk: 'EMAIL#consultation-invitation',
      employeeKey: 'I0a1b2c3d',
      gsi3pk: `EMAILS#${consultationId}`,
    });
  });

  it("lists a contract's emails, oldest first, from under the contract", async () => {
    // Prepare
    const contractId = '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55';
    dynamo.on(PutCommand).resolves({});
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          purpose: 'renewal-reminder#30',
          to: 'm@example.org',
          subject: 'b',
          status: 'sent',
          sentAt: '2026-10-02T00:00:00.000Z',
        },
        {
          purpose: 'renewal-reminder#60',
          to: 'm@example.org',
          subject: 'a',
          status: 'sent',
          sentAt: '2026-09-01T00:00:00.000Z',
        },
      ],
    });

    // Act
    await ledger.claim({ contractId, purpose: 'renewal-reminder#30' }, email, now);
    const listed = await ledger.forContract(contractId);

    // Assess
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: `CONTRACT#${contractId}#EMAILS`,
      sk: 'EMAIL#renewal-reminder#30',
      gsi3pk: `EMAILS#${contractId}`,
    });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': `CONTRACT#${contractId}#EMAILS`,
      ':email': 'EMAIL#',
    });
    expect(listed.map((record) => record.purpose)).toEqual(['renewal-reminder#60', 'renewal-reminder#30']);
  });

  it('gives each email a reference of its owner and a hash of its keys, which shows no employee number', () => {
    // Act
    const reference = ledgerReference(key);

    // Assess
    expect(reference).toBe(`${key.transferId}_${keysHash}`);
    expect(reference).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(reference).not.toContain('E1001');
  });

  it('marks sent only a claimed or sent email, and leaves one SES already said was delivered', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const marking = ledger.markSent(key, 'message-1', new Date('2026-07-01T11:00:02.000Z'));

    // Assess
    await expect(marking).resolves.toBeUndefined();
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#status IN (:claimed, :sent)',
      ExpressionAttributeValues: { ':claimed': 'claimed', ':sent': 'sent' },
    });
  });

  it("settles a claimed email sent from SES's Send event, found by its reference", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [ledgerKeyItem] });
    dynamo.on(UpdateCommand).resolves({});
    const sentAt = new Date('2026-07-01T11:00:01.000Z');

    // Act
    const result = await ledger.settle(ledgerReference(key), {
      status: 'sent',
      messageId: 'ses-message-1',
      sentAt,
      at: sentAt,
    });

    // Assess
    expect(result).toBe('settled');
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :emails AND gsi3sk = :hash',
      ExpressionAttributeValues: { ':emails': `EMAILS#${key.transferId}`, ':hash': keysHash },
    });
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      Key: ledgerKeyItem,
      ConditionExpression: '#status = :claimed',
      ExpressionAttributeValues: {
        ':status': 'sent',
        ':id': 'ses-message-1',
        ':sentAt': '2026-07-01T11:00:01.000Z',
        ':claimed': 'claimed',
      },
    });
    expect(update?.UpdateExpression).toContain('REMOVE claimExpiresAt');
  });

  it('moves a claimed or sent email to delivered, keeping the message id and time it was sent', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [ledgerKeyItem] });
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const result = await ledger.settle(ledgerReference(key), {
      status: 'delivered',
      messageId: 'ses-message-1',
      sentAt: new Date('2026-07-01T11:00:01.000Z'),
      at: new Date('2026-07-01T11:00:03.000Z'),
    });

    // Assess
    expect(result).toBe('settled');
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toBe('#status IN (:claimed, :sent)');
    expect(update?.UpdateExpression).toContain('messageId = if_not_exists(messageId, :id)');
    expect(update?.UpdateExpression).toContain('sentAt = if_not_exists(sentAt, :sentAt)');
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':status': 'delivered',
      ':at': '2026-07-01T11:00:03.000Z',
    });
  });

  it('moves a claimed, sent or delivered email to complained, never a bounced one', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [ledgerKeyItem] });
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const result = await ledger.settle(ledgerReference(key), {
      status: 'complained',
      messageId: 'ses-message-1',
      sentAt: new Date('2026-07-01T11:00:01.000Z'),
      at: new Date('2026-07-01T11:05:00.000Z'),
    });

    // Assess
    expect(result).toBe('settled');
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toBe('#status IN (:claimed, :sent, :delivered)');
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':status': 'complained',
      ':delivered': 'delivered',
      ':at': '2026-07-01T11:05:00.000Z',
    });
  });

  it('answers unchanged for an event that would move an email backwards (a bounce after delivery)', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [ledgerKeyItem] });
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    const at = new Date('2026-07-01T11:00:03.000Z');

    // Act
    const result = await ledger.settle(ledgerReference(key), {
      status: 'bounced',
      messageId: 'ses-message-1',
      sentAt: at,
      at,
    });

    // Assess
    expect(result).toBe('unchanged');
  });

  it('answers unknown for a reference no item carries, and writes nothing', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const at = new Date('2026-07-01T11:00:03.000Z');

    // Act
    const result = await ledger.settle('no-such-reference', {
      status: 'sent',
      messageId: 'm',
      sentAt: at,
      at,
    });

    // Assess
    expect(result).toBe('unknown');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  describe('claimMany', () => {
    const person = (employeeKey: string): LedgerKey => ({ ...key, employeeKey });
    const itemKeyOf = (employeeKey: string) => ({
      pk: `TRANSFER#${key.transferId}#PERSON#${employeeKey}`,
      sk: 'EMAIL#invitation',
    });
    const expired = new Date(now.getTime() - 1).toISOString();
    const live = new Date(now.getTime() + claimLifetimeMs).toISOString();

    /** A table of one partition that judges each claim's condition as DynamoDB would, one write at a time. */
    function fakeTable(stored: Map<string, Record<string, string>> = new Map()) {
      dynamo.on(PutCommand).callsFake((input) => {
        const item = input.Item as Record<string, string> & { pk: string };
        const before = stored.get(item.pk);
        if (!claimAllowed(input, before as { status: string } | undefined)) {
          throw conditionFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? before : undefined);
        }
        stored.set(item.pk, item);
        return {};
      });
      return stored;
    }

    it('claims each free email with its own conditional write, reading nothing first and writing no transaction', async () => {
      // Prepare
      fakeTable();

      // Act
      const results = await ledger.claimMany(
        ['E1', 'E2', 'E3'].map((employeeKey) => ({ key: person(employeeKey), email })),
        now,
      );

      // Assess
      expect(results).toEqual(['claimed', 'claimed', 'claimed']);
      expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(0);
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
      const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
      expect(puts.map((put) => put.Item?.pk).sort()).toEqual(['E1', 'E2', 'E3'].map((e) => itemKeyOf(e).pk));
      for (const put of puts) {
        expect(claimAllowed(put, undefined)).toBe(true);
        expect(put.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
        expect(put.Item).toMatchObject({ status: 'claimed', gsi3pk: `EMAILS#${key.transferId}` });
      }
      // One claim, one token: every item this call wrote carries the same one.
      expect(new Set(puts.map((put) => put.Item?.claimToken)).size).toBe(1);
    });

    it('answers sent, held or claimed for emails met sent, held by a live claim, or with an expired claim', async () => {
      // Prepare: E1 sent, E2 held by a live claim, E3 an expired claim, E4 never claimed
      fakeTable(
        new Map([
          [itemKeyOf('E1').pk, { ...itemKeyOf('E1'), status: 'delivered' }],
          [
            itemKeyOf('E2').pk,
            { ...itemKeyOf('E2'), status: 'claimed', claimExpiresAt: live, claimToken: 'x' },
          ],
          [
            itemKeyOf('E3').pk,
            { ...itemKeyOf('E3'), status: 'claimed', claimExpiresAt: expired, claimToken: 'y' },
          ],
        ]),
      );

      // Act
      const results = await ledger.claimMany(
        ['E1', 'E2', 'E3', 'E4'].map((employeeKey) => ({ key: person(employeeKey), email })),
        now,
      );

      // Assess
      expect(results).toEqual(['sent', 'held', 'claimed', 'claimed']);
    });

    it('with readFirst, reads the emails in one call and writes only the free ones', async () => {
      // Prepare
      dynamo.on(BatchGetCommand).resolves({
        Responses: {
          'transfer-desk-test': [
            { ...itemKeyOf('E1'), status: 'delivered' },
            { ...itemKeyOf('E2'), status: 'claimed', claimExpiresAt: live },
            { ...itemKeyOf('E3'), status: 'claimed', claimExpiresAt: expired },
          ],
        },
      });
      fakeTable();

      // Act
      const results = await ledger.claimMany(
        ['E1', 'E2', 'E3', 'E4'].map((employeeKey) => ({ key: person(employeeKey), email })),
        now,
        { readFirst: true },
      );

      // Assess
      expect(results).toEqual(['sent', 'held', 'claimed', 'claimed']);
      expect(dynamo.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems).toEqual({
        'transfer-desk-test': { Keys: ['E1', 'E2', 'E3', 'E4'].map(itemKeyOf), ConsistentRead: true },
      });
      expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.pk)).toEqual([
        itemKeyOf('E3').pk,
        itemKeyOf('E4').pk,
      ]);
    });

    it('answers claimed for a claim written before the SDK sent it again, and held for another sender', async () => {
      // Prepare: the first write lands but its answer is lost; the SDK's retry meets the item it wrote
      const stored = new Map<string, Record<string, string>>();
      let firstAnswerLost = true;
      dynamo.on(PutCommand).callsFake((input) => {
        const item = input.Item as Record<string, string> & { pk: string };
        if (firstAnswerLost) {
          firstAnswerLost = false;
          stored.set(item.pk, item);
        }
        const before = stored.get(item.pk);
        if (!claimAllowed(input, before as { status: string } | undefined)) throw conditionFailed(before);
        stored.set(item.pk, item);
        return {};
      });

      // Act
      const [own] = await ledger.claimMany([{ key: person('E1'), email }], now);
      const [other] = await ledger.claimMany([{ key: person('E1'), email }], now);

      // Assess
      expect(own).toBe('claimed');
      expect(other).toBe('held');
    });

    it('gives one of fifty concurrent claimers of one email the claim, and the rest held', async () => {
      // Prepare
      fakeTable();

      // Act
      const results = await Promise.all(
        Array.from({ length: 50 }, () => ledger.claimMany([{ key: person('E1'), email }], now)),
      );

      // Assess
      const flat = results.flat();
      expect(flat.filter((result) => result === 'claimed')).toHaveLength(1);
      expect(flat.filter((result) => result === 'held')).toHaveLength(49);
    });

    it('releases what it claimed when another write fails, so the retry finds those emails free', async () => {
      // Prepare: the third write is throttled past the SDK's retries
      let writes = 0;
      dynamo.on(PutCommand).callsFake(() => {
        writes += 1;
        if (writes === 3) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return {};
      });
      dynamo.on(DeleteCommand).resolves({});

      // Act
      const claiming = ledger.claimMany(
        ['E1', 'E2', 'E3'].map((employeeKey) => ({ key: person(employeeKey), email })),
        now,
      );

      // Assess
      await expect(claiming).rejects.toThrow('Rate exceeded');
      const released = dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.pk);
      expect(released.sort()).toEqual([itemKeyOf('E1').pk, itemKeyOf('E2').pk]);
    });
  });

  it('settles from a reference made before references named their owner, through the old index', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [ledgerKeyItem] });
    dynamo.on(UpdateCommand).resolves({});
    const at = new Date('2026-07-01T11:00:01.000Z');

    // Act
    const result = await ledger.settle(keysHash, { status: 'sent', messageId: 'm', sentAt: at, at });

    // Assess
    expect(result).toBe('settled');
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi2',
      ExpressionAttributeValues: { ':reference': `EMAILREF#${keysHash}` },
    });
  });
});
