/**
 * Employee liability information (TUPE reg 11): the fields a roster or HR adds per person, how old someone
 * is, the two-year window for disciplinary and grievance matters, and the rows of the ELI's CSV. Pure.
 *
 * Dates of birth and these matters are kept only for the ELI: never in a case, a list, an export other
 * than the ELI itself, a workflow payload or a log.
 */
import * as z from '../zod.ts';
import { isBusinessDate } from './business-dates.ts';
import { characters, plainText } from './input-fields.ts';
import type { BusinessDate, Instant, StaffCase, TransfereeContact } from './transfer.ts';

/** One person's liability information, as stored apart from their case. */
export interface PersonLiability {
  dateOfBirth?: BusinessDate;
  /** TUPE reg 11(2)(c): disciplinary action taken or grievances raised in the previous two years. */
  disciplinaryGrievance?: string;
  /** TUPE reg 11(2)(d): legal actions brought, or that may be brought, in the previous two years. */
  claims?: string;
  /** TUPE reg 11(2)(e): collective agreements that apply to the person. */
  collectiveAgreements?: string;
}

export const liabilityFields = [
  'dateOfBirth',
  'disciplinaryGrievance',
  'claims',
  'collectiveAgreements',
] as const;
export type LiabilityField = (typeof liabilityFields)[number];

/** What each field is called in an update notice and on the pages. */
export const liabilityFieldNames: Record<LiabilityField, string> = {
  dateOfBirth: 'date of birth',
  disciplinaryGrievance: 'disciplinary and grievance matters',
  claims: 'claims and potential claims',
  collectiveAgreements: 'collective agreements',
};

/** The longest text a matter may hold: a summary, not the file itself. */
export const maxMatterLength = 2000;
/** The transfer's own collective agreements section. */
export const maxCollectiveAgreementsLength = 10_000;

export const youngestAge = 14;
export const oldestAge = 100;

/** Whole years between a date of birth and `on` (a birthday on 29 February counts on 1 March in other years). */
export function ageOn(dateOfBirth: BusinessDate, on: BusinessDate): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(on.slice(0, 4)), on.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

/** Why a date of birth is refused on `today`, or undefined when it is a real past date of someone 14 to 100. */
export function dateOfBirthProblem(dateOfBirth: string, today: BusinessDate): string | undefined {
  if (!isBusinessDate(dateOfBirth)) return 'Enter a real date of birth as YYYY-MM-DD';
  if (dateOfBirth >= today) return 'The date of birth must be in the past';
  const age = ageOn(dateOfBirth, today);
  if (age < youngestAge) return `The date of birth must be of someone at least ${youngestAge} years old`;
  if (age > oldestAge) return `The date of birth must be of someone at most ${oldestAge} years old`;
  return undefined;
}

const matter = (field: string, max = maxMatterLength) =>
  plainText(
    z
      .string({ error: `The ${field} must be text` })
      .check(z.trim(), z.maxLength(max, `The ${field} must be ${characters(max)} characters or fewer`)),
    field,
    { multiline: true },
  );

/** Empty or blank means "not given". */
const blankAsAbsent = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown): unknown =>
      value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value,
    ),
    z.optional(schema),
  );

/** The liability fields of a roster row; the date's age rule needs today, so `dateOfBirthProblem` checks it. */
export const liabilityRowFields = {
  dateOfBirth: blankAsAbsent(
    z
      .string({ error: 'Enter the date of birth as YYYY-MM-DD' })
      .check(z.trim(), z.refine(isBusinessDate, 'Enter a real date of birth as YYYY-MM-DD')),
  ),
  disciplinaryGrievance: blankAsAbsent(matter('disciplinary and grievance matters')),
  claims: blankAsAbsent(matter('claims')),
  collectiveAgreements: blankAsAbsent(matter('collective agreements')),
};

/**
 * A correction HR sends for one person: any of the fields; `null` or an empty string clears one. At least
 * one field must be given.
 */
export const liabilityCorrectionSchema = z
  .strictObject(
    {
      dateOfBirth: z.optional(
        z.union([
          z.literal(''),
          z.null(),
          z.string().check(z.trim(), z.refine(isBusinessDate, 'Enter a real date of birth as YYYY-MM-DD')),
        ]),
      ),
      disciplinaryGrievance: z.optional(z.union([z.null(), matter('disciplinary and grievance matters')])),
      claims: z.optional(z.union([z.null(), matter('claims')])),
      collectiveAgreements: z.optional(z.union([z.null(), matter('collective agreements')])),
    },
    { error: 'Send the liability information as a JSON object' },
  )
  .check(z.refine((value) => Object.keys(value).length > 0, 'Give at least one field to change'));

export type LiabilityCorrection = z.output<typeof liabilityCorrectionSchema>;

export const collectiveAgreementsSchema = z.strictObject(
  { text: matter('collective agreements', maxCollectiveAgreementsLength) },
  {
    error: 'Send the collective agreements as {"text": "…"}',
  },
);

/** The person's fields after a correction, and the names of those that changed. */
export function correctedLiability(
  before: PersonLiability,
  correction: LiabilityCorrection,
): { after: PersonLiability; changed: LiabilityField[] } {
  const after: PersonLiability = { ...before };
  const changed: LiabilityField[] = [];
  for (const field of liabilityFields) {
    if (!(field in correction)) continue;
    const value = correction[field];
    const next = value === null || value === undefined || value === '' ? undefined : value;
    if (next === before[field]) continue;
    changed.push(field);
    if (next === undefined) delete after[field];
    else after[field] = next;
  }
  return { after, changed };
}

/** TUPE reg 11(2)(c), (d): matters "within the previous two years" of the day the information is given. */
export function twoYearWindowStart(givenOn: BusinessDate): BusinessDate {
  const year = Number(givenOn.slice(0, 4)) - 2;
  const monthDay = givenOn.slice(5);
  // 29 February two years back is 28 February (the year before a leap year is not one).
  const candidate = `${String(year).padStart(4, '0')}-${monthDay}`;
  return isBusinessDate(candidate) ? candidate : `${String(year).padStart(4, '0')}-02-28`;
}

/** Statuses of people who do not transfer, and so are left out of the ELI. */
const outOfScope = new Set(['objected', 'excluded', 'employment-ended']);

export function isInLiabilityScope(person: Pick<StaffCase, 'status'>): boolean {
  return !outOfScope.has(person.status);
}

/** One person's row of the ELI, in the order of the CSV's columns. */
export interface LiabilityRow {
  employeeNumber: string;
  name: string;
  dateOfBirth?: BusinessDate;
  ageAtTransfer?: number;
  jobTitle: string;
  team?: string;
  contractType: string;
  contractEndDate?: BusinessDate;
  continuousServiceStart: BusinessDate;
  pensionScheme: string;
  disciplinaryGrievance?: string;
  claims?: string;
  collectiveAgreements?: string;
}

/** A person's ELI row: their particulars from the roster, their liability fields, their age at the transfer. */
export function liabilityRowOf(
  person: Pick<
    StaffCase,
    | 'employeeNumber'
    | 'name'
    | 'jobTitle'
    | 'team'
    | 'contractType'
    | 'contractEndDate'
    | 'continuousServiceStart'
    | 'currentPensionScheme'
  >,
  liability: PersonLiability,
  transferDate: BusinessDate,
): LiabilityRow {
  return {
    employeeNumber: person.employeeNumber,
    name: person.name,
    ...(liability.dateOfBirth
      ? { dateOfBirth: liability.dateOfBirth, ageAtTransfer: ageOn(liability.dateOfBirth, transferDate) }
      : {}),
    jobTitle: person.jobTitle,
    ...(person.team ? { team: person.team } : {}),
    contractType: person.contractType,
    ...(person.contractEndDate ? { contractEndDate: person.contractEndDate } : {}),
    continuousServiceStart: person.continuousServiceStart,
    pensionScheme: person.currentPensionScheme,
    ...(liability.disciplinaryGrievance ? { disciplinaryGrievance: liability.disciplinaryGrievance } : {}),
    ...(liability.claims ? { claims: liability.claims } : {}),
    ...(liability.collectiveAgreements ? { collectiveAgreements: liability.collectiveAgreements } : {}),
  };
}

/** The two files of a given ELI. */
export const liabilityFiles = ['information.pdf', 'information.csv'] as const;
export type LiabilityFile = (typeof liabilityFiles)[number];

export function isLiabilityFile(name: string): name is LiabilityFile {
  return (liabilityFiles as readonly string[]).includes(name);
}

/** When and to whom the ELI was given, and what it was (the files' SHA-256). Nothing personal of staff. */
export interface LiabilityGiving {
  at: Instant;
  by: string;
  to: TransfereeContact;
  /** How many people it covers. */
  people: number;
  /** Goes up with each giving; a link names the giving it was made for. */
  version: number;
  sha256: Record<LiabilityFile, string>;
  bytes: Record<LiabilityFile, number>;
  linkExpiresAt: Instant;
  sentAt?: Instant;
}

export interface LiabilityDownload {
  at: Instant;
  file: LiabilityFile;
}

/** An update notice (TUPE reg 11(5)): what changed, for whom (an employee number, or the transfer). */
export interface LiabilityUpdate {
  at: Instant;
  reason: 'objection' | 'correction' | 'collective-agreements';
  employeeNumber?: string;
  /** For a correction: the names of the fields that changed (never their values). */
  fields?: LiabilityField[];
  sentAt?: Instant;
}

/** The transfer's ELI record: its collective agreements section, and the giving once given. */
export interface LiabilityRecord {
  collectiveAgreements?: string;
  given?: LiabilityGiving;
  downloads: LiabilityDownload[];
  updates: LiabilityUpdate[];
}

/** Days the transferee's link opens for. */
export const liabilityLinkDays = 30;
