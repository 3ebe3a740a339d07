/**
 * The ledger of emails: each send is claimed first with a conditional write keyed by what it is for,
 * then marked sent by its sender, or settled by SES's own events (delivered, bounced, delayed). A
 * repeated step skips what is sent, a failed send releases its claim so the retry sends it, and a claim
 * whose outcome is unknown is retried only after it expires.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError } from '../domain/errors.ts';
import type { NotificationRecord } from '../domain/notification.ts';
import {
  batchGetAll,
  defaultTableAccess,
  forEachConcurrently,
  keys,
  queryAll,
  type TableAccess,
} from './dynamodb.ts';

/** What an email is for and whom it concerns: a person on a transfer, a consultation's participant, a contract. */
export type LedgerKey =
  | {
      transferId: string;
      /** The person the email concerns (their employee key). */
      employeeKey: string;
      /** What it is for, e.g. `invitation`, `election-confirmation#2`, `default-applied`. */
      purpose: string;
    }
  | {
      consultationId: string;
      /** The participant's key in the consultation, or a fixed key such as `_OWNER`. */
      participantKey: string;
      /** e.g. `consultation-invitation`, `consultation-reminder`, `consultation-outcome`. */
      purpose: string;
    }
  | {
      contractId: string;
      /** e.g. `renewal-reminder#30`, `renewal-escalation`, `four-year-rule`. */
      purpose: string;
    };

/** The ledger item's keys: emails are kept under whom they concern, and indexed under their owner. */
export function ledgerItemKeys(key: LedgerKey): {
  pk: string;
  sk: string;
  ownerId: string;
  recipientKey: string;
} {
  if ('transferId' in key) {
    return {
      ...keys.email(key.transferId, key.employeeKey, key.purpose),
      ownerId: key.transferId,
      recipientKey: key.employeeKey,
    };
  }
  if ('consultationId' in key) {
    return {
      ...keys.consultationEmail(key.consultationId, key.participantKey, key.purpose),
      ownerId: key.consultationId,
      recipientKey: key.participantKey,
    };
  }
  return {
    ...keys.contractEmail(key.contractId, key.purpose),
    ownerId: key.contractId,
    recipientKey: '_CONTRACT',
  };
}

/** One ledger item as the transfer-wide listing answers it: the notification and whom it concerns. */
export interface TransferNotification extends NotificationRecord {
  employeeKey: string;
  claimedAt: string;
  /** When SES reported it delivered, bounced or complained about. */
  settledAt?: string;
}

export interface TransferNotificationPage {
  items: TransferNotification[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

/** Transfer, consultation and contract ids are UUIDs, so one index key per owner never collides. */
const emailsIndexKey = (ownerId: string) => `EMAILS#${ownerId}`;

/**
 * The emails index (gsi3, keys only): every email of an owner under `EMAILS#{ownerId}`, sorted by the hash
 * of its keys. Only the keys are projected, so a change of status writes the item alone, never the index;
 * whoever lists the emails reads the items by their keys.
 */
export const emailsIndex = 'gsi3';

/** One page of an owner's emails in the emails index: their keys, and where the next page starts. */
export async function emailKeysPage(
  { client, tableName }: TableAccess,
  ownerId: string,
  page: { exclusiveStartKey?: Record<string, unknown>; limit?: number } = {},
): Promise<{ keys: { pk: string; sk: string }[]; lastEvaluatedKey?: Record<string, unknown> }> {
  const answer = await client.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: emailsIndex,
      KeyConditionExpression: 'gsi3pk = :emails',
      ExpressionAttributeValues: { ':emails': emailsIndexKey(ownerId) },
      ...(page.limit === undefined ? {} : { Limit: page.limit }),
      ...(page.exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: page.exclusiveStartKey }),
    }),
  );
  return {
    keys: (answer.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
    ...(answer.LastEvaluatedKey ? { lastEvaluatedKey: answer.LastEvaluatedKey } : {}),
  };
}

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
    (key as Record<string, unknown>).gsi3pk === emailsIndexKey(transferId) &&
    ['pk', 'sk', 'gsi3sk'].every((name) => typeof (key as Record<string, unknown>)[name] === 'string');
  if (!valid) throw new MalformedRequestError('The page cursor is not one this service gave');
  return key as Record<string, unknown>;
}

/**
 * The reference an email carries as an SES tag, so SES's own events can settle its ledger item: the owner's
 * id (a UUID), `_`, and a SHA-256 of the item's keys, which hold employee numbers (base64url: letters,
 * digits, `-` and `_`, as SES tag values allow). The item is found in the emails index (gsi3) under its
 * owner by that hash. It is the same on every claim of the item, so an event from a sender that died still
 * finds the item its retry claimed again.
 */
export function ledgerReference(key: LedgerKey): string {
  const { pk, sk, ownerId } = ledgerItemKeys(key);
  return `${ownerId}_${keysHash(pk, sk)}`;
}

const keysHash = (pk: string, sk: string) => createHash('sha256').update(`${pk}\n${sk}`).digest('base64url');

/** A reference as ledgerReference makes it, or one without its owner (sent before owners were part of it). */
const ownedReference =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/i;

/** The SES tag that carries the ledger reference. */
export const ledgerReferenceTag = 'ledger-ref';

const referenceIndexKey = (reference: string) => `EMAILREF#${reference}`;

/** What SES said about an email: accepted (`sent`), delivered, bounced, or complained about. */
export interface DeliveryOutcome {
  status: 'sent' | 'delivered' | 'bounced' | 'complained';
  messageId: string;
  /** When SES accepted the email. */
  sentAt: Date;
  /** When SES delivered it, it bounced or its recipient complained (the same as sentAt for `sent`). */
  at: Date;
}

/**
 * `settled` (the item moved on), `unchanged` (already there or further: a repeated or late event), or
 * `unknown` (no item carries the reference: not ours, or deleted with the person's data).
 */
export type SettleResult = 'settled' | 'unchanged' | 'unknown';

function itemKey(key: LedgerKey): { pk: string; sk: string } {
  const { pk, sk } = ledgerItemKeys(key);
  return { pk, sk };
}

/**
 * How long a claim stands before a send whose outcome is unknown may be tried again. Every function that
 * sends email stops within 120 s (its Lambda timeout; the Task's TimeoutSeconds is 150 s), so a claim
 * older than that belongs to a sender that died (a crash, kill -9). Five minutes leaves more than twice
 * that for clock skew, and stays below the sweep's first retry of a failed milestone (15 minutes), so the
 * retry finds the claim expired and sends.
 */
export const claimLifetimeMs = 5 * 60 * 1000;

/**
 * What a claim found: `claimed` (this caller sends now), `sent` (sent before: skip it), or `held` (another
 * sender holds a live claim whose outcome is unknown: it is neither sent nor free until the claim expires).
 */
export type ClaimResult = 'claimed' | 'sent' | 'held';

function notificationOf(item: Record<string, unknown>): NotificationRecord {
  return {
    purpose: item.purpose as string,
    to: item.to as string,
    subject: item.subject as string,
    status: item.status as NotificationRecord['status'],
    ...(item.sentAt ? { sentAt: item.sentAt as string } : {}),
  };
}

const whenOf = (record: NotificationRecord) => record.sentAt ?? '';

function transferNotificationOf(item: Record<string, unknown>): TransferNotification {
  return {
    employeeKey: String(item.employeeKey ?? ''),
    claimedAt: item.claimedAt as string,
    ...notificationOf(item),
    ...(item.settledAt ? { settledAt: item.settledAt as string } : {}),
    ...(typeof item.template === 'string' ? { template: item.template } : {}),
  };
}

/** Oldest claim first; emails claimed together by whom they concern, then what they are for. */
const byClaim = (a: TransferNotification, b: TransferNotification) =>
  a.claimedAt.localeCompare(b.claimedAt) ||
  a.employeeKey.localeCompare(b.employeeKey) ||
  a.purpose.localeCompare(b.purpose);

/** What a claim records about the email: to whom, its subject, and the template version it renders with. */
export interface ClaimedEmail {
  to: string;
  subject: string;
  template?: string;
}

/**
 * A claim item: written only when the email is unclaimed, or its claim expired (see claimCondition). Its
 * `claimToken` names the claim that wrote it, so a claim whose answer was lost and that the SDK sends again
 * knows the item it then finds is its own.
 */
function claimItem(
  key: LedgerKey,
  email: ClaimedEmail,
  now: Date,
  claimToken: string,
): Record<string, unknown> {
  const { pk, sk, ownerId, recipientKey } = ledgerItemKeys(key);
  return {
    pk,
    sk,
    type: 'email',
    purpose: key.purpose,
    to: email.to,
    subject: email.subject,
    ...(email.template === undefined ? {} : { template: email.template }),
    status: 'claimed',
    claimedAt: now.toISOString(),
    claimExpiresAt: new Date(now.getTime() + claimLifetimeMs).toISOString(),
    claimToken,
    employeeKey: recipientKey,
    // Keys-only index entry, written once: every email of an owner, and the one an SES event names.
    gsi3pk: emailsIndexKey(ownerId),
    gsi3sk: keysHash(pk, sk),
  };
}

const claimCondition = (now: Date) => ({
  ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimExpiresAt < :now)',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString() },
});

/** What a claim finds in a ledger item as read: free (absent, or its claim expired), held, or sent. */
function standingOf(item: Record<string, unknown> | undefined, now: Date): 'free' | 'held' | 'sent' {
  if (item === undefined) return 'free';
  if (item.status !== 'claimed') return 'sent';
  return String(item.claimExpiresAt ?? '') < now.toISOString() ? 'free' : 'held';
}

/** A string attribute of an item a refused write gave back (ALL_OLD), in DynamoDB's own notation. */
const storedString = (item: Record<string, AttributeValue> | undefined, name: string) => item?.[name]?.S;

/**
 * What a refused claim found, from the item its refusal gave back: this claim's own item (a claim the SDK
 * sent again after its first answer was lost), an email sent before, or a claim another sender holds. An
 * item gone by then was released in between: another sender is at work, so it is held too.
 */
function refusedClaim(item: Record<string, AttributeValue> | undefined, claimToken: string): ClaimResult {
  if (item === undefined) return 'held';
  const status = storedString(item, 'status');
  if (status === 'claimed') return storedString(item, 'claimToken') === claimToken ? 'claimed' : 'held';
  return 'sent';
}

/**
 * Claims written at once by claimMany: each its own conditional write (a transaction would bill each twice),
 * a shard's hundred in a few rounds.
 */
const claimsAtOnce = 16;

const itemId = ({ pk, sk }: { pk: unknown; sk: unknown }) => `${String(pk)}\n${String(sk)}`;

export function emailLedger(access: TableAccess = defaultTableAccess) {
  const { client, tableName } = access;

  /** Reads the items of `ledgerKeys` (consistently), by item id. */
  const itemsOf = async (ledgerKeys: readonly LedgerKey[]) => {
    const items = await batchGetAll(access, ledgerKeys.map(itemKey));
    return new Map(items.map((item) => [itemId(item as { pk: string; sk: string }), item]));
  };

  /**
   * Writes one claim on the claim's condition. Answers `claimed`, or, when the condition refused it, what
   * the item it met says (refusedClaim): the refusal gives the item back, so nothing is read again.
   */
  const claimOnce = async (
    key: LedgerKey,
    email: ClaimedEmail,
    now: Date,
    claimToken: string,
  ): Promise<ClaimResult> => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName(),
          Item: claimItem(key, email, now, claimToken),
          ...claimCondition(now),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return refusedClaim(error.Item, claimToken);
    }
  };

  /** After a send that certainly failed: free the claim so a retry sends it. */
  const release = async (key: LedgerKey): Promise<void> => {
    await client.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: itemKey(key),
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
      }),
    );
  };

  return {
    /** Claims the email for this caller, or says why not: sent already, or held by a live claim. */
    claim(key: LedgerKey, email: ClaimedEmail, now: Date): Promise<ClaimResult> {
      return claimOnce(key, email, now, randomUUID());
    },

    /**
     * Claims many emails at once (a shard's invitations), as `claim` does each, with the same condition on
     * every one, so two senders on the same emails never both claim one. With `readFirst` (emails known to
     * have items, such as claims found held before) their items are read first in one call, and only the
     * free ones written. When a write fails for another reason, the claims this call wrote are released
     * before the error goes on, so a retry finds them free. Answers each email's result, in order.
     */
    async claimMany(
      emails: readonly { key: LedgerKey; email: ClaimedEmail }[],
      now: Date,
      { readFirst = false }: { readFirst?: boolean } = {},
    ): Promise<ClaimResult[]> {
      const found = readFirst ? await itemsOf(emails.map(({ key }) => key)) : new Map();
      const results: ClaimResult[] = emails.map(({ key }) => {
        const standing = standingOf(found.get(itemId(itemKey(key))), now);
        return standing === 'free' ? 'claimed' : standing;
      });
      const free = emails.flatMap((entry, index) => (results[index] === 'claimed' ? [{ entry, index }] : []));
      const claimToken = randomUUID();
      const written: LedgerKey[] = [];
      let failure: { error: unknown } | undefined;
      await forEachConcurrently(free, claimsAtOnce, async ({ entry, index }) => {
        if (failure) return;
        try {
          results[index] = await claimOnce(entry.key, entry.email, now, claimToken);
          if (results[index] === 'claimed') written.push(entry.key);
        } catch (error) {
          failure ??= { error };
        }
      });
      if (failure) {
        await Promise.allSettled(written.map(release));
        throw failure.error;
      }
      return results;
    },

    referenceOf: ledgerReference,

    /**
     * After SES accepted the send. SES's own events may have settled it first (a Delivery or Bounce even
     * gone further): a status already past `sent` stays.
     */
    async markSent(key: LedgerKey, messageId: string, sentAt: Date): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: itemKey(key),
            UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :id REMOVE claimExpiresAt',
            ConditionExpression: '#status IN (:claimed, :sent)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':claimed': 'claimed',
              ':at': sentAt.toISOString(),
              ':id': messageId,
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /**
     * Settles the item an SES event names by its reference: `claimed` → `sent`, and `claimed` or `sent` →
     * `delivered` or `bounced` (a delivery implies the send, whatever order the events arrive in), and any
     * of those but `bounced` → `complained` (a complaint comes after its delivery). Never backwards, and the
     * first of `delivered` and `bounced` to arrive stays.
     */
    async settle(reference: string, outcome: DeliveryOutcome): Promise<SettleResult> {
      const owned = ownedReference.exec(reference);
      const { Items } = await client.send(
        new QueryCommand(
          owned
            ? {
                TableName: tableName(),
                IndexName: emailsIndex,
                KeyConditionExpression: 'gsi3pk = :emails AND gsi3sk = :hash',
                ExpressionAttributeValues: {
                  ':emails': emailsIndexKey(owned[1] as string),
                  ':hash': owned[2] as string,
                },
              }
            : {
                // Sent before references named their owner: such an item is indexed in gsi2 by it.
                TableName: tableName(),
                IndexName: 'gsi2',
                KeyConditionExpression: 'gsi2pk = :reference',
                ExpressionAttributeValues: { ':reference': referenceIndexKey(reference) },
                ProjectionExpression: 'pk, sk',
              },
        ),
      );
      const found = Items?.[0];
      if (found === undefined) return 'unknown';
      const accepted = outcome.status === 'sent';
      const complained = outcome.status === 'complained';
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: found.pk, sk: found.sk },
            UpdateExpression: accepted
              ? 'SET #status = :status, messageId = :id, sentAt = :sentAt REMOVE claimExpiresAt'
              : 'SET #status = :status, messageId = if_not_exists(messageId, :id), ' +
                'sentAt = if_not_exists(sentAt, :sentAt), settledAt = :at REMOVE claimExpiresAt',
            ConditionExpression: accepted
              ? '#status = :claimed'
              : complained
                ? '#status IN (:claimed, :sent, :delivered)'
                : '#status IN (:claimed, :sent)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': outcome.status,
              ':id': outcome.messageId,
              ':sentAt': outcome.sentAt.toISOString(),
              ':claimed': 'claimed',
              ...(accepted ? {} : { ':at': outcome.at.toISOString(), ':sent': 'sent' }),
              ...(complained ? { ':delivered': 'delivered' } : {}),
            },
          }),
        );
        return 'settled';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'unchanged';
        throw error;
      }
    },

    release,

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
        .map(notificationOf);
    },

    /** Every email recorded against a contract (its reminders, escalation and warnings), oldest first. */
    async forContract(contractId: string): Promise<NotificationRecord[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
        ExpressionAttributeValues: { ':pk': keys.contractEmail(contractId, '').pk, ':email': 'EMAIL#' },
        ConsistentRead: true,
      });
      return items
        .map(notificationOf)
        .sort((a, b) => (whenOf(a) < whenOf(b) ? -1 : whenOf(a) > whenOf(b) ? 1 : 0));
    },

    /**
     * One page of every email recorded for a transfer, whoever it concerns, oldest claim first within the
     * page; pass `next` from the previous page to go on. The index holds keys only: the page's items are
     * read by their keys.
     */
    async forTransfer(
      transferId: string,
      page: { next?: string; limit?: number } = {},
    ): Promise<TransferNotificationPage> {
      const answer = await emailKeysPage(access, transferId, {
        ...(page.limit === undefined ? {} : { limit: page.limit }),
        ...(page.next === undefined ? {} : { exclusiveStartKey: decodeLedgerCursor(transferId, page.next) }),
      });
      const items = await batchGetAll(access, answer.keys, { consistentRead: false });
      return {
        items: items.map(transferNotificationOf).sort(byClaim),
        ...(answer.lastEvaluatedKey ? { next: encodeLedgerCursor(answer.lastEvaluatedKey) } : {}),
      };
    },

    /**
     * Every email recorded against a person, oldest claim first, as the transfer-wide listing answers them
     * (claim time, delivery outcome, template version): what the evidence pack's page for them shows.
     */
    async inFullForPerson(transferId: string, employeeKey: string): Promise<TransferNotification[]> {
      const items = await queryAll(client, {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
        ExpressionAttributeValues: { ':pk': keys.email(transferId, employeeKey, '').pk, ':email': 'EMAIL#' },
      });
      return items
        .map((item) => ({ ...transferNotificationOf(item), employeeKey }))
        .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt));
    },

    /** Every email recorded for a transfer, page after page, in the order they were claimed. */
    async allForTransfer(transferId: string): Promise<TransferNotification[]> {
      const all: TransferNotification[] = [];
      let next: string | undefined;
      do {
        const page = await this.forTransfer(transferId, next === undefined ? {} : { next });
        all.push(...page.items);
        next = page.next;
      } while (next !== undefined);
      return all.sort(byClaim);
    },
  };
}

export type EmailLedger = ReturnType<typeof emailLedger>;
