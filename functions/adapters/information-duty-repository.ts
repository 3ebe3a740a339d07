/**
 * The duty to inform and consult in the table, under the transfer's partition: the measures requests and
 * answers, the information letters sent, the consultation meetings and the representations with replies.
 * Each is numbered or keyed so a repeated write is refused rather than doubled.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, TransferNotFoundError } from '../domain/errors.ts';
import type {
  ConsultationMeeting,
  InformationLetter,
  MeasuresAnswer,
  MeasuresRequest,
  Representation,
  RepresentationReply,
} from '../domain/information-duty.ts';
import type { TransfereeContact } from '../domain/transfer.ts';
import { defaultTableAccess, keys, queryByPrefix, refusedAs, type TableAccess } from './dynamodb.ts';

/** Sort key prefixes under `TRANSFER#{id}`. */
export const informationDutyPrefixes = {
  measuresRequest: 'MEASURES-REQUEST#',
  measuresAnswer: 'MEASURES-ANSWER#',
  information: 'INFORMATION#',
  meeting: 'MEETING#',
  representation: 'REPRESENTATION#',
} as const;

/** Numbers sort as text: `0007` before `0012`. */
const numbered = (number: number) => String(number).padStart(4, '0');

function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, transferId: _transferId, ...rest } = item;
  return rest as T;
}

export function informationDutyRepository(access: TableAccess = defaultTableAccess) {
  const { client, tableName } = access;
  const pk = (id: string) => `TRANSFER#${id}`;
  const list = async <T>(id: string, prefix: string): Promise<T[]> =>
    (await queryByPrefix(access, pk(id), prefix)).map((item) => withoutKeys<T>(item));

  /** A new item under a key no earlier write took; a second writer of the same number is told to try again. */
  const putNew = async (id: string, sk: string, type: string, record: object, what: string) => {
    await refusedAs(
      client.send(
        new PutCommand({
          TableName: tableName(),
          Item: { pk: pk(id), sk, type, transferId: id, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      (error) =>
        new ConflictError(`Another ${what} was recorded at the same moment; try again`, { cause: error }),
    );
  };

  return {
    /** Sets or changes the transferee's HR contact on the transfer's header item. */
    async setTransfereeContact(id: string, contact: TransfereeContact): Promise<void> {
      await refusedAs(
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.transfer(id),
            UpdateExpression: 'SET transfereeContact = :contact',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':contact': contact },
          }),
        ),
        (error) => new TransferNotFoundError(`No transfer ${id}`, { cause: error }),
      );
    },

    measuresRequests: (id: string) => list<MeasuresRequest>(id, informationDutyPrefixes.measuresRequest),

    async addMeasuresRequest(id: string, request: MeasuresRequest): Promise<void> {
      await putNew(
        id,
        `${informationDutyPrefixes.measuresRequest}${numbered(request.number)}`,
        'measures-request',
        request,
        'measures request',
      );
    },

    measuresAnswers: (id: string) => list<MeasuresAnswer>(id, informationDutyPrefixes.measuresAnswer),

    async addMeasuresAnswer(id: string, answer: MeasuresAnswer): Promise<void> {
      await putNew(
        id,
        `${informationDutyPrefixes.measuresAnswer}${numbered(answer.number)}`,
        'measures-answer',
        answer,
        'answer',
      );
    },

    informationLetters: (id: string) => list<InformationLetter>(id, informationDutyPrefixes.information),

    async addInformationLetter(id: string, letter: InformationLetter): Promise<void> {
      await putNew(
        id,
        `${informationDutyPrefixes.information}${numbered(letter.number)}`,
        'information-letter',
        letter,
        'information letter',
      );
    },

    meetings: (id: string) => list<ConsultationMeeting>(id, informationDutyPrefixes.meeting),

    async addMeeting(id: string, meeting: ConsultationMeeting): Promise<void> {
      await putNew(
        id,
        `${informationDutyPrefixes.meeting}${meeting.recordedAt}#${meeting.id}`,
        'consultation-meeting',
        meeting,
        'meeting',
      );
    },

    representations: (id: string) => list<Representation>(id, informationDutyPrefixes.representation),

    async addRepresentation(id: string, representation: Representation): Promise<void> {
      await putNew(
        id,
        `${informationDutyPrefixes.representation}${representation.id}`,
        'representation',
        representation,
        'representation',
      );
    },

    /** Records the reply to a representation not yet answered; ConflictError when it already has one. */
    async addReply(id: string, representationId: string, reply: RepresentationReply): Promise<void> {
      await refusedAs(
        client.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: pk(id), sk: `${informationDutyPrefixes.representation}${representationId}` },
            UpdateExpression: 'SET reply = :reply',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reply)',
            ExpressionAttributeValues: { ':reply': reply },
          }),
        ),
        async (error) => {
          const stored = await queryByPrefix(
            access,
            pk(id),
            `${informationDutyPrefixes.representation}${representationId}`,
          );
          if (stored.length === 0)
            return new NotFoundError(`No representation ${representationId}`, { cause: error });
          return new ConflictError('This representation has already been replied to', { cause: error });
        },
      );
    },
  };
}

export type InformationDutyRepository = ReturnType<typeof informationDutyRepository>;
