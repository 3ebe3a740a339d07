/**
 * The ledger of emails: each send is claimed first with a conditional write keyed by what it is for,
 * then marked sent. A repeated step skips what is sent, a failed send releases its claim so the retry
 * sends it, and a claim whose outcome is unknown is retried only after it expires.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError } from '../domain/errors.ts';
import type { NotificationRecord } from '../services/contracts.ts';
import { defaultTableAccess, keys, type TableAccess } from './dynamodb.ts';

export interface LedgerKey {
  transferId: string;
  /** The person the email concerns (their employee key). */
  employeeKey: string;
  /** What it is for, e.g. `invitation`, `election-confirmation#2`, `default-applied`. */
  purpose: string;
}

/** One ledger item as the transfer-wide listing answers it: the notification and whom it concerns. */
export interface TransferNotification extends NotificationRecord {
  employeeKey: string;
  claimedAt: string;
}

export interface TransferNotificationPage {
  items: TransferNotification[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

const transferEmailsIndexKey = (transferId: string) => `EMAILS#${transferId}`;

function encodeLedgerCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeLedgerCursor(transferId: string, next: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
  } catch (error) {
    throw new MalformedRequestError('The page cursor is not one this service gave', { cause: error });
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    (key as Record<string, unknown>).gsi1pk === transferEmailsIndexKey(transferId) &&
    ['pk', 'sk', 'gsi1sk'].every((name) => typeof (key as Record<string, unknown>)[name] === 'string');
  if (!valid) throw new MalformedRequestError('The page cursor is not one this service gave');
  return key as Record<string, unknown>;
}

/** How long a claim stands before a send whose outcome is unknown may be tried again. */
export const claimLifetimeMs = 10 * 60 * 1000;

export function emailLedger({ client, tableName }: TableAccess = defaultTableAccess) {
  return {
    /** True when this caller now holds the claim and should send; false when it is sent or claimed. */
    async claim(key: LedgerKey, email: { to: string; subject: string }, now: Date): Promise<boolean> {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...keys.email(key.transferId, key.employeeKey, key.purpose),
              type: 'email',
              purpose: key.purpose,
              to: email.to,
              subject: email.subject,
              status: 'claimed',
              claimedAt: now.toISOString(),
              claimExpiresAt: new Date(now.getTime() + claimLifetimeMs).toISOString(),
              employeeKey: key.employeeKey,
              // Sparse index entry: every email of a transfer in one query, in the order they were claimed.
              gsi1pk: transferEmailsIndexKey(key.transferId),
              gsi1sk: `${now.toISOString()}#${key.employeeKey}#${key.purpose}`,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimExpiresAt < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString() },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async markSent(key: LedgerKey, messageId: string, sentAt: Date): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.email(key.transferId, key.employeeKey, key.purpose),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :id REMOVE claimExpiresAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt.toISOString(), ':id': messageId },
        }),
      );
    },

    /** After a send that certainly failed: free the claim so a retry sends it. */
    async release(key: LedgerKey): Promise<void> {
      await client.send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.email(key.transferId, key.employeeKey, key.purpose),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    },

    /** Every email recorded against a person, oldest first. */
    async forPerson(transferId: string, employeeKey: string): Promise<NotificationRecord[]> {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
          ExpressionAttributeValues: {
            ':pk': keys.email(transferId, employeeKey, '').pk,
            ':email': 'EMAIL#',
          },
          ConsistentRead: true,
        }),
      );
      const when = (item: Record<string, unknown>) => String(item.sentAt ?? item.claimedAt ?? '');
      return (Items ?? [])
        .sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0))
        .map((item) => ({
          purpose: item.purpose as string,
          to: item.to as string,
          subject: item.subject as string,
          status: item.status as NotificationRecord['status'],
          ...(item.sentAt ? { sentAt: item.sentAt as string } : {}),
        }));
    },

    /**
     * One page of every email recorded for a transfer, whoever it concerns, in the order they were
     * claimed; pass `next` from the previous page to go on.
     */
    async forTransfer(
      transferId: string,
      page: { next?: string; limit?: number } = {},
    ): Promise<TransferNotificationPage> {
      const answer = await client.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :emails',
          ExpressionAttributeValues: { ':emails': transferEmailsIndexKey(transferId) },
          ...(page.limit === undefined ? {} : { Limit: page.limit }),
          ...(page.next === undefined
            ? {}
            : { ExclusiveStartKey: decodeLedgerCursor(transferId, page.next) }),
        }),
      );
      return {
        items: (answer.Items ?? []).map((item) => ({
          employeeKey: String(item.employeeKey ?? String(item.gsi1sk ?? '').split('#')[1] ?? ''),
          claimedAt: item.claimedAt as string,
          purpose: item.purpose as string,
          to: item.to as string,
          subject: item.subject as string,
          status: item.status as NotificationRecord['status'],
          ...(item.sentAt ? { sentAt: item.sentAt as string } : {}),
        })),
        ...(answer.LastEvaluatedKey ? { next: encodeLedgerCursor(answer.LastEvaluatedKey) } : {}),
      };
    },

    /** Every email recorded for a transfer, page after page. */
    async allForTransfer(transferId: string): Promise<TransferNotification[]> {
      const all: TransferNotification[] = [];
      let next: string | undefined;
      do {
        const page = await this.forTransfer(transferId, next === undefined ? {} : { next });
        all.push(...page.items);
        next = page.next;
      } while (next !== undefined);
      return all;
    },
  };
}

export type EmailLedger = ReturnType<typeof emailLedger>;
