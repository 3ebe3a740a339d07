/**
 * The duty to inform and consult (TUPE reg 13): asks the transferee's contact for its measures by a
 * personal link, composes and sends the reg 13(2) information to the representatives (or the staff, reg
 * 13A) with its PDF, records the consultation meetings and the representations with their replies, and
 * reminds HR of representations still unanswered three days before the transfer.
 */
import { randomUUID } from 'node:crypto';
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { InformationDutyRepository } from '../adapters/information-duty-repository.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { openLinkToken } from '../adapters/personal-links.ts';
import type { RenderPdf } from '../adapters/render-pdf.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ReplacedLinkError } from '../domain/errors.ts';
import {
  type ConsultationMeeting,
  composeInformationLetter,
  type InformationLetter,
  type InformationLetterContent,
  type InformationRecipient,
  type InformationWarning,
  informationLeadDaysOf,
  informationRecipientsOf,
  informationWarnings,
  letterText,
  type MeasuresAnswer,
  type MeasuresRequest,
  measuresAnswerOf,
  meetingInputSchema,
  type ReplyWarning,
  type Representation,
  replyInputSchema,
  replyWarnings,
  representationInputSchema,
  representationsReminderOn,
  requireNotFuture,
  unanswered,
  validateInformationInput,
} from '../domain/information-duty.ts';
import { parseInput } from '../domain/input-fields.ts';
import type { RepresentativeDirectory } from '../domain/representatives.ts';
import { employeeKey } from '../domain/roster.ts';
import type { BusinessDate, Transfer, TransferHeader } from '../domain/transfer.ts';
import { linkExpiresAt, shardsOf, todayOf, transfereeContactSchema } from '../domain/transfer-rules.ts';
import { hrLedgerKey, type Notify } from './notifier.ts';
import { personalFormLink } from './personal-form-link.ts';

export interface InformationDutyDependencies {
  transfers: Pick<TransferRepository, 'header' | 'get' | 'recordAudit'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  duty: InformationDutyRepository;
  representatives: RepresentativeDirectory;
  notify: Notify;
  readSecret: ReadSecret;
  publicBaseUrl: () => string;
  clock: Clock;
  /** The letter as a printable HTML document, for the PDF. */
  renderLetterHtml: (letter: InformationLetterContent, sentOn: BusinessDate) => string;
  /** A date as the letter writes it: "3 March 2027". */
  dateInWords: (date: BusinessDate) => string;
}

/** What the measures form shows about the link it was opened with. */
export interface MeasuresFormContext {
  open: boolean;
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  contactName: string;
  /** The answer that counts, if the transferee has answered. */
  latest?: MeasuresAnswer;
}

export interface MeasuresRecord {
  requests: MeasuresRequest[];
  answers: MeasuresAnswer[];
  /** The answer that counts: the last one. */
  current?: MeasuresAnswer;
}

export interface InformationSent {
  sentOn: BusinessDate;
  recipients: InformationRecipient[];
  warnings: InformationWarning[];
}

export interface InformationDutyOverview {
  transfer: Transfer;
  measures: MeasuresRecord;
  letters: InformationLetter[];
  meetings: ConsultationMeeting[];
  representations: Representation[];
  /** Whom the information would go to now (empty: nobody, so it cannot be sent). */
  recipients: InformationRecipient[];
  reminderOn: BusinessDate;
}

/** Transfers whose duty is over: nothing more is asked, sent or recorded for them. */
const finished = new Set(['cancelled', 'completed']);

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can do this');
}

function requireGoing(transfer: Pick<TransferHeader, 'status'>, what: string): void {
  if (finished.has(transfer.status)) {
    throw new ConflictError(`The transfer is ${transfer.status}: ${what} no longer applies`);
  }
}

const byNumber = <T extends { number: number }>(items: T[]) => [...items].sort((a, b) => a.number - b.number);

/** The transferee's HR contact alone: stored and audited, nothing sent, for the function that changes a transfer. */
export function transfereeContacts({
  transfers,
  duty,
  clock,
}: Pick<InformationDutyDependencies, 'transfers' | 'duty' | 'clock'>) {
  return {
    /** Sets or changes the transferee's HR contact (PATCH /api/transfers/{id}). Validates first. */
    async setTransfereeContact(id: string, input: unknown, actor: Actor): Promise<void> {
      requireHr(actor);
      const contact = parseInput(transfereeContactSchema, input, 'The transferee contact has errors');
      await transfers.header(id);
      await duty.setTransfereeContact(id, contact);
      await transfers.recordAudit(id, {
        at: clock.now().toISOString(),
        by: actor.id,
        action: 'transferee-contact-set',
      });
    },
  };
}

export type TransfereeContacts = ReturnType<typeof transfereeContacts>;

export function informationDutyService(dependencies: InformationDutyDependencies) {
  const { transfers, cases, duty, representatives, notify, readSecret, publicBaseUrl, clock } = dependencies;

  const measuresOf = async (id: string): Promise<MeasuresRecord> => {
    const [requests, answers] = await Promise.all([duty.measuresRequests(id), duty.measuresAnswers(id)]);
    const sortedAnswers = byNumber(answers);
    const current = sortedAnswers.at(-1);
    return { requests: byNumber(requests), answers: sortedAnswers, ...(current ? { current } : {}) };
  };

  /** Staff in scope (not excluded), read only when they may be informed directly: fewer than 10. */
  const recipientsOf = async (transfer: Transfer): Promise<InformationRecipient[]> => {
    const listed = await representatives.list(transfer.id);
    if (listed.length > 0) return informationRecipientsOf(listed, []);
    const inScope = transfer.total - transfer.counts.excluded;
    if (inScope === 0 || inScope >= 10) return [];
    const shards = await Promise.all(
      shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(transfer.id, shard)),
    );
    const staff = shards.flat().filter((person) => person.status !== 'excluded');
    return informationRecipientsOf([], staff);
  };

  /** The link's transfer and request, if it is the newest request's link. */
  const openLink = async (token: string) => {
    const subject = await openLinkToken(readSecret, token, 'measures', clock.now());
    const [transfer, requests] = await Promise.all([
      transfers.header(subject.transferId),
      duty.measuresRequests(subject.transferId),
    ]);
    const newest = Math.max(0, ...requests.map((request) => request.number));
    if (subject.version !== newest) {
      throw new ReplacedLinkError('A newer link has been sent for this: use the link in the latest email');
    }
    return transfer;
  };

  const representationOrThrow = async (id: string, representationId: string) => {
    const found = (await duty.representations(id)).find((item) => item.id === representationId);
    if (!found) throw new NotFoundError(`No representation ${representationId} on this transfer`);
    return found;
  };

  return {
    ...transfereeContacts(dependencies),

    /**
     * Emails the transferee's contact a personal link to the measures form. A second request sends a fresh
     * link (the older stops opening) and changes nothing else. 409 without a transferee contact.
     */
    async requestMeasures(id: string, actor: Actor): Promise<MeasuresRequest> {
      requireHr(actor);
      const transfer = await transfers.header(id);
      requireGoing(transfer, 'asking for measures');
      const contact = transfer.transfereeContact;
      if (!contact) {
        throw new ConflictError('Set the transferee contact before asking for its measures', {
          errors: [
            {
              path: 'transfereeContact',
              message:
                'Give the transferee’s HR contact (name and email) first, with PATCH /api/transfers/{id}',
            },
          ],
        });
      }
      const requests = await duty.measuresRequests(id);
      const number = Math.max(0, ...requests.map((request) => request.number)) + 1;
      const now = clock.now();
      const link = await personalFormLink(
        readSecret,
        publicBaseUrl(),
        { purpose: 'measures', transferId: id, version: number },
        linkExpiresAt(transfer.transferDate),
      );
      // Recorded before the email, so the link it carries is the newest when it arrives.
      const request: MeasuresRequest = {
        number,
        requestedAt: now.toISOString(),
        requestedBy: actor.id,
        sentTo: contact.email,
      };
      await duty.addMeasuresRequest(id, request);
      await notify(
        { transferId: id, employeeKey: '_TRANSFEREE', purpose: `measures-request#${number}` },
        contact.email,
        {
          kind: 'measures-request',
          contactName: contact.name,
          transferName: transfer.name,
          transferor: transfer.transferor,
          transferee: transfer.transferee,
          transferDate: transfer.transferDate,
          link,
        },
      );
      await transfers.recordAudit(id, {
        at: now.toISOString(),
        by: actor.id,
        action: 'measures-requested',
        detail: { request: number },
      });
      return request;
    },

    measures: measuresOf,

    /** The measures form's context; a replaced, altered or expired link is refused. */
    async openMeasuresLink(token: string): Promise<MeasuresFormContext> {
      const transfer = await openLink(token);
      const { current } = await measuresOf(transfer.id);
      return {
        open: !finished.has(transfer.status),
        transferName: transfer.name,
        transferor: transfer.transferor,
        transferee: transfer.transferee,
        transferDate: transfer.transferDate,
        contactName: transfer.transfereeContact?.name ?? transfer.transferee,
        ...(current ? { latest: current } : {}),
      };
    },

    /** Records the transferee's answer (`measures` text, or `none=yes`); a later answer replaces it, both kept. */
    async answerMeasuresByLink(token: string, input: unknown): Promise<MeasuresAnswer> {
      const transfer = await openLink(token);
      requireGoing(transfer, 'answering with measures');
      const answer = measuresAnswerOf(input);
      const answers = await duty.measuresAnswers(transfer.id);
      const now = clock.now().toISOString();
      const stored: MeasuresAnswer = {
        number: Math.max(0, ...answers.map((item) => item.number)) + 1,
        ...answer,
        receivedAt: now,
        answeredBy: transfer.transfereeContact?.email ?? 'transferee',
      };
      await duty.addMeasuresAnswer(transfer.id, stored);
      await transfers.recordAudit(transfer.id, {
        at: now,
        by: 'transferee',
        action: 'measures-received',
        detail: { answer: stored.number, none: stored.none ? 'yes' : 'no' },
      });
      return stored;
    },

    /**
     * Composes the reg 13(2) information, renders its PDF, and sends it to every representative (or the
     * staff in scope, informed directly) through the email ledger; then stores the letter. 409 when there
     * is nobody to send it to.
     */
    async sendInformation(
      id: string,
      input: unknown,
      actor: Actor,
      renderPdf: RenderPdf,
    ): Promise<InformationSent> {
      requireHr(actor);
      const valid = validateInformationInput(input);
      const transfer = await transfers.get(id);
      requireGoing(transfer, 'informing the representatives');
      const [recipients, measures, letters] = await Promise.all([
        recipientsOf(transfer),
        measuresOf(id),
        duty.informationLetters(id),
      ]);
      if (recipients.length === 0) {
        throw new ConflictError(
          'There is nobody to send the information to: add the representatives first (staff may be informed directly only when fewer than 10 are in scope and there are no representatives)',
          { errors: [{ path: 'representatives', message: 'Add the appropriate representatives' }] },
        );
      }
      const now = clock.now();
      const sentOn = todayOf(now);
      const warnings = informationWarnings({
        sentOn,
        transferDate: transfer.transferDate,
        leadDays: informationLeadDaysOf(transfer),
        measuresReceived: measures.current !== undefined,
      });
      const content = composeInformationLetter(transfer, valid, measures.current, dependencies.dateInWords);
      const pdf = await renderPdf(dependencies.renderLetterHtml(content, sentOn), { title: content.title });
      const pdfBase64 = pdf.toString('base64');
      const number = Math.max(0, ...letters.map((letter) => letter.number)) + 1;
      // Sequential: a handful of representatives, each claimed in the ledger so a retry sends nobody twice.
      for (const recipient of recipients) {
        await notify(
          {
            transferId: id,
            employeeKey:
              recipient.kind === 'staff' ? employeeKey(recipient.ref) : `_REPRESENTATIVE#${recipient.ref}`,
            purpose: `information#${number}`,
          },
          recipient.email,
          { kind: 'information-letter', name: recipient.name, letter: content, pdfBase64 },
        );
      }
      const letter: InformationLetter = {
        ...content,
        number,
        sentOn,
        sentAt: now.toISOString(),
        sentBy: actor.id,
        recipients,
        warnings,
        text: letterText(content),
      };
      await duty.addInformationLetter(id, letter);
      await transfers.recordAudit(id, {
        at: letter.sentAt,
        by: actor.id,
        action: 'information-sent',
        detail: {
          letter: number,
          recipients: recipients.length,
          ...(warnings.length > 0 ? { warnings: warnings.map((warning) => warning.code).join(' ') } : {}),
        },
      });
      return { sentOn, recipients, warnings };
    },

    async informationLetters(id: string): Promise<InformationLetter[]> {
      await transfers.header(id);
      return byNumber(await duty.informationLetters(id));
    },

    async recordMeeting(id: string, input: unknown, actor: Actor): Promise<ConsultationMeeting> {
      requireHr(actor);
      const valid = parseInput(meetingInputSchema, input, 'The meeting has errors');
      const now = clock.now();
      requireNotFuture('heldOn', valid.heldOn, todayOf(now), 'meeting date');
      await transfers.header(id);
      const meeting: ConsultationMeeting = {
        id: randomUUID(),
        ...valid,
        recordedAt: now.toISOString(),
        recordedBy: actor.id,
      };
      await duty.addMeeting(id, meeting);
      await transfers.recordAudit(id, {
        at: meeting.recordedAt,
        by: actor.id,
        action: 'consultation-meeting-recorded',
        detail: { meeting: meeting.id, heldOn: meeting.heldOn },
      });
      return meeting;
    },

    async meetings(id: string): Promise<ConsultationMeeting[]> {
      await transfers.header(id);
      const meetings = await duty.meetings(id);
      return meetings.sort(
        (a, b) => a.heldOn.localeCompare(b.heldOn) || a.recordedAt.localeCompare(b.recordedAt),
      );
    },

    async recordRepresentation(id: string, input: unknown, actor: Actor): Promise<Representation> {
      requireHr(actor);
      const valid = parseInput(representationInputSchema, input, 'The representation has errors');
      const now = clock.now();
      requireNotFuture('receivedOn', valid.receivedOn, todayOf(now), 'date it was received');
      await transfers.header(id);
      const representation: Representation = {
        id: randomUUID(),
        ...valid,
        recordedAt: now.toISOString(),
        recordedBy: actor.id,
      };
      await duty.addRepresentation(id, representation);
      await transfers.recordAudit(id, {
        at: representation.recordedAt,
        by: actor.id,
        action: 'representation-recorded',
        detail: { representation: representation.id, receivedOn: representation.receivedOn },
      });
      return representation;
    },

    /**
     * Records the reply (with reasons when not accepted, reg 13(7)). A reply on or after the transfer date
     * is recorded and flagged with the warning `REPLY_AFTER_TRANSFER_DATE`. 409 when already replied to.
     */
    async replyToRepresentation(
      id: string,
      representationId: string,
      input: unknown,
      actor: Actor,
    ): Promise<{ representation: Representation; warnings: ReplyWarning[] }> {
      requireHr(actor);
      const valid = parseInput(replyInputSchema, input, 'The reply has errors');
      const transfer = await transfers.header(id);
      const representation = await representationOrThrow(id, representationId);
      if (representation.reply) throw new ConflictError('This representation has already been replied to');
      const now = clock.now();
      const repliedOn = todayOf(now);
      const warnings = replyWarnings(repliedOn, transfer.transferDate);
      const reply = {
        text: valid.text,
        accepted: valid.accepted,
        ...(!valid.accepted && valid.reasons ? { reasons: valid.reasons.trim() } : {}),
        repliedOn,
        repliedAt: now.toISOString(),
        repliedBy: actor.id,
        ...(warnings.length > 0 ? { afterTransferDate: true } : {}),
      };
      await duty.addReply(id, representationId, reply);
      await transfers.recordAudit(id, {
        at: reply.repliedAt,
        by: actor.id,
        action: 'representation-replied',
        detail: { representation: representationId, accepted: reply.accepted ? 'yes' : 'no' },
      });
      return { representation: { ...representation, reply }, warnings };
    },

    async representations(id: string): Promise<Representation[]> {
      await transfers.header(id);
      const representations = await duty.representations(id);
      return representations.sort(
        (a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.recordedAt.localeCompare(b.recordedAt),
      );
    },

    /** Everything the dashboard page shows. */
    async overview(id: string): Promise<InformationDutyOverview> {
      const transfer = await transfers.get(id);
      const [measures, letters, meetings, representationList, recipients] = await Promise.all([
        measuresOf(id),
        duty.informationLetters(id),
        duty.meetings(id),
        duty.representations(id),
        recipientsOf(transfer),
      ]);
      return {
        transfer,
        measures,
        letters: byNumber(letters),
        meetings: meetings.sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
        representations: representationList.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn)),
        recipients,
        reminderOn: representationsReminderOn(transfer.transferDate),
      };
    },

    /**
     * The `representations-reminder` milestone's step: emails HR (whoever created the transfer) the
     * representations still unanswered. Sends nothing when all are answered or the transfer is over.
     */
    async remindUnansweredRepresentations(transferId: string): Promise<{ processed: number; sent: number }> {
      const transfer = await transfers.header(transferId);
      if (finished.has(transfer.status)) return { processed: 0, sent: 0 };
      const waiting = unanswered(await duty.representations(transferId));
      if (waiting.length === 0) return { processed: 0, sent: 0 };
      const dueOn = representationsReminderOn(transfer.transferDate);
      await notify(
        { transferId, employeeKey: hrLedgerKey, purpose: `representations-unanswered#${dueOn}` },
        transfer.createdBy,
        {
          kind: 'representations-unanswered',
          transferName: transfer.name,
          transferDate: transfer.transferDate,
          unanswered: waiting
            .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))
            .map((representation) => ({ from: representation.from, receivedOn: representation.receivedOn })),
          link: `${publicBaseUrl()}/transfers/${encodeURIComponent(transferId)}/information`,
        },
      );
      return { processed: waiting.length, sent: 1 };
    },
  };
}

export type InformationDutyService = ReturnType<typeof informationDutyService>;
