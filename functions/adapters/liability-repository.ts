/**
 * The employee liability information (TUPE reg 11), stored apart from cases so no case read, list, export
 * or workflow payload carries it:
 * - per person   TRANSFER#{id}#PERSON#{employeeKey} / ELI     date of birth and matters (personal)
 * - transfer     TRANSFER#{id} / ELI                         collective agreements, the giving, downloads, updates
 * - given files  TRANSFER#{id}#ELI / FILE#{version}#{file}#{n} the PDF and CSV as given, in chunks (personal)
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import type {
  LiabilityDownload,
  LiabilityFile,
  LiabilityGiving,
  LiabilityRecord,
  LiabilityUpdate,
  PersonLiability,
} from '../domain/liability-information.ts';
import { employeeKey } from '../domain/roster.ts';
import { chunked, defaultTableAccess, forEachConcurrently, refusedAs, type TableAccess } from './dynamodb.ts';

/** Well below DynamoDB's 400 KB an item, with room for the keys. */
const fileChunkBytes = 350_000;

export const liabilityKeys = {
  person: (id: string, key: string) => ({ pk: `TRANSFER#${id}#PERSON#${key}`, sk: 'ELI' }),
  transfer: (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'ELI' }),
  files: (id: string) => `TRANSFER#${id}#ELI`,
  fileChunk: (id: string, version: number, file: LiabilityFile, chunk: number) => ({
    pk: `TRANSFER#${id}#ELI`,
    sk: `FILE#${version}#${file}#${String(chunk).padStart(4, '0')}`,
  }),
};

/** The item of one person's liability information, as the import writes it in its transaction. */
export function personLiabilityItem(transferId: string, employeeNumber: string, liability: PersonLiability) {
  const key = employeeKey(employeeNumber);
  return {
    ...liabilityKeys.person(transferId, key),
    type: 'liability',
    transferId,
    employeeKey: key,
    ...liability,
  };
}

function liabilityOf(item: Record<string, unknown> | undefined): PersonLiability {
  if (!item) return {};
  const { dateOfBirth, disciplinaryGrievance, claims, collectiveAgreements } = item as PersonLiability;
  return {
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(disciplinaryGrievance ? { disciplinaryGrievance } : {}),
    ...(claims ? { claims } : {}),
    ...(collectiveAgreements ? { collectiveAgreements } : {}),
  };
}

export function liabilityRepository({ client, tableName }: TableAccess = defaultTableAccess) {
  return {
    async person(transferId: string, employeeNumber: string): Promise<PersonLiability> {
      const answer = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: liabilityKeys.person(transferId, employeeKey(employeeNumber)),
          ConsistentRead: true,
        }),
      );
      return liabilityOf(answer.Item);
    },

    /** Everyone's liability information among `employeeNumbers`, by employee key. */
    async people(
      transferId: string,
      employeeNumbers: readonly string[],
    ): Promise<Map<string, PersonLiability>> {
      const found = new Map<string, PersonLiability>();
      const unique = [...new Set(employeeNumbers.map(employeeKey))];
      await forEachConcurrently(chunked(unique, 100), 4, async (batch) => {
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
          [tableName()]: { Keys: batch.map((key) => liabilityKeys.person(transferId, key)) },
        };
        while (request && Object.keys(request).length > 0) {
          const answer = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of answer.Responses?.[tableName()] ?? []) {
            found.set(item.employeeKey as string, liabilityOf(item));
          }
          request = answer.UnprocessedKeys as typeof request;
        }
      });
      return found;
    },

    async savePerson(transferId: string, employeeNumber: string, liability: PersonLiability): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName(),
          Item: personLiabilityItem(transferId, employeeNumber, liability),
        }),
      );
    },

    async record(transferId: string): Promise<LiabilityRecord> {
      const answer = await client.send(
        new GetCommand({
          TableName: tableName(),
          Key: liabilityKeys.transfer(transferId),
          ConsistentRead: true,
        }),
      );
      const item = answer.Item ?? {};
      return {
        ...(typeof item.collectiveAgreements === 'string' && item.collectiveAgreements !== ''
          ? { collectiveAgreements: item.collectiveAgreements }
          : {}),
        ...(item.given ? { given: item.given as LiabilityGiving } : {}),
        downloads: (item.downloads as LiabilityDownload[] | undefined) ?? [],
        updates: (item.updates as LiabilityUpdate[] | undefined) ?? [],
      };
    },

    async saveCollectiveAgreements(transferId: string, text: string): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: liabilityKeys.transfer(transferId),
          UpdateExpression: 'SET collectiveAgreements = :text, transferId = :id',
          ExpressionAttributeValues: { ':text': text, ':id': transferId },
        }),
      );
    },

    /** Stores a file as given, in chunks under its giving's version. */
    async saveFile(transferId: string, version: number, file: LiabilityFile, content: Buffer): Promise<void> {
      const chunks = Math.max(1, Math.ceil(content.length / fileChunkBytes));
      const indexes = Array.from({ length: chunks }, (_, index) => index);
      await forEachConcurrently(indexes, 4, async (index) => {
        await client.send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...liabilityKeys.fileChunk(transferId, version, file, index),
              type: 'liability-file',
              data: new Uint8Array(content.subarray(index * fileChunkBytes, (index + 1) * fileChunkBytes)),
            },
          }),
        );
      });
    },

    async file(transferId: string, version: number, file: LiabilityFile): Promise<Buffer> {
      const parts: Buffer[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const answer = await client.send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': liabilityKeys.files(transferId),
              ':prefix': `FILE#${version}#${file}#`,
            },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of answer.Items ?? []) parts.push(Buffer.from(item.data as Uint8Array));
        start = answer.LastEvaluatedKey;
      } while (start);
      return Buffer.concat(parts);
    },

    /** Records the giving, only once: a second giving is a conflict (corrections go as update notices). */
    async recordGiven(transferId: string, giving: LiabilityGiving): Promise<void> {
      await refusedAs(
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: liabilityKeys.transfer(transferId),
            UpdateExpression: 'SET given = :given, transferId = :id',
            ConditionExpression: 'attribute_not_exists(given)',
            ExpressionAttributeValues: { ':given': giving, ':id': transferId },
          }),
        ),
        (error) =>
          new LiabilityAlreadyGivenError('The liability information was already given', { cause: error }),
      );
    },

    async markGivenSent(transferId: string, sentAt: string): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: liabilityKeys.transfer(transferId),
          UpdateExpression: 'SET given.sentAt = :at',
          ConditionExpression: 'attribute_exists(given)',
          ExpressionAttributeValues: { ':at': sentAt },
        }),
      );
    },

    async recordDownload(transferId: string, download: LiabilityDownload): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: liabilityKeys.transfer(transferId),
          UpdateExpression: 'SET downloads = list_append(if_not_exists(downloads, :none), :download)',
          ExpressionAttributeValues: { ':none': [], ':download': [download] },
        }),
      );
    },

    async recordUpdate(transferId: string, update: LiabilityUpdate): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: liabilityKeys.transfer(transferId),
          UpdateExpression: 'SET updates = list_append(if_not_exists(updates, :none), :update)',
          ExpressionAttributeValues: { ':none': [], ':update': [update] },
        }),
      );
    },
  };
}

export type LiabilityRepository = ReturnType<typeof liabilityRepository>;

/** 409: the ELI goes once; what changes afterwards goes as update notices (TUPE reg 11(5)). */
export class LiabilityAlreadyGivenError extends ConflictError {
  override name = 'LiabilityAlreadyGivenError';
}
