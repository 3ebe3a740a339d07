/**
 * The rules of contracts and renewals (DESIGN §2): what a valid new contract and a valid decision look
 * like, when its reminders and its escalation fall due, when a reminder is stale, the next term of a
 * renewal and the four-year rule for successive fixed-term contracts. Plain values in, plain values out.
 */
import { addYears, format, parse } from 'date-fns';
import * as z from '../zod.ts';
import { addCalendarDays, startOfBusinessDate } from './business-dates.ts';
import {
  type Contract,
  type ContractDecision,
  type ContractWarning,
  contractKinds,
  defaultNoticeDays,
  defaultReminderDays,
  employeeFields,
  renewalDecisions,
} from './contract.ts';
import { definedFields } from './defined-fields.ts';
import {
  BankHolidaysUnknownError,
  type FieldError,
  PayloadTooLargeError,
  ValidationError,
} from './errors.ts';
import { businessDateField as businessDate, optionalNote, requiredText as text } from './input-fields.ts';
import { pendingTimer, type Timer } from './timer.ts';
import type { BusinessDate, Instant } from './transfer.ts';
import { lastSchedulableDate } from './transfer-rules.ts';
import { bankHolidayYears, isWorkingDay, workingDayOnOrBefore } from './working-days.ts';

/** At most this many contracts in one request (JSON list or CSV rows); more is a 413. */
export const maxContractsPerRequest = 500;

export const newContractSchema = z.strictObject(
  {
    kind: z.enum(contractKinds, { error: 'Choose employment or agreement' }),
    title: text('title', 200),
    parties: z
      .array(text('party', 200), { error: 'List the parties' })
      .check(z.minLength(1, 'Name at least one party'), z.maxLength(10, 'Name at most 10 parties')),
    managerEmail: z.pipe(
      z
        .email({ error: "Enter the manager's email address, like name@example.org" })
        .check(z.maxLength(254, "The manager's email address must be 254 characters or fewer")),
      z.transform((email) => email.toLowerCase()),
    ),
    startDate: businessDate('start date'),
    endDate: businessDate('end date'),
    noticeDays: z._default(
      z
        .number({ error: 'The notice period must be a whole number of days' })
        .check(
          z.int('The notice period must be a whole number of days'),
          z.minimum(0, 'The notice period cannot be negative'),
          z.maximum(365, 'The notice period must be 365 days or fewer'),
        ),
      defaultNoticeDays,
    ),
    reminderDays: z._default(
      z
        .array(
          z
            .number({ error: 'Each reminder must be a whole number of days before the end' })
            .check(
              z.int('Each reminder must be a whole number of days before the end'),
              z.minimum(1, 'Each reminder must be at least 1 day before the end'),
              z.maximum(730, 'Each reminder must be 730 days or fewer before the end'),
            ),
          { error: 'List the reminders as days before the end' },
        )
        .check(
          z.maxLength(10, 'Give at most 10 reminders'),
          z.refine((days) => new Set(days).size === days.length, 'Give each reminder day once'),
        ),
      [...defaultReminderDays],
    ),
    employeeNumber: z.optional(text('employee number', 50)),
    employeeName: z.optional(text("employee's name", 200)),
    continuousServiceStart: z.optional(businessDate('continuous service start date')),
    requiresConsultation: z.optional(z.boolean({ error: 'Say true or false' })),
  },
  { error: 'Send the contract as a JSON object' },
);

export type NewContractInput = z.output<typeof newContractSchema>;

/** A valid new contract, defaults filled in: a contract's own terms, with its manager always named. */
export interface NewContract
  extends Pick<
    Contract,
    | 'kind'
    | 'title'
    | 'parties'
    | 'startDate'
    | 'endDate'
    | 'noticeDays'
    | 'reminderDays'
    | 'employeeNumber'
    | 'employeeName'
    | 'continuousServiceStart'
    | 'requiresConsultation'
  > {
  managerEmail: string;
}

/** Dotted paths, as the API documents them: `contracts.3.endDate`, `contracts.0.parties.1`. */
function pathOf(prefix: string, keys: readonly PropertyKey[]): string {
  return [prefix, ...keys.map(String)].filter((part) => part !== '').join('.');
}

function zodErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf(prefix, [...issue.path, key]),
          message: `Unknown field: ${key}`,
        }))
      : [{ path: pathOf(prefix, issue.path), message: issue.message }],
  );
}

/** The escalation day cannot be computed past the bank holiday file: such an end date is refused. */
function schedulingError(contract: NewContract, today: BusinessDate): string | undefined {
  if (contract.endDate > lastSchedulableDate()) {
    return `The end date must be in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`;
  }
  try {
    renewalTimers({ id: 'check', ...contract }, today);
    return undefined;
  } catch (error) {
    if (error instanceof BankHolidaysUnknownError) {
      return `The end date is too late: its reminders fall after ${bankHolidayYears.last}, whose bank holidays are not known yet`;
    }
    throw error;
  }
}

/** Checks one contract; answers it with its defaults, or its field errors under `prefix`. */
function checkContract(
  input: unknown,
  today: BusinessDate,
  prefix: string,
): { contract?: NewContract; errors: FieldError[] } {
  const parsed = newContractSchema.safeParse(input);
  if (!parsed.success) return { errors: zodErrors(prefix, parsed.error) };
  const { requiresConsultation, employeeNumber, employeeName, continuousServiceStart, ...rest } = parsed.data;
  const errors: FieldError[] = [];
  const at = (field: string) => pathOf(prefix, [field]);
  if (rest.startDate >= rest.endDate) {
    errors.push({ path: at('endDate'), message: 'The end date must be after the start date' });
  }
  if (rest.endDate <= today) {
    errors.push({ path: at('endDate'), message: 'The end date must be in the future' });
  }
  if (rest.kind === 'agreement') {
    if (employeeNumber !== undefined) {
      errors.push({
        path: at('employeeNumber'),
        message: 'Only an employment contract has an employee number',
      });
    }
    if (employeeName !== undefined) {
      errors.push({
        path: at('employeeName'),
        message: "Only an employment contract has an employee's name",
      });
    }
    if (continuousServiceStart !== undefined) {
      errors.push({
        path: at('continuousServiceStart'),
        message: 'Only an employment contract has a continuous service start date',
      });
    }
  } else {
    if (requiresConsultation !== undefined) {
      errors.push({
        path: at('requiresConsultation'),
        message: 'Only an agreement can require a consultation before renewal',
      });
    }
    if (continuousServiceStart !== undefined && continuousServiceStart > rest.startDate) {
      errors.push({
        path: at('continuousServiceStart'),
        message: 'Continuous service cannot start after the contract starts',
      });
    }
  }
  const contract: NewContract = {
    ...rest,
    reminderDays: [...rest.reminderDays].sort((a, b) => b - a),
    requiresConsultation: requiresConsultation ?? false,
    ...(employeeNumber === undefined ? {} : { employeeNumber }),
    ...(employeeName === undefined ? {} : { employeeName }),
    ...(rest.kind === 'employment'
      ? { continuousServiceStart: continuousServiceStart ?? rest.startDate }
      : {}),
  };
  if (errors.length === 0) {
    const problem = schedulingError(contract, today);
    if (problem) errors.push({ path: at('endDate'), message: problem });
  }
  return errors.length === 0 ? { contract, errors } : { errors };
}

/**
 * One contract object or `{"contracts":[…]}`: all valid, or a ValidationError naming each bad contract and
 * field (`contracts.3.endDate`; a single object's paths have no prefix). More than 500 is a 413.
 */
export function validateNewContracts(input: unknown, today: BusinessDate): NewContract[] {
  const isList = typeof input === 'object' && input !== null && !Array.isArray(input) && 'contracts' in input;
  if (!isList) {
    const { contract, errors } = checkContract(input, today, '');
    if (!contract) throw new ValidationError('The contract has errors', { errors });
    return [contract];
  }
  const { contracts, ...others } = input as { contracts: unknown };
  const shapeErrors: FieldError[] = Object.keys(others).map((key) => ({
    path: key,
    message: `Unknown field: ${key}`,
  }));
  if (!Array.isArray(contracts) || contracts.length === 0) {
    shapeErrors.push({ path: 'contracts', message: 'Send at least one contract in the contracts list' });
  }
  if (shapeErrors.length > 0) throw new ValidationError('The request has errors', { errors: shapeErrors });
  const list = contracts as unknown[];
  if (list.length > maxContractsPerRequest) {
    throw new PayloadTooLargeError(
      `Send at most ${maxContractsPerRequest} contracts a request, then the rest in further requests`,
    );
  }
  const checked = list.map((item, index) => checkContract(item, today, `contracts.${index}`));
  const errors = checked.flatMap((result) => result.errors);
  if (errors.length > 0) {
    const bad = checked.filter((result) => result.errors.length > 0).length;
    throw new ValidationError(`${bad} of the ${list.length} contracts ${bad === 1 ? 'has' : 'have'} errors`, {
      errors,
    });
  }
  return checked.map((result) => result.contract as NewContract);
}

const wholeNumber = /^-?\d+$/;
const numberOrText = (value: string) => (wholeNumber.test(value) ? Number(value) : value);
const listOf = (value: string) =>
  value
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
const booleans: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/**
 * A CSV row (every value text, an empty cell left out) as the JSON a contract is sent in: `parties` and
 * `reminderDays` separated by `;`, numbers and booleans read as such. A value that is not a number or a
 * boolean is passed on as text, so the checks name it.
 */
export function contractInputFromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...row };
  if (row.parties !== undefined) input.parties = listOf(row.parties);
  if (row.reminderDays !== undefined) input.reminderDays = listOf(row.reminderDays).map(numberOrText);
  if (row.noticeDays !== undefined) input.noticeDays = numberOrText(row.noticeDays);
  if (row.requiresConsultation !== undefined) {
    input.requiresConsultation = booleans[row.requiresConsultation.toLowerCase()] ?? row.requiresConsultation;
  }
  return input;
}

/**
 * The last day to decide: the end date less the notice period, brought back to the working day on or
 * before it (DESIGN §2: deadlines people act on fall on working days).
 */
export function noticeDeadlineOf(contract: Pick<Contract, 'endDate' | 'noticeDays'>): BusinessDate {
  return workingDayOnOrBefore(addCalendarDays(contract.endDate, -contract.noticeDays));
}

/** HR is escalated on the first working day after the notice deadline. */
export function escalationDayOf(contract: Pick<Contract, 'endDate' | 'noticeDays'>): BusinessDate {
  let day = addCalendarDays(noticeDeadlineOf(contract), 1);
  while (!isWorkingDay(day)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The reminder and escalation timers of a new term created on `today`. Each reminder falls on the working
 * day on or before end date − offset; offsets whose day is today or already past collapse into one reminder
 * due today (the manager hears once, not five times), keyed by the nearest of them. The escalation falls on
 * the first working day after the notice deadline, or today if that has passed.
 */
export function renewalTimers(
  contract: Pick<Contract, 'id' | 'endDate' | 'noticeDays' | 'reminderDays'>,
  today: BusinessDate,
): Timer[] {
  const reminders = [...contract.reminderDays]
    .sort((a, b) => b - a)
    .map((offset) => {
      const day = addCalendarDays(contract.endDate, -offset);
      return { offset, dueOn: day < today ? today : workingDayOnOrBefore(day) };
    })
    .map(({ offset, dueOn }) => ({ offset, dueOn: dueOn < today ? today : dueOn }));
  const dueNow = reminders.filter((reminder) => reminder.dueOn === today);
  const nearestDueNow = dueNow.at(-1);
  const timers = reminders
    .filter((reminder) => reminder.dueOn > today || reminder === nearestDueNow)
    .map((reminder) =>
      pendingTimer('contract', contract.id, 'renewal-reminder', reminder.dueOn, reminder.offset),
    );
  const escalation = escalationDayOf(contract);
  timers.push(
    pendingTimer('contract', contract.id, 'renewal-escalation', escalation < today ? today : escalation),
  );
  return timers;
}

/** Waiting for someone to decide renew or end. */
export function isAwaitingDecision(contract: Pick<Contract, 'status'>): boolean {
  return contract.status === 'active';
}

/** Still undecided after its notice deadline (the decide-by date): the lists tag it overdue. */
export function isOverdue(
  contract: Pick<Contract, 'status' | 'endDate' | 'noticeDays'>,
  today: BusinessDate,
): boolean {
  return isAwaitingDecision(contract) && today > noticeDeadlineOf(contract);
}

/** Who an employment contract is with, by name when it was given: the lists and emails name the person. */
export function personOf(contract: Pick<Contract, 'employeeName' | 'employeeNumber'>): string | undefined {
  if (contract.employeeName !== undefined && contract.employeeNumber !== undefined) {
    return `${contract.employeeName} (${contract.employeeNumber})`;
  }
  if (contract.employeeName !== undefined) return contract.employeeName;
  return contract.employeeNumber === undefined ? undefined : `Employee ${contract.employeeNumber}`;
}

/**
 * A reminder is stale when a nearer one (smaller offset) of the same contract is also due already: after a
 * clock jump or a late sweep the manager gets the latest reminder only, not a pile of them.
 */
export function isSupersededReminder(timer: Timer, timersOfContract: readonly Timer[], now: Date): boolean {
  const offset = timer.offsetDays ?? 0;
  return timersOfContract.some(
    (other) =>
      other.kind === 'renewal-reminder' &&
      other.key !== timer.key &&
      (other.offsetDays ?? 0) < offset &&
      other.status !== 'cancelled' &&
      new Date(other.dueAt) <= now,
  );
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A renewal link works until the end of the 30th day after the end date, so a late decision can still be made. */
export function renewalLinkExpiresAt(endDate: BusinessDate): Date {
  return startOfBusinessDate(addCalendarDays(endDate, 31));
}

/** The fourth anniversary of the start of continuous service. */
export function fourYearsAfter(date: BusinessDate): BusinessDate {
  return format(addYears(parse(date, 'yyyy-MM-dd', new Date(0)), 4), 'yyyy-MM-dd');
}

/**
 * Fixed-term Employees (Prevention of Less Favourable Treatment) Regulations 2002, reg 8: an employee
 * kept on successive fixed-term contracts for four years or more of continuous employment (service with
 * a previous employer that came over on a transfer counts) becomes permanent unless the fixed term is
 * objectively justified. An employment renewal whose new end date is on or after the fourth anniversary
 * of the continuous service start is flagged for HR.
 */
export function fourYearRuleWarning(
  contract: Pick<Contract, 'kind' | 'continuousServiceStart'>,
  newEndDate: BusinessDate,
  at: Instant,
): ContractWarning | undefined {
  if (contract.kind !== 'employment' || contract.continuousServiceStart === undefined) return undefined;
  const fourYearsOn = fourYearsAfter(contract.continuousServiceStart);
  if (newEndDate < fourYearsOn) return undefined;
  return {
    code: 'FIXED_TERM_FOUR_YEAR_RULE',
    message:
      `Continuous fixed-term service from ${contract.continuousServiceStart} reaches four years on ${fourYearsOn}, ` +
      `before the new end date ${newEndDate}: under regulation 8 of the Fixed-term Employees Regulations 2002 ` +
      'the employee becomes permanent unless the fixed term is objectively justified.',
    at,
  };
}

/**
 * A term past four years of fixed-term service still waits for HR's objective justification (reg 8) while it
 * carries the warning and none is recorded.
 */
export function needsJustification(contract: Pick<Contract, 'warnings' | 'justifications'>): boolean {
  return (
    contract.warnings.some((warning) => warning.code === 'FIXED_TERM_FOUR_YEAR_RULE') &&
    (contract.justifications ?? []).length === 0
  );
}

/** The justification as the API and the contract page take it: `{text}`, up to 5,000 characters. */
export const justificationSchema = z.strictObject(
  {
    text: text('justification', 5000, {
      multiline: true,
      missing: 'Enter the objective justification for the fixed term',
    }),
  },
  { error: 'Send the justification as a JSON object' },
);

/** Checks a justification; throws ValidationError with a field error per problem. */
export function validateJustification(input: unknown): { text: string } {
  const parsed = justificationSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('The justification has errors', { errors: zodErrors('', parsed.error) });
  }
  return parsed.data;
}

/** The new term's escalation (the latest of its timers) can be placed on a working day. */
function isSchedulable(term: Pick<Contract, 'endDate' | 'noticeDays'>): boolean {
  if (term.endDate > lastSchedulableDate()) return false;
  try {
    escalationDayOf(term);
    return true;
  } catch (error) {
    if (error instanceof BankHolidaysUnknownError) return false;
    throw error;
  }
}

/** Renew or end: the manager's form and the API ask it the same way. */
export const renewalDecisionField = z.enum(renewalDecisions, {
  error: 'Select whether to renew or end the contract',
});
export const missingNewEndDateMessage = 'Enter the new end date';

const decisionSchema = z.strictObject(
  {
    decision: renewalDecisionField,
    newEndDate: z.optional(businessDate('new end date')),
    note: optionalNote(1000),
  },
  { error: 'Send the decision as a JSON object' },
);

export type DecisionInput = z.output<typeof decisionSchema>;

/** Checks a decision against the contract's current end date; throws ValidationError. */
export function validateDecision(
  input: unknown,
  contract: Pick<Contract, 'endDate' | 'noticeDays'>,
): DecisionInput {
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('The decision has errors', { errors: zodErrors('', parsed.error) });
  }
  const decision = parsed.data;
  const errors: FieldError[] = [];
  if (decision.decision === 'renew') {
    if (decision.newEndDate === undefined) {
      errors.push({ path: 'newEndDate', message: missingNewEndDateMessage });
    } else if (decision.newEndDate <= contract.endDate) {
      errors.push({
        path: 'newEndDate',
        message: `The new end date must be after the current end date, ${contract.endDate}`,
      });
    } else if (!isSchedulable({ endDate: decision.newEndDate, noticeDays: contract.noticeDays })) {
      errors.push({
        path: 'newEndDate',
        message: `The new end date must be in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`,
      });
    }
  } else if (decision.newEndDate !== undefined) {
    errors.push({ path: 'newEndDate', message: 'An ended contract has no new end date' });
  }
  if (errors.length > 0) throw new ValidationError('The decision has errors', { errors });
  if (decision.note === '') delete decision.note;
  return decision;
}

/** The decision as recorded on the contract. */
export function recordedDecision(
  decision: DecisionInput,
  by: string,
  at: Instant,
  via: ContractDecision['via'],
  status: ContractDecision['status'],
  consultationId?: string,
): ContractDecision {
  return {
    decision: decision.decision,
    ...(decision.newEndDate === undefined ? {} : { newEndDate: decision.newEndDate }),
    ...(decision.note === undefined ? {} : { note: decision.note }),
    by,
    at,
    via,
    status,
    ...(consultationId === undefined ? {} : { consultationId }),
  };
}

/**
 * The next term of a renewal: from the day after the old end to the new end date, with the same manager,
 * kind, parties, notice, reminders, person and continuous service, linked back to the old term.
 */
export function nextTerm(
  previous: Contract,
  newId: string,
  newEndDate: BusinessDate,
  at: Instant,
  warnings: ContractWarning[],
): Contract {
  return {
    id: newId,
    kind: previous.kind,
    title: previous.title,
    parties: [...previous.parties],
    ...(previous.managerEmail === undefined ? {} : { managerEmail: previous.managerEmail }),
    startDate: addCalendarDays(previous.endDate, 1),
    endDate: newEndDate,
    noticeDays: previous.noticeDays,
    reminderDays: [...previous.reminderDays],
    ...definedFields(previous, employeeFields),
    requiresConsultation: previous.requiresConsultation,
    ...(previous.transferId === undefined ? {} : { transferId: previous.transferId }),
    status: 'active',
    previousContractId: previous.id,
    decisions: [],
    warnings,
    createdAt: at,
    createdBy: previous.createdBy,
  };
}
