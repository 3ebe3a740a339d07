/** The rules of a transfer: what a valid one looks like, its milestones, when its election is open. */
import * as z from '../zod.ts';
import { addCalendarDays, businessDateOf, startOfBusinessDate } from './business-dates.ts';
import { type FieldError, ValidationError } from './errors.ts';
import { defaultInformationLeadDays, representationsReminderOn } from './information-duty.ts';
import {
  businessDateField as businessDate,
  emailField,
  optionalLine,
  parseInput,
  requiredText as text,
  webAddressField,
} from './input-fields.ts';
import { defaultRetentionYears } from './retention.ts';
import {
  type CaseStatus,
  caseStatuses,
  type HrContact,
  legalBases,
  type Milestone,
  type MilestoneKind,
  milestoneKinds,
  type PensionElectionSettings,
  shardSize,
  type Transfer,
} from './transfer.ts';
import { bankHolidayYears, workingDayOnOrBefore } from './working-days.ts';

/** Reminders are moved off bank holidays, so no milestone may fall after the bank holiday file's last year. */
/** A transfer date whose milestones cannot be put on working days: the bank holidays are not known yet. */
export function transferDateBeyondBankHolidays(transferDate: string): FieldError | undefined {
  if (transferDate <= lastSchedulableDate()) return undefined;
  return {
    path: 'transferDate',
    message: `The transfer date must be in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`,
  };
}

export function lastSchedulableDate(): string {
  return `${bankHolidayYears.last}-12-31`;
}

/** TUPE, COSOP or statutory: the form asks for it; the API takes TUPE when it is left out. */
export const legalBasisField = z.enum(legalBases, { error: 'Select the legal basis for the transfer' });

/** A pension option's code, as the fund and payroll exports name it. */
export const optionCodeField = z
  .string({ error: 'Enter an option code' })
  .check(z.regex(/^[A-Z][A-Z0-9_-]{0,19}$/, 'An option code is 1 to 20 capital letters, digits, - or _'));

/** What an option means for staff, shown beside it on the form and in the invitation. */
export const optionDescriptionField = optionalLine('option description', 500);

/** The HR contact staff are given; the phone number is optional. */
export const hrContactSchema = z.strictObject(
  {
    name: text('HR contact name', 200),
    email: emailField('HR contact email address'),
    phone: optionalLine('HR contact phone number', 40),
  },
  { error: 'Give the HR contact as its name, email and phone' },
);

/**
 * The transferee's HR contact: asked for its envisaged measures (TUPE reg 13(4)) and given the employee
 * liability information (reg 11).
 */
export const transfereeContactSchema = z.strictObject(
  {
    name: text('transferee contact name', 200),
    email: emailField('transferee contact email address'),
  },
  { error: 'Give the transferee contact as its name and email' },
);

export const newTransferSchema = z.strictObject(
  {
    name: text('transfer name', 200),
    transferor: text('transferor', 200, {
      missing: 'Enter the transferor, the employer staff are moving from',
    }),
    transferee: text('transferee', 200, {
      missing: 'Enter the transferee, the employer staff are moving to',
    }),
    transferDate: businessDate('transfer date'),
    legalBasis: z._default(legalBasisField, 'TUPE'),
    consultation: z.optional(
      z.strictObject(
        {
          opensOn: businessDate('consultation opening date'),
          closesOn: businessDate('consultation closing date'),
        },
        { error: 'Give the consultation as its opensOn and closesOn dates' },
      ),
    ),
    pension: z.strictObject(
      {
        options: z
          .array(
            z.strictObject({
              code: optionCodeField,
              label: text('option label', 200),
              description: optionDescriptionField,
              guidanceUrl: z.optional(webAddressField('link to the scheme guidance')),
            }),
          )
          .check(
            z.minLength(1, 'Give at least one pension option'),
            z.maxLength(10, 'Give at most 10 pension options'),
          ),
        defaultOption: z.string({ error: 'Choose the default option' }),
        electionClosesOn: businessDate('election closing date'),
      },
      { error: 'Give the pension election: its options, default option and closing date' },
    ),
    hrContact: z.optional(hrContactSchema),
    transfereeContact: z.optional(transfereeContactSchema),
    retentionYears: z._default(
      z
        .number({ error: 'Give the retention period as a whole number of years' })
        .check(
          z.int('Give the retention period as a whole number of years'),
          z.minimum(1, 'Keep personal data for at least 1 year after the transfer'),
          z.maximum(20, 'Keep personal data for at most 20 years after the transfer'),
        ),
      defaultRetentionYears,
    ),
    informationLeadDays: z._default(
      z
        .number({ error: 'Give the information lead time as a whole number of days' })
        .check(
          z.int('Give the information lead time as a whole number of days'),
          z.minimum(0, 'The information lead time cannot be negative'),
          z.maximum(365, 'The information lead time must be 365 days or fewer'),
        ),
      defaultInformationLeadDays,
    ),
  },
  { error: 'Send the transfer as a JSON object' },
);

type ParsedTransfer = z.output<typeof newTransferSchema>;

/** A valid new transfer, with the optional staff information left out where it was not given. */
export type NewTransfer = Omit<ParsedTransfer, 'pension' | 'hrContact'> & {
  pension: PensionElectionSettings;
  hrContact?: HrContact;
};

/** Drops optional fields given empty, so nothing blank is stored or shown. */
function withoutBlanks<T extends Record<string, unknown>>(value: T) {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== ''),
  ) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function staffInformationOf(transfer: ParsedTransfer): NewTransfer {
  const { pension, hrContact, ...rest } = transfer;
  return {
    ...rest,
    pension: { ...pension, options: pension.options.map((option) => withoutBlanks(option)) },
    ...(hrContact ? { hrContact: withoutBlanks(hrContact) } : {}),
  };
}

/** Checks a new transfer's shape and the order of its dates against today; throws ValidationError. */
export function validateNewTransfer(input: unknown, today: string): NewTransfer {
  const transfer = parseInput(newTransferSchema, input, 'The transfer has errors');
  const errors: FieldError[] = [];
  const { pension, consultation } = transfer;
  if (transfer.transferDate <= today) {
    errors.push({ path: 'transferDate', message: 'The transfer date must be in the future' });
  }
  const unschedulable = transferDateBeyondBankHolidays(transfer.transferDate);
  if (unschedulable) errors.push(unschedulable);
  if (pension.electionClosesOn < today) {
    errors.push({
      path: 'pension.electionClosesOn',
      message: 'The election closing date must be today or later',
    });
  }
  if (pension.electionClosesOn >= transfer.transferDate) {
    errors.push({
      path: 'pension.electionClosesOn',
      message: 'The election must close before the transfer date',
    });
  }
  const codes = pension.options.map((option) => option.code);
  codes.forEach((code, index) => {
    if (codes.indexOf(code) !== index) {
      errors.push({
        path: `pension.options[${index}].code`,
        message: `The option code ${code} is used twice`,
      });
    }
  });
  if (!codes.includes(pension.defaultOption)) {
    errors.push({ path: 'pension.defaultOption', message: 'The default option must be one of the options' });
  }
  if (transfer.transferor.toLowerCase() === transfer.transferee.toLowerCase()) {
    errors.push({
      path: 'transferee',
      message: 'The transferee must be a different employer from the transferor',
    });
  }
  if (consultation) {
    if (consultation.opensOn < today) {
      errors.push({ path: 'consultation.opensOn', message: 'The consultation cannot open in the past' });
    }
    if (consultation.closesOn <= consultation.opensOn) {
      errors.push({ path: 'consultation.closesOn', message: 'The consultation must close after it opens' });
    }
    if (consultation.closesOn > transfer.transferDate) {
      errors.push({
        path: 'consultation.closesOn',
        message: 'The consultation must close by the transfer date',
      });
    }
  }
  if (errors.length > 0) throw new ValidationError('The transfer has errors', { errors });
  return staffInformationOf(transfer);
}

export function emptyCounts(): Record<CaseStatus, number> {
  return Object.fromEntries(caseStatuses.map((status) => [status, 0])) as Record<CaseStatus, number>;
}

/** How many people on a transfer have a status `counted` accepts, from its tallies. */
export function countWithStatus(
  counts: Record<CaseStatus, number>,
  counted: (status: CaseStatus) => boolean,
): number {
  return caseStatuses.filter(counted).reduce((sum, status) => sum + counts[status], 0);
}

/** The last day the employee liability information may reach the transferee: TUPE reg 11(6), 28 days before. */
export function liabilityInformationDueOn(transferDate: string): string {
  return addCalendarDays(transferDate, -28);
}

/** HR's first reminder, a week before the ELI is due: 35 days before the transfer. */
export function liabilityInformationReminderOn(transferDate: string): string {
  return addCalendarDays(transferDate, -35);
}

/** Seven days before the election closes (DESIGN §2). */
export function electionReminderOn(electionClosesOn: string): string {
  return addCalendarDays(electionClosesOn, -7);
}

/**
 * The milestones stored as timers when a transfer is launched, in the order they fall due. The two
 * reminders fall on working days (a weekend or bank holiday moves them to the working day before) and
 * are due at the start of that London day, so the sweep sends them first thing. Given `today`, a
 * reminder whose day has passed is left out: the election reminder also when it falls on launch day
 * itself, since the invitation goes out that day; the liability reminder is kept on its due day.
 */
export function milestonesOf(
  transfer: Pick<Transfer, 'transferDate' | 'pension'>,
  today?: string,
): Milestone[] {
  const milestone = (kind: MilestoneKind, dueOn: string, dueAt: Date): Milestone => ({
    kind,
    dueOn,
    dueAt: dueAt.toISOString(),
    status: 'pending',
  });
  const reminder = (kind: MilestoneKind, dueOn: string): Milestone =>
    milestone(kind, dueOn, startOfBusinessDate(dueOn));
  const electionReminderDay = workingDayOnOrBefore(electionReminderOn(transfer.pension.electionClosesOn));
  // TUPE reg 11: HR is reminded on the last working day the information can go and still be in time.
  const liabilityDay = workingDayOnOrBefore(liabilityInformationDueOn(transfer.transferDate));
  const liabilityReminderDay = workingDayOnOrBefore(liabilityInformationReminderOn(transfer.transferDate));
  const representationsDay = representationsReminderOn(transfer.transferDate);
  const milestones = [
    ...(today === undefined || liabilityReminderDay >= today
      ? [reminder('liability-information-reminder', liabilityReminderDay)]
      : []),
    ...(today === undefined || electionReminderDay > today
      ? [reminder('election-reminder', electionReminderDay)]
      : []),
    ...(today === undefined || liabilityDay >= today
      ? [reminder('liability-information-due', liabilityDay)]
      : []),
    // TUPE reg 13(6)-(7): HR is reminded of representations still unanswered three days before the transfer.
    ...(today === undefined || representationsDay >= today
      ? [reminder('representations-reminder', representationsDay)]
      : []),
    // The election is open for the whole of its closing day; the defaults apply when it ends.
    milestone(
      'election-closes',
      transfer.pension.electionClosesOn,
      electionClosesAt(transfer.pension.electionClosesOn),
    ),
    milestone('transfer-day', transfer.transferDate, startOfBusinessDate(transfer.transferDate)),
  ];
  return milestones.sort(
    (a, b) =>
      a.dueAt.localeCompare(b.dueAt) || milestoneKinds.indexOf(a.kind) - milestoneKinds.indexOf(b.kind),
  );
}

/** The instant the election ends: the end of its closing day in London. */
export function electionClosesAt(electionClosesOn: string): Date {
  return startOfBusinessDate(addCalendarDays(electionClosesOn, 1));
}

export function isElectionOpen(transfer: Pick<Transfer, 'status' | 'pension'>, now: Date): boolean {
  return transfer.status === 'launched' && now < electionClosesAt(transfer.pension.electionClosesOn);
}

/** Personal links stop working 60 days after the transfer date; until then a closed election says so. */
export function linkExpiresAt(transferDate: string): Date {
  return startOfBusinessDate(addCalendarDays(transferDate, 60));
}

export function shardOfIndex(rosterIndex: number): number {
  return Math.floor(rosterIndex / shardSize);
}

export function shardsOf(total: number): number[] {
  return Array.from({ length: Math.ceil(total / shardSize) }, (_, shard) => shard);
}

export function todayOf(now: Date): string {
  return businessDateOf(now);
}
