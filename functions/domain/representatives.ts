/**
 * The appropriate representatives of the staff a transfer affects (TUPE reg 13(3)): a recognised trade
 * union's representatives, or employee representatives the staff elected (reg 14). They are the ones
 * informed of the transfer and consulted on its measures.
 */
import * as z from '../zod.ts';
import { addCalendarDays, startOfBusinessDate } from './business-dates.ts';
import { ConflictError, type FieldError, ValidationError } from './errors.ts';
import { businessDateField, emailField, parseInput, requiredText } from './input-fields.ts';
import type { BusinessDate, Instant } from './transfer.ts';

export const representativeKinds = ['union', 'employee'] as const;
export type RepresentativeKind = (typeof representativeKinds)[number];

export interface Representative {
  id: string;
  kind: RepresentativeKind;
  name: string;
  email: string;
  /** The recognised trade union, for a union representative. */
  union?: string;
  /** For an employee representative elected in the product: the elected person's employee number. */
  employeeNumber?: string;
  addedAt: Instant;
  /** The actor id of whoever added them, or `election` when the count elected them. */
  addedBy: string;
}

/** Below this many staff the employer may inform and consult the staff themselves (reg 13A). */
export const directConsultationBelow = 10;

/** Whether a transfer of `staffInScope` people may inform and consult them directly (reg 13A). */
export function mayInformStaffDirectly(staffInScope: number): boolean {
  return staffInScope < directConsultationBelow;
}

/** Who a reader of representatives offers: what the information letter and the reminders need. */
export interface RepresentativeDirectory {
  list(transferId: string): Promise<Representative[]>;
}

/** The `addedBy` of a representative the count of an election elected. */
export const electedBy = 'election';

/** Staff in scope of a transfer: on the roster and not excluded from it. */
export function staffInScopeOf(transfer: { total: number; counts: { excluded: number } }): number {
  return transfer.total - transfer.counts.excluded;
}

/** A representative HR adds: a union's (the union named) or an employee representative chosen outside the product. */
export const newRepresentativeSchema = z
  .strictObject(
    {
      kind: z.enum(representativeKinds, { error: 'Select whether they represent a union or the employees' }),
      name: requiredText('representative’s name', 200),
      email: emailField('representative’s email address'),
      union: z.optional(requiredText('union', 200, { missing: 'Enter the union they represent' })),
    },
    { error: 'Give the representative as an object with kind, name and email' },
  )
  .check(
    z.superRefine((value, context) => {
      if (value.kind === 'union' && value.union === undefined) {
        context.addIssue({ code: 'custom', path: ['union'], message: 'Enter the union they represent' });
      }
    }),
  );

export type NewRepresentative = Pick<Representative, 'kind' | 'name' | 'email' | 'union'>;

/** Checks a new representative; throws ValidationError with a problem a field. */
export function validateNewRepresentative(input: unknown): NewRepresentative {
  const { kind, name, email, union } = parseInput(
    newRepresentativeSchema,
    input,
    'The representative has errors',
  );
  // A union is said only of a union representative.
  return { kind, name, email, ...(kind === 'union' && union !== undefined ? { union } : {}) };
}

// The election of employee representatives (TUPE reg 14)

/** A vote refused because the person has voted already: one vote each. */
export class AlreadyVotedError extends ConflictError {
  override name = 'AlreadyVotedError';
}

/** A nomination or vote refused because that stage of the election is over. */
export class ElectionStageClosedError extends ConflictError {
  override name = 'ElectionStageClosedError';
}

/** Nominating: staff may stand. Balloting: staff vote. Closed: the result is recorded. */
export const representativeElectionStatuses = ['nominating', 'balloting', 'closed'] as const;
export type RepresentativeElectionStatus = (typeof representativeElectionStatuses)[number];

/** Candidates tied for the last seats: HR decides between them (nothing is drawn at random). */
export interface ElectionTie {
  /** The tied candidates' employee numbers. */
  candidates: string[];
  /** Votes each of them has. */
  votes: number;
  /** Seats still to fill among them. */
  seats: number;
}

export interface ElectionResult {
  /** Employee numbers of the candidates elected, most votes first. */
  elected: string[];
  /** Votes per candidate's employee number (every candidate, 0 included). */
  votes: Record<string, number>;
  tie?: ElectionTie;
  /** No more candidates than seats: every candidate elected without a ballot (reg 14). */
  unopposed: boolean;
  countedAt: Instant;
}

export interface RepresentativeElection {
  transferId: string;
  seats: number;
  nominationsCloseOn: BusinessDate;
  ballotClosesOn: BusinessDate;
  status: RepresentativeElectionStatus;
  startedAt: Instant;
  startedBy: string;
  /** Staff in scope when the election started: each may stand and vote. */
  eligible: number;
  /** People who have voted (a count; who they are is kept apart from their votes). */
  voted: number;
  result?: ElectionResult;
}

export interface Candidate {
  employeeNumber: string;
  name: string;
}

const newElectionSchema = z.strictObject(
  {
    seats: z
      .number({ error: 'Enter the number of seats as a whole number' })
      .check(
        z.int('Enter the number of seats as a whole number'),
        z.minimum(1, 'There must be at least 1 seat'),
        z.maximum(50, 'There can be at most 50 seats'),
      ),
    nominationsCloseOn: businessDateField('nominations closing date'),
    ballotClosesOn: businessDateField('ballot closing date'),
  },
  { error: 'Give the election as an object with seats, nominationsCloseOn and ballotClosesOn' },
);

export type NewRepresentativeElection = z.output<typeof newElectionSchema>;

/**
 * Checks a new election against today and the transfer date: nominations close today or later, the ballot
 * after that, and before the transfer date (the elected must be informed and consulted before it, reg 13(2)).
 */
export function validateNewElection(
  input: unknown,
  today: BusinessDate,
  transferDate: BusinessDate,
): NewRepresentativeElection {
  const election = parseInput(newElectionSchema, input, 'The election has errors');
  const errors: FieldError[] = [];
  if (election.nominationsCloseOn < today) {
    errors.push({ path: 'nominationsCloseOn', message: 'Nominations must close today or later' });
  }
  if (election.ballotClosesOn <= election.nominationsCloseOn) {
    errors.push({ path: 'ballotClosesOn', message: 'The ballot must close after nominations close' });
  }
  if (election.ballotClosesOn >= transferDate) {
    errors.push({ path: 'ballotClosesOn', message: 'The ballot must close before the transfer date' });
  }
  if (errors.length > 0) throw new ValidationError('The election has errors', { errors });
  return election;
}

/** The instant a closing day ends: nominations and the ballot are open until the end of their day (London). */
export function endOfDay(date: BusinessDate): Date {
  return startOfBusinessDate(addCalendarDays(date, 1));
}

export function isNominationOpen(election: RepresentativeElection, now: Date): boolean {
  return election.status === 'nominating' && now < endOfDay(election.nominationsCloseOn);
}

export function isBallotOpen(election: RepresentativeElection, now: Date): boolean {
  return election.status === 'balloting' && now < endOfDay(election.ballotClosesOn);
}

/** With no more candidates than seats, all are elected unopposed and no ballot is held. */
export function unopposedResult(
  candidates: readonly string[],
  seats: number,
  at: Instant,
): ElectionResult | undefined {
  if (candidates.length > seats) return undefined;
  return {
    elected: [...candidates],
    votes: Object.fromEntries(candidates.map((candidate) => [candidate, 0])),
    unopposed: true,
    countedAt: at,
  };
}

/**
 * Counts the ballot: the `seats` candidates with most votes are elected. When candidates with equal votes
 * contend for the last seats, those seats stay empty and the tie is recorded for HR: nothing is decided by
 * chance without a person seeing it.
 */
export function countVotes(
  candidates: readonly string[],
  votes: readonly string[],
  seats: number,
  at: Instant,
): ElectionResult {
  const tally: Record<string, number> = Object.fromEntries(candidates.map((candidate) => [candidate, 0]));
  for (const vote of votes) if (vote in tally) tally[vote] = (tally[vote] ?? 0) + 1;
  const ranked = [...candidates].sort((a, b) => (tally[b] ?? 0) - (tally[a] ?? 0) || a.localeCompare(b));
  if (ranked.length <= seats) return { elected: ranked, votes: tally, unopposed: false, countedAt: at };
  const lastSeatVotes = tally[ranked[seats - 1] ?? ''] ?? 0;
  const clearlyIn = ranked.filter((candidate) => (tally[candidate] ?? 0) > lastSeatVotes);
  const atLastSeat = ranked.filter((candidate) => (tally[candidate] ?? 0) === lastSeatVotes);
  const seatsLeft = seats - clearlyIn.length;
  if (atLastSeat.length <= seatsLeft) {
    return { elected: ranked.slice(0, seats), votes: tally, unopposed: false, countedAt: at };
  }
  return {
    elected: clearlyIn,
    votes: tally,
    tie: { candidates: atLastSeat, votes: lastSeatVotes, seats: seatsLeft },
    unopposed: false,
    countedAt: at,
  };
}
