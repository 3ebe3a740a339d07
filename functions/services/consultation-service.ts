/** Consultations as HR and respondents meet them: create, list and show, export, outcome, respond. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.ts';
import type {
  ConsultationRepository,
  Participant,
  StoredConsultation,
  StoredResponseItem,
} from '../adapters/consultation-repository.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { openLinkToken } from '../adapters/personal-links.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import { clientKeyOf, rateWindowOf } from '../domain/client-rate-limit.ts';
import { consultationTextFields } from '../domain/consultation.ts';
import {
  checkTakingResponses,
  consultationLinkExpiresAt,
  consultationTimers,
  inviteeKey,
  inviteeShardSize,
  inviteeShardsOf,
  isTakingResponses,
  publicRespondent,
  publicResponsesPerHour,
  responseMatches,
  responseSearchOf,
  transferConsultationDates,
  transferConsultationId,
  validateNewConsultation,
  validateOutcome,
  validateResponse,
  warningsOf,
} from '../domain/consultation-rules.ts';
import { definedFields } from '../domain/defined-fields.ts';
import {
  ConflictError,
  InvalidLinkError,
  MalformedRequestError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.ts';
import { failureOfTimer } from '../domain/timer.ts';
import type { Transfer } from '../domain/transfer.ts';
import { todayOf } from '../domain/transfer-rules.ts';
import { executionNameOf } from '../domain/workflow-runs.ts';
import { responsesCsv } from './consultation-exports.ts';
import type {
  Actor,
  ConsultationResponseListItem,
  ConsultationResponsePage,
  ConsultationService,
  ConsultationSummary,
  ConsultationView,
} from './contracts.ts';
import { notRecognisedWhenMissing } from './link-errors.ts';
import { type FormLinkSigning, personalFormLink } from './personal-form-link.ts';
import { consultationOf } from './stored-consultation.ts';

/** Settles a contract renewal that waited for this consultation (ContractService.settleAfterConsultation). */
export type SettleContract = (
  contractId: string,
  consultationId: string,
  proceed: boolean,
  actor: Actor,
) => Promise<void>;

/** What a consultation's records and forms need: the table, the link secret and the time. */
export interface ConsultationRecordDependencies {
  consultations: ConsultationRepository;
  timers: TimerRepository;
  transfers: TransferRepository;
  readSecret: ReadSecret;
  clock: Clock;
  publicBaseUrl: () => string;
}

export interface ConsultationDependencies extends ConsultationRecordDependencies {
  startWorkflow: StartWorkflow;
  settleContract: SettleContract;
}

/**
 * Every consultation route but the outcome: stored, listed, read, answered. Recording the outcome starts
 * the workflow that tells people and settles a contract renewal (which sends), so it is apart, and the
 * functions that do not record it carry neither the contract service nor the mail.
 */
export type ConsultationRecords = Omit<ConsultationService, 'recordOutcome'> & TransferConsultations;

/** The link of one participant's form, or of the public form (shard and key `public`). */
export function consultationFormLink(
  { readSecret, publicBaseUrl }: FormLinkSigning,
  consultation: Pick<StoredConsultation, 'id' | 'closesOn'>,
  participant: { shard: string; participantKey: string },
): Promise<string> {
  return personalFormLink(
    readSecret,
    publicBaseUrl(),
    {
      purpose: 'consultation',
      consultationId: consultation.id,
      shard: participant.shard,
      participantKey: participant.participantKey,
    },
    consultationLinkExpiresAt(consultation.closesOn),
  );
}

export const publicParticipant = { shard: 'public', participantKey: 'public' } as const;

const hourInSeconds = 3600;

/** Responses a page of the consultation page shows by default, and the most one request may ask for. */
const responsePageSize = 50;
const maxResponsePageSize = 200;
/**
 * A search reads the responses a chunk at a time and stops after this many chunks even with the page not
 * full, answering a cursor to go on from: a request never reads a whole large consultation.
 */
const searchChunkSize = 200;
const searchChunksPerRequest = 10;

/** The cursor is the sort key of the last response given: HR's group prefix keeps it in its group. */
function encodeResponseCursor(sortKey: string): string {
  return Buffer.from(sortKey).toString('base64url');
}

function decodeResponseCursor(next: string): string {
  const sortKey = Buffer.from(next, 'base64url').toString('utf8');
  if (!/^RESPONSE#(INVITEE|PUBLIC)#[\x21-\x7e]{1,200}$/.test(sortKey)) {
    throw new MalformedRequestError('The page cursor is not one this service gave');
  }
  return sortKey;
}

function listItemOf(response: StoredResponseItem): ConsultationResponseListItem {
  return {
    respondent: response.respondent,
    respondedAt: response.respondedAt,
    ...(response.name === undefined ? {} : { name: response.name }),
    ...(response.organisation === undefined ? {} : { organisation: response.organisation }),
    response: response.response,
  };
}

/** What a transfer's launch needs: its own consultation, created once. */
export interface TransferConsultations {
  /**
   * Creates the consultation a transfer was given dates for (`consultation: {opensOn, closesOn}`), linked
   * to it and not public; a second call finds it and changes nothing.
   */
  createForTransfer(
    transfer: Pick<Transfer, 'id' | 'name' | 'consultation'>,
    actor: Actor,
  ): Promise<string | undefined>;
}

/**
 * A transfer's own consultation, opened at its launch: only the consultation records, their timers and the
 * time, so a transfer's functions carry no contract settling, links or email with it.
 */
export function transferConsultations(
  dependencies: Pick<ConsultationRecordDependencies, 'consultations' | 'timers' | 'clock'>,
): TransferConsultations {
  const { consultations, timers, clock } = dependencies;
  return {
    async createForTransfer(transfer, actor) {
      if (transfer.consultation === undefined) return undefined;
      const dates = transferConsultationDates(transfer.consultation, todayOf(clock.now()));
      if (dates === undefined) return undefined;
      const id = transferConsultationId(transfer.id);
      const existing = await consultations.get(id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (existing) return id;
      const consultation: StoredConsultation = {
        id,
        title: `Consultation on ${transfer.name}`.slice(0, 200),
        ...dates,
        transferId: transfer.id,
        public: false,
        status: 'scheduled',
        invited: 0,
        responded: 0,
        publicResponses: 0,
        shardCounts: {},
        inviteeShards: 0,
        createdAt: clock.now().toISOString(),
        createdBy: actor.id,
      };
      await consultations.create(
        consultation,
        [],
        consultationTimers(consultation).map((timer) => timers.putItem(timer)),
      );
      return id;
    },
  };
}

export function consultationRecords(dependencies: ConsultationRecordDependencies): ConsultationRecords {
  const { consultations, timers, transfers, readSecret, clock } = dependencies;

  const linkedTo = async (consultation: StoredConsultation): Promise<ConsultationView['linkedTo']> => {
    if (consultation.transferId !== undefined) {
      const transfer = await transfers.header(consultation.transferId).catch(() => undefined);
      return { kind: 'transfer', id: consultation.transferId, name: transfer?.name ?? '' };
    }
    if (consultation.contractId !== undefined) {
      const title = await consultations.contractTitle(consultation.contractId);
      return { kind: 'contract', id: consultation.contractId, name: title ?? '' };
    }
    return undefined;
  };

  const viewOf = async (consultation: StoredConsultation): Promise<ConsultationView> => {
    const { failures } = consultation;
    const [link, days, timerList] = await Promise.all([
      linkedTo(consultation),
      consultations.responsesByDay(consultation.id),
      timers.forOwner('consultation', consultation.id),
    ]);
    // Given from the start, so it can be published before the opening (the form says when it opens).
    const publicUrl = consultation.public
      ? await consultationFormLink(dependencies, consultation, publicParticipant)
      : undefined;
    return {
      ...consultationOf(consultation),
      ...(publicUrl ? { publicUrl } : {}),
      warnings: warningsOf(consultation),
      ...(link ? { linkedTo: link } : {}),
      responsesByDay: days,
      timers: timerList.map((timer) => {
        const failure = failureOfTimer(timer);
        return {
          kind: timer.kind,
          dueOn: timer.dueOn,
          status: timer.status,
          ...(failure ? { failure } : {}),
        };
      }),
      ...(failures && failures.length > 0 ? { failures } : {}),
    };
  };

  const openLink = async (token: string) => {
    const subject = await openLinkToken(readSecret, token, 'consultation', clock.now());
    const consultation = await consultations.get(subject.consultationId).catch(notRecognisedWhenMissing);
    if (subject.shard === publicParticipant.shard) {
      if (!consultation.public) throw new InvalidLinkError('This link is not recognised');
      return { subject, consultation, participant: undefined };
    }
    const participant = await consultations.participant(
      consultation.id,
      subject.shard,
      subject.participantKey,
    );
    if (!participant) throw new InvalidLinkError('This link is not recognised');
    return { subject, consultation, participant };
  };

  /** Stores a consultation with its invitees and timers; answers its view. */
  const store = async (consultation: StoredConsultation, invitees: Participant[]) => {
    await consultations.create(
      consultation,
      invitees,
      consultationTimers(consultation).map((timer) => timers.putItem(timer)),
    );
    return viewOf(consultation);
  };

  return {
    ...transferConsultations(dependencies),

    async create(input, actor) {
      const now = clock.now();
      const valid = validateNewConsultation(input, todayOf(now));
      if (valid.transferId !== undefined) {
        await transfers.header(valid.transferId).catch((error: unknown) => {
          if (!(error instanceof NotFoundError)) throw error;
          throw new ValidationError('The consultation has errors', {
            cause: error,
            errors: [{ path: 'transferId', message: 'There is no transfer with this id' }],
          });
        });
      }
      if (
        valid.contractId !== undefined &&
        (await consultations.contractTitle(valid.contractId)) === undefined
      ) {
        throw new ValidationError('The consultation has errors', {
          errors: [{ path: 'contractId', message: 'There is no contract with this id' }],
        });
      }
      const id = randomUUID();
      const invitees: Participant[] = valid.invite.map((email, index) => ({
        participantKey: inviteeKey(email),
        shard: `I${Math.floor(index / inviteeShardSize)}`,
        email,
      }));
      const shardCounts: Record<string, number> = {};
      for (const invitee of invitees) shardCounts[invitee.shard] = (shardCounts[invitee.shard] ?? 0) + 1;
      const optional = <K extends 'transferId' | 'contractId' | 'shortPeriodJustification'>(field: K) =>
        valid[field] === undefined ? {} : { [field]: valid[field] };
      const consultation: StoredConsultation = {
        id,
        title: valid.title,
        ...definedFields(valid, consultationTextFields),
        opensOn: valid.opensOn,
        closesOn: valid.closesOn,
        ...optional('transferId'),
        ...optional('contractId'),
        public: valid.public,
        ...optional('shortPeriodJustification'),
        status: 'scheduled',
        invited: invitees.length,
        responded: 0,
        publicResponses: 0,
        shardCounts,
        inviteeShards: inviteeShardsOf(invitees.length),
        createdAt: now.toISOString(),
        createdBy: actor.id,
      };
      return store(consultation, invitees);
    },

    async list() {
      return (await consultations.list()).map(
        (consultation): ConsultationSummary => ({
          id: consultation.id,
          title: consultation.title,
          status: consultation.status,
          opensOn: consultation.opensOn,
          closesOn: consultation.closesOn,
          public: consultation.public,
          invited: consultation.invited,
          responded: consultation.responded,
          publicResponses: consultation.publicResponses,
          warnings: warningsOf(consultation),
        }),
      );
    },

    async get(id) {
      return viewOf(await consultations.get(id));
    },

    async responsesCsv(id) {
      await consultations.get(id);
      return responsesCsv(await consultations.responses(id));
    },

    async responsesPage(id, query) {
      await consultations.get(id);
      const limit = Math.min(Math.max(query.limit ?? responsePageSize, 1), maxResponsePageSize);
      const search = responseSearchOf(query.q);
      const group = query.group === undefined ? {} : { group: query.group };
      let after = query.next === undefined ? undefined : decodeResponseCursor(query.next);
      const page: ConsultationResponsePage = { items: [] };
      for (let chunk = 0; chunk < (search ? searchChunksPerRequest : 1); chunk++) {
        const wanted = limit - page.items.length;
        const { responses, lastKey } = await consultations.pageOfResponses(id, {
          ...group,
          ...(after === undefined ? {} : { after }),
          // One more than the page holds: a full last page then gets no link to an empty one.
          limit: search ? searchChunkSize : wanted + 1,
        });
        let consumed: string | undefined = lastKey;
        for (const response of responses) {
          if (search !== undefined && !responseMatches(response, search)) continue;
          page.items.push(listItemOf(response));
          if (page.items.length === limit) {
            // Full mid-chunk: go on after this one, unless it was the last there is.
            consumed = response === responses[responses.length - 1] ? lastKey : response.sk;
            break;
          }
        }
        after = consumed;
        if (after === undefined || page.items.length === limit) break;
      }
      if (after !== undefined) page.next = encodeResponseCursor(after);
      return page;
    },

    async openLink(token) {
      const { consultation, participant } = await openLink(token);
      const [current, transfer] = await Promise.all([
        participant ? consultations.inviteeResponse(consultation.id, participant.participantKey) : undefined,
        // A transfer's consultation is about the transfer: the form states it even without a summary.
        consultation.transferId === undefined
          ? undefined
          : transfers.header(consultation.transferId).catch(() => undefined),
      ]);
      return {
        consultationId: consultation.id,
        title: consultation.title,
        ...definedFields(consultation, consultationTextFields),
        ...(transfer
          ? {
              transfer: {
                transferor: transfer.transferor,
                transferee: transfer.transferee,
                transferDate: transfer.transferDate,
              },
            }
          : {}),
        opensOn: consultation.opensOn,
        closesOn: consultation.closesOn,
        open: isTakingResponses(consultation, clock.now()),
        status: consultation.status,
        isPublic: participant === undefined,
        ...(current
          ? { currentResponse: { response: current.response, respondedAt: current.respondedAt } }
          : {}),
      };
    },

    async respond(token, input, client) {
      const { consultation, participant } = await openLink(token);
      const now = clock.now();
      checkTakingResponses(consultation, now);
      const answer = validateResponse(input, participant === undefined);
      const respondedAt = now.toISOString();
      if (participant === undefined) {
        // Whoever left an email address is told the outcome (consultation-steps.ts, shards `P<n>`).
        const respondent: Participant | undefined =
          answer.email === undefined
            ? undefined
            : {
                ...publicRespondent(answer.email),
                email: answer.email,
                ...(answer.name === undefined ? {} : { name: answer.name }),
                respondedAt,
              };
        await consultations.putPublicResponse(
          consultation.id,
          { respondent: 'public', respondedAt, firstRespondedAt: respondedAt, ...answer },
          {
            clientKey: clientKeyOf(consultation.id, client.sourceIp),
            window: rateWindowOf(now),
            limit: publicResponsesPerHour,
            expiresAt: Math.floor(now.getTime() / 1000) + 2 * hourInSeconds,
          },
          respondent,
        );
        return { respondedAt, changed: false };
      }
      const previous = await consultations.inviteeResponse(consultation.id, participant.participantKey);
      const response: StoredResponseItem = {
        respondent: 'invited',
        respondedAt,
        firstRespondedAt: previous?.firstRespondedAt ?? respondedAt,
        response: answer.response,
        participantKey: participant.participantKey,
        ...(participant.name === undefined ? {} : { name: participant.name }),
      };
      await consultations.putInviteeResponse(consultation.id, participant, response, previous);
      return { respondedAt, changed: previous !== undefined };
    },
  };
}

export function consultationService(
  dependencies: ConsultationDependencies,
): ConsultationService & TransferConsultations {
  const { consultations, startWorkflow, clock } = dependencies;
  const records = consultationRecords(dependencies);
  return {
    ...records,

    async recordOutcome(id, input, actor) {
      const consultation = await consultations.get(id);
      // The same outcome sent again after a failure part-way (telling people, settling the contract)
      // finishes what is left: both steps below are idempotent. A different outcome is a conflict.
      const previous = consultation.outcome;
      const outcome = previous
        ? validateOutcome({ status: 'closed' }, input)
        : validateOutcome(consultation, input);
      if (previous && (previous.decision !== outcome.decision || previous.summary !== outcome.summary)) {
        throw new ConflictError('The outcome of this consultation is already recorded');
      }
      if (!previous) {
        await consultations.recordOutcome(id, {
          ...outcome,
          recordedAt: clock.now().toISOString(),
          recordedBy: actor.id,
        });
      }
      // Ids only: the name says which consultation, the input nothing more.
      await startWorkflow('notify-consultation-outcome', executionNameOf(id, 'outcome'), {
        consultationId: id,
      });
      if (consultation.contractId !== undefined) {
        await dependencies.settleContract(
          consultation.contractId,
          id,
          outcome.decision !== 'do-not-proceed',
          actor,
        );
      }
      return records.get(id);
    },
  };
}
