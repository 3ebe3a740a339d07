/**
 * The rules of a consultation: what a valid one looks like, its timers, when it takes responses, its
 * warnings, who its participants are and how its responses are counted.
 */
import { createHash } from 'node:crypto';
import * as z from '../zod.ts';
import { addCalendarDays, businessDateOf, startOfBusinessDate } from './business-dates.ts';
import {
  type Consultation,
  type ConsultationWarning,
  consultationOutcomeDecisions,
  proposalSummaryLimit,
  responseLimits,
} from './consultation.ts';
import { ConflictError, ConsultationClosedError, type FieldError, ValidationError } from './errors.ts';
import {
  businessDateField as businessDate,
  characters,
  emailField,
  hasVisibleText,
  parseInput,
  plainText,
  requiredText as text,
  webAddressField,
} from './input-fields.ts';
import { pendingTimer, type Timer } from './timer.ts';
import type { BusinessDate, Instant } from './transfer.ts';
import { lastSchedulableDate } from './transfer-rules.ts';
import { bankHolidayYears, workingDayOnOrBefore } from './working-days.ts';

/** Listed invitees a consultation may have, and how many share one participant shard. */
export const maxInvitees = 1000;
export const inviteeShardSize = 100;

/**
 * Code of Practice on Consultation (HM Government, 2008), criterion 2: formal written public consultation
 * should normally last at least twelve weeks, with a reason given when it is shorter.
 */
export const recommendedPublicConsultationDays = 12 * 7;

/**
 * Public respondents who left an email address are kept, for the outcome email, in this many shards chosen
 * by a hash of the address: their number is not known in advance, so the shards cannot be filled in order.
 */
export const publicRespondentShards = 16;

/** Public responses one client may send to one consultation in an hour. */
export const publicResponsesPerHour = 5;

/** One invitee's address, as the API's list and the form's lines give it. */
export const inviteeEmail = z.email({
  error: 'Enter each invitee as an email address, like name@example.org',
});

export const newConsultationSchema = z.strictObject(
  {
    title: text('title', 200, { missing: 'Enter a title for the consultation' }),
    description: z.optional(text('description', 2000, { multiline: true })),
    proposalSummary: z.optional(text('proposal summary', proposalSummaryLimit, { multiline: true })),
    proposalDocumentUrl: z.optional(webAddressField('link to the full proposal')),
    organisation: z.optional(text('organisation', 150)),
    privacyNoticeUrl: z.optional(webAddressField('link to the privacy notice')),
    opensOn: businessDate('opening date'),
    closesOn: businessDate('closing date'),
    transferId: z.optional(z.uuid({ error: 'The transferId must be the id of a transfer' })),
    contractId: z.optional(z.uuid({ error: 'The contractId must be the id of a contract' })),
    invite: z.optional(
      z
        .array(
          z.pipe(
            z.string({ error: 'Enter each invitee as an email address' }).check(z.trim(), z.toLowerCase()),
            inviteeEmail,
          ),
          { error: 'Give the invitees as a list of email addresses' },
        )
        .check(z.maxLength(maxInvitees, `Invite at most ${maxInvitees} people by email`)),
    ),
    public: z.boolean({ error: 'Say whether the consultation takes public responses (true or false)' }),
    shortPeriodJustification: z.optional(
      text('reason for a period shorter than twelve weeks', 1000, {
        multiline: true,
      }),
    ),
  },
  { error: 'Send the consultation as a JSON object' },
);

export type NewConsultation = Omit<z.output<typeof newConsultationSchema>, 'invite'> & { invite: string[] };

/** Checks a new consultation's shape, dates (against today) and audience; throws ValidationError. */
export function validateNewConsultation(input: unknown, today: BusinessDate): NewConsultation {
  const { invite = [], ...consultation } = parseInput(
    newConsultationSchema,
    input,
    'The consultation has errors',
  );
  const errors: FieldError[] = [];
  if (consultation.opensOn < today) {
    errors.push({ path: 'opensOn', message: 'The consultation cannot open in the past' });
  }
  if (consultation.closesOn <= consultation.opensOn) {
    errors.push({ path: 'closesOn', message: 'The consultation must close after it opens' });
  }
  if (consultation.closesOn > lastSchedulableDate()) {
    errors.push({
      path: 'closesOn',
      message: `The consultation must close in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`,
    });
  }
  if (consultation.transferId !== undefined && consultation.contractId !== undefined) {
    errors.push({
      path: 'contractId',
      message: 'Link the consultation to a transfer or a contract, not both',
    });
  }
  const invitees = [...new Set(invite)];
  if (!consultation.public && consultation.transferId === undefined && invitees.length === 0) {
    errors.push({
      path: 'invite',
      message: 'Say who is consulted: make it public, link it to a transfer, or invite people by email',
    });
  }
  if (errors.length > 0) throw new ValidationError('The consultation has errors', { errors });
  return { ...consultation, invite: invitees };
}

/** The number of days from opening to closing, both included. */
export function consultationLengthDays(opensOn: BusinessDate, closesOn: BusinessDate): number {
  const days =
    (startOfBusinessDate(addCalendarDays(closesOn, 1)).getTime() - startOfBusinessDate(opensOn).getTime()) /
    86_400_000;
  return Math.round(days);
}

export function warningsOf(
  consultation: Pick<Consultation, 'public' | 'opensOn' | 'closesOn' | 'shortPeriodJustification'>,
): ConsultationWarning[] {
  const short =
    consultation.public &&
    consultationLengthDays(consultation.opensOn, consultation.closesOn) < recommendedPublicConsultationDays;
  if (!short || consultation.shortPeriodJustification !== undefined) return [];
  return [
    {
      code: 'PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS',
      message:
        'A public consultation should normally last at least twelve weeks (Code of Practice on Consultation, ' +
        'criterion 2); record why this one is shorter.',
    },
  ];
}

/** Responses are taken through the whole of the closing day, London time. */
export function consultationClosesAt(closesOn: BusinessDate): Date {
  return startOfBusinessDate(addCalendarDays(closesOn, 1));
}

/** Seven days before the close, on the working day on or before (DESIGN §2). */
export function consultationReminderOn(closesOn: BusinessDate): BusinessDate {
  return workingDayOnOrBefore(addCalendarDays(closesOn, -7));
}

/**
 * The timers of a new consultation: it opens at the start of `opensOn`, reminds non-responders on its
 * reminder day (left out when that day is not after the opening: the invitation has just gone), and
 * closes when the closing day ends.
 */
export function consultationTimers(consultation: Pick<Consultation, 'id' | 'opensOn' | 'closesOn'>): Timer[] {
  const reminderOn = consultationReminderOn(consultation.closesOn);
  return [
    pendingTimer('consultation', consultation.id, 'consultation-opens', consultation.opensOn),
    ...(reminderOn > consultation.opensOn
      ? [pendingTimer('consultation', consultation.id, 'consultation-reminder', reminderOn)]
      : []),
    pendingTimer(
      'consultation',
      consultation.id,
      'consultation-closes',
      addCalendarDays(consultation.closesOn, 1),
    ),
  ];
}

/** Throws ConsultationClosedError unless the consultation is open and its closing day has not ended. */
export function checkTakingResponses(
  consultation: Pick<Consultation, 'status' | 'closesOn'>,
  now: Date,
): void {
  if (consultation.status === 'scheduled') {
    throw new ConsultationClosedError('This consultation is not open for responses yet');
  }
  if (consultation.status !== 'open' || now >= consultationClosesAt(consultation.closesOn)) {
    throw new ConsultationClosedError('This consultation has closed');
  }
}

export function isTakingResponses(
  consultation: Pick<Consultation, 'status' | 'closesOn'>,
  now: Date,
): boolean {
  return consultation.status === 'open' && now < consultationClosesAt(consultation.closesOn);
}

/** Links stay readable a year after the close, so a late visitor is told it closed rather than expired. */
export function consultationLinkExpiresAt(closesOn: BusinessDate): Date {
  return startOfBusinessDate(addCalendarDays(closesOn, 366));
}

/** A listed invitee's participant key: `I` and a hash of their email, so the key itself says nothing. */
export function inviteeKey(email: string): string {
  return `I${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/**
 * Participant shard labels: `T<n>` for a transfer's roster shard n, `I<n>` for listed invitees, `P<n>` for
 * public respondents who left an email address (a public consultation's, told the outcome only).
 */
export function shardLabels(transferShards: number, inviteeShards: number, publicShards = 0): string[] {
  return [
    ...Array.from({ length: transferShards }, (_, shard) => `T${shard}`),
    ...Array.from({ length: inviteeShards }, (_, shard) => `I${shard}`),
    ...Array.from({ length: publicShards }, (_, shard) => `P${shard}`),
  ];
}

/**
 * A public respondent who left an email address, as a participant told the outcome: keyed as an invitee with
 * that address would be, so someone both invited and responding publicly is told once.
 */
export function publicRespondent(email: string): { participantKey: string; shard: string } {
  const participantKey = inviteeKey(email);
  const bucket = Number.parseInt(participantKey.slice(1, 3), 16) % publicRespondentShards;
  return { participantKey, shard: `P${bucket}` };
}

export function inviteeShardsOf(invitees: number): number {
  return Math.ceil(invitees / inviteeShardSize);
}

const shardKinds = { T: 'transfer', I: 'invitees', P: 'public' } as const;

/** `T3` → `{kind: 'transfer', shard: 3}`; undefined for anything else. */
export function parseShardLabel(
  label: string,
): { kind: (typeof shardKinds)[keyof typeof shardKinds]; shard: number } | undefined {
  const match = /^([TIP])(\d{1,6})$/.exec(label);
  if (!match) return undefined;
  return { kind: shardKinds[match[1] as keyof typeof shardKinds], shard: Number(match[2]) };
}

/**
 * The id of a transfer's own consultation, derived from the transfer's (a name-based UUID, version 5
 * layout), so launching the transfer twice creates it once.
 */
export function transferConsultationId(transferId: string): string {
  const hex = createHash('sha256').update(`transfer-consultation:${transferId}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The dates a transfer's consultation runs on when the transfer is launched: as given, but opening no
 * earlier than today; undefined when it would already have closed.
 */
export function transferConsultationDates(
  dates: { opensOn: BusinessDate; closesOn: BusinessDate },
  today: BusinessDate,
): { opensOn: BusinessDate; closesOn: BusinessDate } | undefined {
  if (dates.closesOn <= today) return undefined;
  return { opensOn: dates.opensOn < today ? today : dates.opensOn, closesOn: dates.closesOn };
}

/** An optional line of text on the public form; `what` names it in messages ("the name of your organisation"). */
const optionalText = (field: string, what: string, max: number) =>
  z.pipe(
    z.optional(
      plainText(
        z
          .string({ error: `Enter ${what} as text` })
          .check(
            z.trim(),
            z.maxLength(
              max,
              `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${characters(max)} characters or fewer`,
            ),
          ),
        field,
      ),
    ),
    z.transform((value) => (value === '' ? undefined : value)),
  );

const responseText = plainText(
  z
    .string({ error: 'Enter your response' })
    .check(
      z.trim(),
      z.refine(hasVisibleText, 'Enter your response'),
      z.maxLength(
        responseLimits.response,
        `Your response must be ${characters(responseLimits.response)} characters or fewer`,
      ),
    ),
  'response',
  { multiline: true },
);

/**
 * The public form's optional email address, only for sending the outcome: left blank, it is not stored.
 * Lower-cased, so the same address is told once.
 */
const optionalEmail = z.pipe(
  z.transform((value: unknown): unknown =>
    typeof value === 'string' && value.trim() === '' ? undefined : value,
  ),
  z.optional(
    z.pipe(
      emailField('email address'),
      z.transform((email) => email.toLowerCase()),
    ),
  ),
);

const inviteeResponseSchema = z.strictObject({ response: responseText }, { error: 'Enter your response' });
const publicResponseSchema = z.strictObject(
  {
    response: responseText,
    name: optionalText('name', 'your name', responseLimits.name),
    organisation: optionalText('organisation', 'the name of your organisation', responseLimits.organisation),
    email: optionalEmail,
  },
  { error: 'Enter your response' },
);

/** A response as the form posts it: name, organisation and email only on the public form. */
export const responseSchema = (isPublic: boolean) =>
  isPublic ? publicResponseSchema : inviteeResponseSchema;

export interface ResponseInput {
  response: string;
  name?: string;
  organisation?: string;
  /** Left on the public form to be sent the outcome. */
  email?: string;
}

/** A response as the form sends it; name, organisation and email only on the public form. */
export function validateResponse(input: unknown, isPublic: boolean): ResponseInput {
  const { response, name, organisation, email } = parseInput(
    responseSchema(isPublic),
    input,
    'The response has errors',
  ) as {
    response: string;
    name?: string | undefined;
    organisation?: string | undefined;
    email?: string | undefined;
  };
  return {
    response,
    ...(name === undefined ? {} : { name }),
    ...(organisation === undefined ? {} : { organisation }),
    ...(email === undefined ? {} : { email }),
  };
}

/** The respondent groups HR can list responses by. */
export const respondentGroups = ['invited', 'public'] as const;
export type RespondentGroup = (typeof respondentGroups)[number];

/** Words searched for in the responses: at most 100 characters, case and spacing ignored. */
export function responseSearchOf(value: string | undefined): string | undefined {
  const words = value?.trim().replace(/\s+/g, ' ').slice(0, 100).toLocaleLowerCase('en-GB');
  return words ? words : undefined;
}

/** True when the search's words appear in the response, or in the name or organisation given with it. */
export function responseMatches(
  response: Pick<ResponseInput, 'response' | 'name' | 'organisation'>,
  search: string,
): boolean {
  return [response.response, response.name ?? '', response.organisation ?? ''].some((text) =>
    text.replace(/\s+/g, ' ').toLocaleLowerCase('en-GB').includes(search),
  );
}

export const outcomeSchema = z.strictObject(
  {
    decision: z.enum(consultationOutcomeDecisions, { error: 'Select the outcome of the consultation' }),
    summary: text('summary', 5000, {
      multiline: true,
      missing: 'Enter a summary of the outcome for the participants',
    }),
  },
  { error: 'Send the outcome as a JSON object' },
);

export type OutcomeInput = z.output<typeof outcomeSchema>;

/** The outcome is recorded once, after the close: ValidationError for bad input, ConflictError otherwise. */
export function validateOutcome(consultation: Pick<Consultation, 'status'>, input: unknown): OutcomeInput {
  const outcome = parseInput(outcomeSchema, input, 'The outcome has errors');
  if (consultation.status === 'decided') {
    throw new ConflictError('The outcome of this consultation is already recorded');
  }
  if (consultation.status !== 'closed') {
    throw new ConflictError('The outcome can be recorded only once the consultation has closed');
  }
  return outcome;
}

/** The London day a response was first made on, for the responses-over-time chart. */
export function responseDayOf(at: Instant): BusinessDate {
  return businessDateOf(new Date(at));
}
