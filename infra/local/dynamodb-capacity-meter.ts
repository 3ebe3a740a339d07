/**
 * A loopback proxy in front of DynamoDB Local that asks for the capacity of every call
 * (`ReturnConsumedCapacity: INDEXES`, table and each index) and tells the stack's meter what it consumed.
 * The answer goes back to the caller unchanged (it carries `ConsumedCapacity` even where the caller did not
 * ask: the SDK reads it as an optional field).
 *
 * DynamoDB Local's figures are used as given for single-item calls, batches, queries and scans. Two kinds of
 * call are computed from item sizes instead, by DynamoDB's billing rules, reading the items before and after
 * straight from DynamoDB Local (those reads are not metered):
 * - `TransactWriteItems`: DynamoDB Local's totals are wrong (a one-item transaction of a small item reports
 *   4 WCU, a two-item one 4 too). Each item costs 2 WCU a KB, for the table and each index it writes.
 * - a write refused by its condition (`ConditionalCheckFailedException`), which DynamoDB bills (the existing
 *   item's size, at least 1 WCU) and DynamoDB Local answers without capacity.
 */

import { Agent, createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../functions/adapters/table-definition.ts';
import { closeServer } from './aws-json-protocol.ts';
import { listenOnLoopback, loopbackHost } from './free-port.ts';
import { localRegion } from './local-aws.ts';

/** The header the local stack's request meter puts on each request a function makes: the function's name. */
export const meteredFunctionHeader = 'x-transfer-desk-function';

export interface ConsumedCapacityRecord {
  /** `PutItem`, `Query`, `TransactWriteItems`… */
  operation: string;
  /** The catalog function that made the call, when known. */
  functionName?: string;
  /** Read request units, the table's and its indexes'. */
  readUnits: number;
  /** Write request units, the table's and its indexes'. */
  writeUnits: number;
  /** Of those, what the indexes consumed. */
  indexUnits: number;
  /** True where the units were computed from item sizes rather than reported by DynamoDB Local. */
  computed: boolean;
  /** The error type when DynamoDB answered an error. */
  error?: string;
}

interface LocalConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

type Item = Record<string, AttributeValue>;

const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const meteredOperations = new Set([
  ...readOperations,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's stored size: about one byte per two significant digits, plus one. */
function numberBytes(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.ceil(Math.max(1, digits.replace(/0+$/, '').length) / 2) + 1;
}

/** The size of one attribute value by DynamoDB's rules (names count in maps; 3 bytes a map or list, 1 an element). */
export function attributeValueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  // Binary arrives base64 in the JSON protocol, as bytes from the SDK.
  if (value.B !== undefined) {
    const binary: unknown = value.B;
    return typeof binary === 'string' ? Buffer.from(binary, 'base64').length : value.B.length;
  }
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8Bytes(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + numberBytes(text), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.length, 0);
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, inner]) => sum + 1 + utf8Bytes(name) + attributeValueBytes(inner),
        0,
      )
    );
  }
  if (value.L !== undefined)
    return 3 + value.L.reduce((sum, inner) => sum + 1 + attributeValueBytes(inner), 0);
  return 0;
}

/** An item's size: each attribute's name and value. Binary values arrive base64 in the JSON protocol. */
export function itemBytes(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + attributeValueBytes(value),
    0,
  );
}

/** Write units of an item of this many bytes: one a KB started, at least one. */
export const writeUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export interface IndexShape {
  name: string;
  keys: readonly string[];
  /** `ALL`, `KEYS_ONLY` or `INCLUDE` with the attributes it includes. */
  projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

/** What an index holds of an item: nothing without its keys; else the projected attributes and every key. */
export function indexEntry(
  item: Item | undefined,
  index: IndexShape,
  tableKeys: readonly string[],
): Item | undefined {
  if (!item || index.keys.some((key) => item[key] === undefined)) return undefined;
  if (index.projection === 'ALL') return item;
  const kept = new Set([
    ...index.keys,
    ...tableKeys,
    ...(index.projection === 'KEYS_ONLY' ? [] : index.projection),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
}

/**
 * The write units of one item's change, by DynamoDB's rules: the table the larger of before and after (twice
 * in a transaction: a prepare and a commit); each index nothing when the item is in neither state or its
 * entry is unchanged, one write when it appears, disappears or changes in place, two (a delete and a put)
 * when its index key changes. Index writes are propagated after the commit, as for any write, so they are
 * not doubled in a transaction (an assumption: DynamoDB Local doubles them, and its transaction totals are
 * wrong anyway).
 */
export function itemWriteUnits(
  change: { before: Item | undefined; after: Item | undefined; conditionCheckOnly?: boolean },
  indexes: readonly IndexShape[],
  tableKeys: readonly string[],
  transactional: boolean,
): { table: number; indexes: number } {
  const table =
    (transactional ? 2 : 1) * writeUnitsOf(Math.max(itemBytes(change.before), itemBytes(change.after)));
  if (change.conditionCheckOnly) return { table, indexes: 0 };
  let indexUnits = 0;
  for (const index of indexes) {
    const before = indexEntry(change.before, index, tableKeys);
    const after = indexEntry(change.after, index, tableKeys);
    if (!before && !after) continue;
    if (before && after) {
      const keyChanged = index.keys.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
      if (keyChanged) indexUnits += writeUnitsOf(itemBytes(before)) + writeUnitsOf(itemBytes(after));
      else if (JSON.stringify(before) !== JSON.stringify(after)) {
        indexUnits += writeUnitsOf(Math.max(itemBytes(before), itemBytes(after)));
      }
      continue;
    }
    indexUnits += writeUnitsOf(itemBytes(before ?? after));
  }
  return { table, indexes: indexUnits };
}

/** Sums what DynamoDB Local reported (one object, or a list for batches and transactions). */
function reportedUnits(consumed: LocalConsumedCapacity | LocalConsumedCapacity[] | undefined) {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let total = 0;
  let indexUnits = 0;
  for (const entry of list) {
    total += entry.CapacityUnits ?? 0;
    for (const index of [
      ...Object.values(entry.GlobalSecondaryIndexes ?? {}),
      ...Object.values(entry.LocalSecondaryIndexes ?? {}),
    ]) {
      indexUnits += index.CapacityUnits ?? 0;
    }
  }
  return { total, indexUnits, reported: list.length > 0 };
}

interface TransactWriteItem {
  Put?: { TableName: string; Item: Item };
  Update?: { TableName: string; Key: Item };
  Delete?: { TableName: string; Key: Item };
  ConditionCheck?: { TableName: string; Key: Item };
}

export interface DynamoDbCapacityMeter {
  url: string;
  close(): Promise<void>;
}

export interface DynamoDbCapacityMeterOptions {
  /** Where requests go: `http://127.0.0.1:<port>` (DynamoDB Local, or a fault proxy in front of it). */
  upstream: string;
  /** DynamoDB Local itself, for the unmetered reads of item sizes. */
  directEndpoint: string;
  onConsumed: (record: ConsumedCapacityRecord) => void;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDynamoDbCapacityMeter(
  options: DynamoDbCapacityMeterOptions,
): Promise<DynamoDbCapacityMeter> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const direct = new DynamoDBClient({
    region: localRegion,
    endpoint: options.directEndpoint,
    credentials: { accessKeyId: 'meter', secretAccessKey: 'meter' },
  });
  const tableKeys = [tableDefinition.partitionKey, tableDefinition.sortKey];
  const indexesByTable = new Map<string, Promise<IndexShape[]>>();
  const indexesOf = (tableName: string): Promise<IndexShape[]> => {
    let shapes = indexesByTable.get(tableName);
    if (!shapes) {
      shapes = direct.send(new DescribeTableCommand({ TableName: tableName })).then(({ Table }) =>
        (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName ?? '',
          keys: (index.KeySchema ?? []).map((key) => key.AttributeName ?? ''),
          projection:
            index.Projection?.ProjectionType === 'INCLUDE'
              ? (index.Projection.NonKeyAttributes ?? [])
              : index.Projection?.ProjectionType === 'KEYS_ONLY'
                ? 'KEYS_ONLY'
                : 'ALL',
        })),
      );
      indexesByTable.set(tableName, shapes);
    }
    return shapes;
  };
  const keyOf = (item: Item): Item =>
    Object.fromEntries(tableKeys.map((key) => [key, item[key] as AttributeValue]));
  const current = async (tableName: string, key: Item): Promise<Item | undefined> =>
    (await direct.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** The transaction's items as they are now, each with its table and key. */
  const transactionState = (items: TransactWriteItem[]) =>
    Promise.all(
      items.map(async (entry) => {
        const target = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck;
        if (!target) return undefined;
        const key = entry.Put ? keyOf(entry.Put.Item) : (target as { Key: Item }).Key;
        return current(target.TableName, key);
      }),
    );

  const transactionUnits = async (
    items: TransactWriteItem[],
    before: Array<Item | undefined>,
    succeeded: boolean,
  ) => {
    const after = succeeded ? await transactionState(items) : before;
    let table = 0;
    let indexes = 0;
    for (const [position, entry] of items.entries()) {
      const target = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck;
      if (!target) continue;
      const units = itemWriteUnits(
        {
          before: before[position],
          // A refused transaction is billed as if each of its writes had been made.
          after: succeeded ? after[position] : entry.Put ? entry.Put.Item : before[position],
          conditionCheckOnly: entry.ConditionCheck !== undefined,
        },
        await indexesOf(target.TableName),
        tableKeys,
        true,
      );
      table += units.table;
      indexes += units.indexes;
    }
    return { table, indexes };
  };

  const server = createServer((client, response) => {
    void (async () => {
      const received = await readAll(client);
      const target = String(client.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      const functionName = client.headers[meteredFunctionHeader];
      let body = received;
      let parsed: Record<string, unknown> | undefined;
      if (meteredOperations.has(operation)) {
        try {
          parsed = JSON.parse(received.toString('utf8')) as Record<string, unknown>;
          body = Buffer.from(JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'INDEXES' }));
        } catch {
          parsed = undefined;
        }
      }
      const transactItems =
        operation === 'TransactWriteItems' && Array.isArray(parsed?.TransactItems)
          ? (parsed.TransactItems as TransactWriteItem[])
          : undefined;
      const before = transactItems ? await transactionState(transactItems) : [];

      const headers: IncomingMessage['headers'] = {
        ...client.headers,
        host: new URL(options.upstream).host,
        'content-length': String(body.length),
      };
      delete headers[meteredFunctionHeader];
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const outgoing = httpRequest(
          new URL(client.url ?? '/', options.upstream),
          { method: client.method, headers, agent },
          resolve,
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
      const answerBody = await readAll(answer);
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      response.end(answerBody);

      if (!parsed) return;
      const status = answer.statusCode ?? 500;
      let document: { ConsumedCapacity?: LocalConsumedCapacity | LocalConsumedCapacity[]; __type?: string } =
        {};
      try {
        document = JSON.parse(answerBody.toString('utf8'));
      } catch {
        document = {};
      }
      const error =
        status >= 400
          ? String(document.__type ?? 'Error')
              .split('#')
              .pop()
          : undefined;
      const isRead = readOperations.has(operation);
      const record = (units: number, indexUnits: number, computed: boolean) =>
        options.onConsumed({
          operation,
          ...(typeof functionName === 'string' ? { functionName } : {}),
          readUnits: isRead ? units : 0,
          writeUnits: isRead ? 0 : units,
          indexUnits,
          computed,
          ...(error ? { error } : {}),
        });
      if (transactItems) {
        if (error && error !== 'TransactionCanceledException') return;
        const units = await transactionUnits(transactItems, before, !error);
        record(units.table + units.indexes, units.indexes, true);
        return;
      }
      if (error === 'ConditionalCheckFailedException') {
        const tableName = String(parsed.TableName ?? '');
        const key = (parsed.Key as Item | undefined) ?? keyOf((parsed.Item as Item | undefined) ?? {});
        record(writeUnitsOf(itemBytes(await current(tableName, key))), 0, true);
        return;
      }
      if (error) return;
      const reported = reportedUnits(document.ConsumedCapacity);
      if (reported.reported) record(reported.total, reported.indexUnits, false);
    })().catch(() => client.socket.destroy());
  });

  const port = await listenOnLoopback(server);
  return {
    url: `http://${loopbackHost}:${port}`,
    async close() {
      await closeServer(server);
      agent.destroy();
      direct.destroy();
    },
  };
}
