/**
 * The consultation workflows' steps: open it (answering its participant shards), email one shard
 * (invitations, reminders to non-responders, the outcome, which public respondents who left an email
 * address are sent too), and close it with the owner's summary. Each is
 * idempotent: participants are copied once, and the email ledger sends each email once.
 */
import type {
  ConsultationRepository,
  Participant,
  StoredConsultation,
} from '../adapters/consultation-repository.ts';
import {
  isTakingResponses,
  parseShardLabel,
  publicRespondentShards,
  shardLabels,
} from '../domain/consultation-rules.ts';
import { ValidationError } from '../domain/errors.ts';
import { employeeKey } from '../domain/roster.ts';
import type { SendingPlan } from '../domain/sending-plan.ts';
import { shardSize } from '../domain/transfer.ts';
import { responsesCsv } from './consultation-exports.ts';
import { consultationFormLink } from './consultation-service.ts';
import type { PeopleServiceDependencies } from './election-service.ts';
import type { LedgeredEmail, NotifyMany } from './notifier.ts';

export interface ConsultationStepDependencies extends PeopleServiceDependencies {
  consultations: ConsultationRepository;
  /** Sends a shard's emails together. */
  notifyMany: NotifyMany;
  /** How many emails go out at once, from the SES sending rate. */
  sendingPlan: () => SendingPlan;
}

export const consultationMessages = ['invitation', 'reminder', 'outcome'] as const;
export type ConsultationMessage = (typeof consultationMessages)[number];

/** The ledger's "participant" for the owner's summary; participant keys never start with `_`. */
export const ownerLedgerKey = '_OWNER';

/** Public respondents' shards only once decided: they are sent the outcome and nothing else. */
const labelsOf = (consultation: StoredConsultation) =>
  shardLabels(
    consultation.transferShards ?? 0,
    consultation.inviteeShards,
    consultation.public && consultation.status === 'decided' ? publicRespondentShards : 0,
  );

export function consultationSteps(dependencies: ConsultationStepDependencies) {
  const { consultations, transfers, cases, notify, notifyMany, sendingPlan, clock, publicBaseUrl } =
    dependencies;
  /** A transfer's roster shard as participants: everyone in scope (not excluded), copied once. */
  const copyTransferShard = async (consultation: StoredConsultation, shard: number) => {
    if (consultation.transferId === undefined) return;
    const people = (await cases.loadShard(consultation.transferId, shard)).filter(
      (person) => person.status !== 'excluded',
    );
    const label = `T${shard}`;
    await consultations.addParticipants(
      consultation.id,
      label,
      people.map((person) => ({
        participantKey: employeeKey(person.employeeNumber),
        shard: label,
        email: person.email,
        name: person.name,
      })),
    );
  };

  const linkOf = (consultation: StoredConsultation, participant: Participant) =>
    consultationFormLink(dependencies, consultation, participant);

  return {
    /**
     * Opens the consultation (once) and answers its shard labels, none once it has closed, and how many
     * of them the Map state that invites them runs at once.
     */
    async open(consultationId: string): Promise<{ shards: string[]; shardsAtOnce: number }> {
      const current = await consultations.get(consultationId);
      const transferShards =
        current.transferId === undefined
          ? undefined
          : Math.ceil((await transfers.header(current.transferId)).nextRosterIndex / shardSize);
      const consultation = await consultations.markOpened(
        consultationId,
        transferShards,
        clock.now().toISOString(),
      );
      return {
        shards: isTakingResponses(consultation, clock.now()) ? labelsOf(consultation) : [],
        shardsAtOnce: sendingPlan().shardsAtOnce,
      };
    },

    /** The consultation's shard labels, and how many of them a Map state that sends email runs at once. */
    async listShards(consultationId: string): Promise<{ shards: string[]; shardsAtOnce: number }> {
      return {
        shards: labelsOf(await consultations.get(consultationId)),
        shardsAtOnce: sendingPlan().shardsAtOnce,
      };
    },

    /** One shard's invitations, reminders (to those who have not responded) or outcome emails. */
    async sendEmails(
      consultationId: string,
      shard: string,
      message: ConsultationMessage,
    ): Promise<{ processed: number }> {
      const label = parseShardLabel(shard);
      if (!label) throw new ValidationError(`Not a consultation shard label: ${shard}`);
      // Public respondents have responded and have no link to follow: they are sent the outcome only.
      if (label.kind === 'public' && message !== 'outcome') return { processed: 0 };
      const consultation = await consultations.get(consultationId);
      const now = clock.now();
      // Invitations and reminders only while it takes responses; the outcome only once it is recorded.
      if (message === 'outcome' ? consultation.status !== 'decided' : !isTakingResponses(consultation, now)) {
        return { processed: 0 };
      }
      if (message === 'invitation' && label.kind === 'transfer') {
        await copyTransferShard(consultation, label.shard);
      }
      const participants = (await consultations.participantsOf(consultationId, shard)).filter(
        (participant) => message !== 'reminder' || participant.respondedAt === undefined,
      );
      const emails = await Promise.all(
        participants.map(async (participant): Promise<LedgeredEmail> => {
          const key = {
            consultationId,
            participantKey: participant.participantKey,
            purpose: `consultation-${message}`,
          };
          const name = participant.name === undefined ? {} : { name: participant.name };
          if (message === 'outcome') {
            const outcome = consultation.outcome as NonNullable<StoredConsultation['outcome']>;
            return {
              key,
              to: participant.email,
              content: {
                kind: 'consultation-outcome',
                ...name,
                title: consultation.title,
                decision: outcome.decision,
                summary: outcome.summary,
              },
            };
          }
          const link = await linkOf(consultation, participant);
          return {
            key,
            to: participant.email,
            content:
              message === 'invitation'
                ? {
                    kind: 'consultation-invitation',
                    ...name,
                    title: consultation.title,
                    ...(consultation.description === undefined
                      ? {}
                      : { description: consultation.description }),
                    closesOn: consultation.closesOn,
                    link,
                  }
                : {
                    kind: 'consultation-reminder',
                    ...name,
                    title: consultation.title,
                    closesOn: consultation.closesOn,
                    link,
                  },
          };
        }),
      );
      await notifyMany(emails);
      return { processed: participants.length };
    },

    /** Closes the consultation (responses refused from now) and sends its owner the summary once. */
    async close(consultationId: string): Promise<{ processed: number }> {
      const consultation = await consultations.markClosed(consultationId, clock.now().toISOString());
      const csv = responsesCsv(await consultations.responses(consultationId));
      await notify(
        { consultationId, participantKey: ownerLedgerKey, purpose: 'consultation-summary' },
        consultation.createdBy,
        {
          kind: 'consultation-summary',
          title: consultation.title,
          opensOn: consultation.opensOn,
          closesOn: consultation.closesOn,
          invited: consultation.invited,
          responded: consultation.responded,
          publicResponses: consultation.publicResponses,
          link: `${publicBaseUrl()}/consultations/${consultationId}`,
          responsesCsv: csv,
        },
      );
      return { processed: 1 };
    },
  };
}

export type ConsultationSteps = ReturnType<typeof consultationSteps>;
