/**
 * The duty to inform and consult (TUPE reg 13): the transferee's envisaged measures, the reg 13(2)
 * information sent to the appropriate representatives, the consultation meetings, and the representations
 * with their replies. Pure rules and types: dates in, decisions out.
 */
import * as z from '../zod.ts';
import { addCalendarDays } from './business-dates.ts';
import { ValidationError } from './errors.ts';
import {
  businessDateField as businessDate,
  optionalLine,
  parseInput,
  requiredText as text,
} from './input-fields.ts';
import { mayInformStaffDirectly, type Representative } from './representatives.ts';
import type { BusinessDate, Instant, LegalBasis, TransferHeader } from './transfer.ts';
import { workingDayOnOrBefore } from './working-days.ts';

/** Days before the transfer the information should reach the representatives, unless the transfer says otherwise. */
export const defaultInformationLeadDays = 30;

/** HR asked the transferee's contact for its measures: each request sends a new link, numbered. */
export interface MeasuresRequest {
  number: number;
  requestedAt: Instant;
  requestedBy: string;
  /** Where the link went (the transferee contact's address at the time). */
  sentTo: string;
}

/** The transferee's answer (TUPE reg 13(4)): the measures it envisages, or none. The last one counts. */
export interface MeasuresAnswer {
  /** Counts up with each answer; every answer is kept. */
  number: number;
  none: boolean;
  measures?: string;
  receivedAt: Instant;
  /** Who answered: the transferee contact's address the link was sent to. */
  answeredBy: string;
}

export const informationWarningCodes = [
  'INFORMATION_LESS_THAN_30_DAYS',
  'TRANSFEREE_MEASURES_MISSING',
] as const;
export type InformationWarningCode = (typeof informationWarningCodes)[number];

export interface InformationWarning {
  code: InformationWarningCode;
  message: string;
}

export interface InformationRecipient {
  kind: 'representative' | 'staff';
  name: string;
  email: string;
  /** The representative's id, or the person's employee number. */
  ref: string;
}

/** One section of the letter: a heading and its paragraphs. */
export interface LetterSection {
  heading: string;
  paragraphs: string[];
}

/** The reg 13(2) information as composed: what the PDF, the email and the evidence pack show. */
export interface InformationLetterContent {
  title: string;
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  sections: LetterSection[];
}

/** The information as sent: stored once per sending, for the evidence pack. */
export interface InformationLetter extends InformationLetterContent {
  number: number;
  sentOn: BusinessDate;
  sentAt: Instant;
  sentBy: string;
  recipients: InformationRecipient[];
  warnings: InformationWarning[];
  /** The letter as plain text, exactly as sent. */
  text: string;
}

export interface ConsultationMeeting {
  id: string;
  heldOn: BusinessDate;
  attendees: string[];
  notes: string;
  recordedAt: Instant;
  recordedBy: string;
}

export interface RepresentationReply {
  text: string;
  accepted: boolean;
  /** Why it was not accepted: required then (reg 13(7)). */
  reasons?: string;
  repliedOn: BusinessDate;
  repliedAt: Instant;
  repliedBy: string;
  /** Replied on or after the transfer date: too late to be considered before the transfer. */
  afterTransferDate?: boolean;
}

export interface Representation {
  id: string;
  receivedOn: BusinessDate;
  from: string;
  text: string;
  recordedAt: Instant;
  recordedBy: string;
  reply?: RepresentationReply;
}

const longText = (field: string) => text(field, 10_000, { multiline: true });

/** The transferee's answer as the measures form's final submission sends it: `measures` text, or `none=yes`. */
export const measuresAnswerSchema = z
  .object({
    none: z.optional(z.literal('yes', { error: 'Choose whether measures are envisaged' })),
    measures: z.optional(z.string()),
  })
  .check(
    z.superRefine((value, context) => {
      if (value.none === 'yes') return;
      const measures = longText('measures the transferee envisages').safeParse(value.measures ?? '');
      if (!measures.success) {
        context.addIssue({
          code: 'custom',
          path: ['measures'],
          message:
            value.measures === undefined || value.measures.trim() === ''
              ? 'Describe the measures envisaged, or choose that no measures are envisaged'
              : (measures.error.issues[0]?.message ?? 'Describe the measures envisaged'),
        });
      }
    }),
  );

/** The answer to store: measures given, or none envisaged. */
export function measuresAnswerOf(input: unknown): { none: true } | { none: false; measures: string } {
  const answer = parseInput(measuresAnswerSchema, input, 'The answer has errors');
  if (answer.none === 'yes') return { none: true };
  return { none: false, measures: (answer.measures ?? '').trim() };
}

/** `POST /api/transfers/{id}/information`: HR's part of the reg 13(2) information. */
export const informationInputSchema = z.strictObject(
  {
    reasons: longText('reasons for the transfer'),
    implications: z.strictObject(
      {
        legal: longText('legal implications'),
        economic: longText('economic implications'),
        social: longText('social implications'),
      },
      { error: 'Give the implications as legal, economic and social' },
    ),
    transferorMeasures: z
      .strictObject(
        {
          none: z.optional(z.literal(true, { error: 'Give "none": true when no measures are envisaged' })),
          text: z.optional(z.string({ error: 'The measures must be text' })),
        },
        { error: 'Give the transferor\'s measures as {"text": "…"} or {"none": true}' },
      )
      .check(
        z.superRefine((value, context) => {
          const given = value.text !== undefined && value.text.trim() !== '';
          if (value.none === true) {
            if (given) {
              context.addIssue({
                code: 'custom',
                path: ['text'],
                message: 'Give either the measures the transferor envisages or none, not both',
              });
            }
            return;
          }
          const measures = longText('measures the transferor envisages').safeParse(value.text ?? '');
          if (!measures.success) {
            context.addIssue({
              code: 'custom',
              path: ['text'],
              message: given
                ? (measures.error.issues[0]?.message ?? 'Describe the measures')
                : 'Describe the measures the transferor envisages, or say that none are envisaged',
            });
          }
        }),
      ),
    agencyWorkers: z.strictObject(
      {
        count: z
          .number({ error: 'Give the number of agency workers as a whole number' })
          .check(
            z.int('Give the number of agency workers as a whole number'),
            z.minimum(0, 'The number of agency workers cannot be negative'),
            z.maximum(1_000_000, 'The number of agency workers is too large'),
          ),
        where: optionalLine('where the agency workers work', 500),
        roles: optionalLine('the agency workers’ roles', 500),
      },
      { error: 'Give the agency workers as {count, where?, roles?}' },
    ),
  },
  { error: 'Send the information as a JSON object' },
);

export type InformationInput = z.output<typeof informationInputSchema>;

export function validateInformationInput(input: unknown): InformationInput {
  return parseInput(informationInputSchema, input, 'The information has errors');
}

export const meetingInputSchema = z.strictObject(
  {
    heldOn: businessDate('meeting date'),
    attendees: z
      .array(text('attendee', 200), { error: 'List the attendees' })
      .check(z.minLength(1, 'List at least one attendee'), z.maxLength(100, 'List at most 100 attendees')),
    notes: longText('meeting notes'),
  },
  { error: 'Send the meeting as a JSON object' },
);

export type MeetingInput = z.output<typeof meetingInputSchema>;

export const representationInputSchema = z.strictObject(
  {
    receivedOn: businessDate('date the representation was received'),
    from: text('name of who made the representation', 200),
    text: longText('representation'),
  },
  { error: 'Send the representation as a JSON object' },
);

export type RepresentationInput = z.output<typeof representationInputSchema>;

export const replyInputSchema = z
  .strictObject(
    {
      text: longText('reply'),
      accepted: z.boolean({ error: 'Say whether the representation is accepted (true or false)' }),
      reasons: z.optional(z.string({ error: 'The reasons must be text' })),
    },
    { error: 'Send the reply as a JSON object' },
  )
  .check(
    z.superRefine((value, context) => {
      if (value.accepted) return;
      // TUPE reg 13(7): a representation the employer rejects is answered with its reasons.
      const reasons = longText('reasons for not accepting it').safeParse(value.reasons ?? '');
      if (!reasons.success) {
        context.addIssue({
          code: 'custom',
          path: ['reasons'],
          message:
            (value.reasons ?? '').trim() === ''
              ? 'Give the reasons for not accepting the representation'
              : (reasons.error.issues[0]?.message ?? 'Give the reasons'),
        });
      }
    }),
  );

export type ReplyInput = z.output<typeof replyInputSchema>;

/** A date that must not be after today: a meeting held, a representation received. */
export function requireNotFuture(path: string, date: BusinessDate, today: BusinessDate, what: string): void {
  if (date > today) {
    throw new ValidationError(`The ${what} cannot be in the future`, {
      errors: [{ path, message: `The ${what} cannot be in the future` }],
    });
  }
}

/** Whole days from `sentOn` to the transfer date. */
export function daysBeforeTransfer(sentOn: BusinessDate, transferDate: BusinessDate): number {
  return Math.round((Date.parse(transferDate) - Date.parse(sentOn)) / 86_400_000);
}

/**
 * What the information's sending should warn of: sent fewer than `leadDays` before the transfer (long
 * enough before it to consult, reg 13(2)), or without the transferee's measures (reg 13(4)).
 */
export function informationWarnings(input: {
  sentOn: BusinessDate;
  transferDate: BusinessDate;
  leadDays: number;
  measuresReceived: boolean;
}): InformationWarning[] {
  const warnings: InformationWarning[] = [];
  const days = daysBeforeTransfer(input.sentOn, input.transferDate);
  if (days < input.leadDays) {
    warnings.push({
      code: 'INFORMATION_LESS_THAN_30_DAYS',
      message: `The information was sent ${days} days before the transfer date, fewer than the ${input.leadDays} days set for this transfer: the representatives may not have long enough to be consulted`,
    });
  }
  if (!input.measuresReceived) {
    warnings.push({
      code: 'TRANSFEREE_MEASURES_MISSING',
      message:
        'The transferee has not said what measures it envisages: the letter says so, and the information should be sent again once it has',
    });
  }
  return warnings;
}

/** The information lead days of a transfer (absent on transfers stored before: 30). */
export function informationLeadDaysOf(transfer: Pick<TransferHeader, 'informationLeadDays'>): number {
  return transfer.informationLeadDays ?? defaultInformationLeadDays;
}

/**
 * Whom the information goes to: every representative; with none and fewer than 10 staff, the staff in
 * scope themselves (reg 13A); otherwise nobody, which the caller refuses.
 */
export function informationRecipientsOf(
  representatives: readonly Representative[],
  staffInScope: ReadonlyArray<{ employeeNumber: string; name: string; email: string }>,
): InformationRecipient[] {
  if (representatives.length > 0) {
    return representatives.map((representative) => ({
      kind: 'representative',
      name: representative.name,
      email: representative.email,
      ref: representative.id,
    }));
  }
  if (staffInScope.length > 0 && mayInformStaffDirectly(staffInScope.length)) {
    return staffInScope.map((person) => ({
      kind: 'staff',
      name: person.name,
      email: person.email,
      ref: person.employeeNumber,
    }));
  }
  return [];
}

const legalBasisWords: Record<LegalBasis, string> = {
  TUPE: 'the Transfer of Undertakings (Protection of Employment) Regulations 2006 (TUPE)',
  COSOP:
    'the Cabinet Office Statement of Practice on Staff Transfers in the Public Sector (COSOP), applying the principles of TUPE',
  statutory: 'a statutory transfer scheme, applying the principles of TUPE',
};

/** Paragraphs of a multi-line text: blank lines split them. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/**
 * The reg 13(2) information, composed from the transfer's own data, HR's input and the transferee's
 * measures. `dateInWords` writes a date as the letter shows it ("3 March 2027").
 */
export function composeInformationLetter(
  transfer: Pick<TransferHeader, 'name' | 'transferor' | 'transferee' | 'transferDate' | 'legalBasis'>,
  input: InformationInput,
  measures: MeasuresAnswer | undefined,
  dateInWords: (date: BusinessDate) => string,
): InformationLetterContent {
  const agency = input.agencyWorkers;
  const agencyParagraphs = [
    agency.count === 0
      ? `${transfer.transferor} employs no agency workers in the part of its organisation that is transferring.`
      : `${transfer.transferor} employs ${agency.count} agency worker${agency.count === 1 ? '' : 's'} in the part of its organisation that is transferring.`,
    ...(agency.where ? [`Where they work: ${agency.where}.`] : []),
    ...(agency.roles ? [`Their roles: ${agency.roles}.`] : []),
  ];
  const transfereeMeasures =
    measures === undefined
      ? [
          `${transfer.transferee} has not yet told us what measures it envisages taking in connection with the transfer. We will send you this information as soon as we receive it.`,
        ]
      : measures.none
        ? [
            `${transfer.transferee} has told us that it does not envisage taking any measures in connection with the transfer in relation to the employees who transfer.`,
          ]
        : [
            `${transfer.transferee} has told us that it envisages taking the following measures in connection with the transfer in relation to the employees who transfer:`,
            ...paragraphsOf(measures.measures ?? ''),
          ];
  const transferorMeasures =
    input.transferorMeasures.none === true
      ? [`${transfer.transferor} does not envisage taking any measures in connection with the transfer.`]
      : [
          `${transfer.transferor} envisages taking the following measures in connection with the transfer:`,
          ...paragraphsOf(input.transferorMeasures.text ?? ''),
        ];
  return {
    title: `Information about the transfer: ${transfer.name}`,
    transferName: transfer.name,
    transferor: transfer.transferor,
    transferee: transfer.transferee,
    transferDate: transfer.transferDate,
    sections: [
      {
        heading: 'The transfer',
        paragraphs: [
          `This letter gives you, as appropriate representatives of the affected employees, the information regulation 13(2) of the Transfer of Undertakings (Protection of Employment) Regulations 2006 requires.`,
          `The employees concerned are to transfer from ${transfer.transferor} to ${transfer.transferee} on ${dateInWords(transfer.transferDate)}. The transfer takes place under ${legalBasisWords[transfer.legalBasis]}.`,
        ],
      },
      { heading: 'Why the transfer is to take place', paragraphs: paragraphsOf(input.reasons) },
      {
        heading: 'Legal implications for the affected employees',
        paragraphs: paragraphsOf(input.implications.legal),
      },
      {
        heading: 'Economic implications for the affected employees',
        paragraphs: paragraphsOf(input.implications.economic),
      },
      {
        heading: 'Social implications for the affected employees',
        paragraphs: paragraphsOf(input.implications.social),
      },
      { heading: `Measures ${transfer.transferor} envisages`, paragraphs: transferorMeasures },
      { heading: `Measures ${transfer.transferee} envisages`, paragraphs: transfereeMeasures },
      { heading: 'Agency workers', paragraphs: agencyParagraphs },
      {
        heading: 'Consultation',
        paragraphs: [
          'Where measures are envisaged, we will consult you about them with a view to seeking your agreement. We will consider any representations you make and reply to each of them, giving our reasons if we do not accept it.',
        ],
      },
    ],
  };
}

/** The letter as plain text: the body of the email and what the evidence pack keeps. */
export function letterText(letter: InformationLetterContent): string {
  return [
    letter.title,
    '',
    ...letter.sections.flatMap((section) => [
      section.heading,
      '',
      ...section.paragraphs.flatMap((p) => [p, '']),
    ]),
  ]
    .join('\n')
    .trim();
}

/**
 * When HR is reminded of representations still unanswered: three days before the transfer, on the
 * working day on or before, so the replies can go before the transfer.
 */
export function representationsReminderOn(transferDate: BusinessDate): BusinessDate {
  return workingDayOnOrBefore(addCalendarDays(transferDate, -3));
}

/** Representations with no reply yet. */
export function unanswered(representations: readonly Representation[]): Representation[] {
  return representations.filter((representation) => representation.reply === undefined);
}

export interface ReplyWarning {
  code: 'REPLY_AFTER_TRANSFER_DATE';
  message: string;
}

/** A reply on or after the transfer date is recorded but flagged: it came too late to be considered before it. */
export function replyWarnings(repliedOn: BusinessDate, transferDate: BusinessDate): ReplyWarning[] {
  if (repliedOn < transferDate) return [];
  return [
    {
      code: 'REPLY_AFTER_TRANSFER_DATE',
      message:
        'This reply was recorded on or after the transfer date, too late to be considered before the transfer',
    },
  ];
}
