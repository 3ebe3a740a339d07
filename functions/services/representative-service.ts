/**
 * A transfer's representatives (TUPE reg 13(3)) and the election of employee representatives (reg 14), as
 * HR runs it and as staff meet it through their nomination and ballot links.
 */
import { randomUUID } from 'node:crypto';
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { ClientRateLimits } from '../adapters/client-rate-limit.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { type LinkSubjectFor, openLinkToken } from '../adapters/personal-links.ts';
import type { RepresentativeRepository } from '../adapters/representative-repository.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { addCalendarDays } from '../domain/business-dates.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.ts';
import {
  type Candidate,
  ElectionStageClosedError,
  isBallotOpen,
  isNominationOpen,
  mayInformStaffDirectly,
  type Representative,
  type RepresentativeElection,
  staffInScopeOf,
  validateNewElection,
  validateNewRepresentative,
} from '../domain/representatives.ts';
import { pendingTimer } from '../domain/timer.ts';
import type { BusinessDate, TransferHeader } from '../domain/transfer.ts';
import { todayOf } from '../domain/transfer-rules.ts';
import { executionNameOf } from '../domain/workflow-runs.ts';
import type { LinkClient } from './contracts.ts';
import { employeeNumberCheck } from './employee-number-check.ts';
import { notRecognisedWhenMissing } from './link-errors.ts';

export interface RepresentativeServiceDependencies {
  transfers: Pick<TransferRepository, 'get' | 'header' | 'recordAudit'>;
  cases: Pick<CaseRepository, 'get' | 'recordWrongAttempt' | 'clearWrongAttempts'>;
  representatives: RepresentativeRepository;
  startWorkflow: StartWorkflow;
  readSecret: ReadSecret;
  clock: Clock;
  /** The limit on wrong employee numbers one client types across personal links (as the pension form's). */
  clientLimits: ClientRateLimits;
}

export interface RepresentativeList {
  items: Representative[];
  /** TUPE reg 13A: fewer than 10 staff in scope, so the employer may inform and consult them directly. */
  directConsultationAllowed: boolean;
}

/** `GET /api/transfers/{id}/representative-election` (DESIGN §6). */
export interface RepresentativeElectionView {
  seats: number;
  nominationsCloseOn: BusinessDate;
  ballotClosesOn: BusinessDate;
  status: RepresentativeElection['status'];
  candidates: Candidate[];
  turnout: { voted: number; eligible: number };
  result?: {
    elected: Candidate[];
    votes: Record<string, number>;
    unopposed: boolean;
    countedAt: string;
    tie?: { candidates: Candidate[]; votes: number; seats: number };
  };
}

/** What every page of the nomination and ballot forms shows. */
export interface RepresentativeFormContext {
  /** Whether the form still takes answers (nominations, or the ballot, open). */
  open: boolean;
  /** The transfer was cancelled, and its election with it: the form is closed for good. */
  cancelled?: true;
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: BusinessDate;
  seats: number;
  nominationsCloseOn: BusinessDate;
  ballotClosesOn: BusinessDate;
  candidates: Candidate[];
}

/** Whose nomination or ballot link it is. */
type FormLinkSubject = LinkSubjectFor<'nomination' | 'ballot'>;

const startedStatuses: ReadonlyArray<TransferHeader['status']> = ['draft', 'launched', 'election-closed'];

/** The workflow that emails the nomination links, and its one run per transfer. */
export const nominationsWorkflow = 'open-representative-nominations';
export const nominationsRunName = (transferId: string) =>
  executionNameOf(transferId, 'representative-nominations');

/** What the form shows of the transfer and its election. */
function formContextOf(
  transfer: TransferHeader,
  election: RepresentativeElection,
  open: boolean,
  candidates: Candidate[],
): RepresentativeFormContext {
  return {
    open,
    transferName: transfer.name,
    transferor: transfer.transferor,
    transferee: transfer.transferee,
    transferDate: transfer.transferDate,
    seats: election.seats,
    nominationsCloseOn: election.nominationsCloseOn,
    ballotClosesOn: election.ballotClosesOn,
    candidates,
  };
}

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can manage representatives');
}

export function representativeService({
  transfers,
  cases,
  representatives,
  startWorkflow,
  readSecret,
  clock,
  clientLimits,
}: RepresentativeServiceDependencies) {
  const electionOrThrow = async (transferId: string) => {
    const election = await representatives.election(transferId);
    if (!election) throw new NotFoundError('The transfer has no election of representatives');
    return election;
  };

  const candidatesByNumber = async (transferId: string) =>
    new Map(
      (await representatives.candidates(transferId)).map((candidate) => [
        candidate.employeeNumber,
        candidate,
      ]),
    );

  /** The link's transfer and election, once the link opens for one. */
  const openFormLink = async (token: string, purpose: 'nomination' | 'ballot') => {
    const subject = await openLinkToken(readSecret, token, purpose, clock.now());
    const transfer = await transfers.header(subject.transferId).catch(notRecognisedWhenMissing);
    const election = await electionOrThrow(subject.transferId).catch(notRecognisedWhenMissing);
    return { subject, transfer, election };
  };

  /**
   * The link's person, once they are in scope of an election still to be held. A cancelled transfer's
   * election is over (its people may be deleted already): ElectionStageClosedError.
   */
  const personOf = async (subject: FormLinkSubject, transfer: TransferHeader) => {
    if (transfer.status === 'cancelled') {
      throw new ElectionStageClosedError('The election was cancelled with the transfer');
    }
    const person = await cases
      .get(subject.transferId, subject.shard, subject.employeeNumber)
      .catch(notRecognisedWhenMissing);
    if (person.status === 'excluded') throw new InvalidLinkError('This link no longer works');
    return person;
  };

  const verify = employeeNumberCheck({ cases, clientLimits, clock });

  /**
   * The link's person once the number typed is theirs, with the pension form's lockout: a locked link
   * refuses even the right number (LinkLockedError), a wrong one is counted on the person's case
   * (EmployeeNumberMismatchError), a client over its hourly limit is refused (TooManyAttemptsError).
   */
  const verifiedPerson = async (
    subject: FormLinkSubject,
    transfer: TransferHeader,
    typed: string,
    client: LinkClient,
  ) => verify(await personOf(subject, transfer), typed, client, () => personOf(subject, transfer));

  /** The form's context; a cancelled transfer's is closed, and names no candidates. */
  const openForm = async (
    token: string,
    purpose: 'nomination' | 'ballot',
    isOpen: (election: RepresentativeElection, now: Date) => boolean,
  ): Promise<RepresentativeFormContext> => {
    const { subject, transfer, election } = await openFormLink(token, purpose);
    if (transfer.status === 'cancelled') {
      return { ...formContextOf(transfer, election, false, []), cancelled: true };
    }
    await personOf(subject, transfer);
    const candidates = (await representatives.candidates(transfer.id)).map(({ employeeNumber, name }) => ({
      employeeNumber,
      name,
    }));
    return formContextOf(transfer, election, isOpen(election, clock.now()), candidates);
  };

  return {
    async list(transferId: string): Promise<RepresentativeList> {
      const transfer = await transfers.get(transferId);
      return {
        items: await representatives.list(transferId),
        directConsultationAllowed: mayInformStaffDirectly(staffInScopeOf(transfer)),
      };
    },

    async add(transferId: string, input: unknown, actor: Actor): Promise<Representative> {
      requireHr(actor);
      const transfer = await transfers.header(transferId);
      if (transfer.status === 'cancelled') throw new ConflictError('The transfer is cancelled');
      const fields = validateNewRepresentative(input);
      const at = clock.now().toISOString();
      const representative: Representative = { id: randomUUID(), ...fields, addedAt: at, addedBy: actor.id };
      await representatives.add(transferId, representative);
      await transfers.recordAudit(transferId, {
        at,
        by: actor.id,
        action: 'representative-added',
        detail: { representative: representative.id, kind: representative.kind },
      });
      return representative;
    },

    /**
     * Starts the election: stores it with the timers that close nominations and the ballot, then starts the
     * workflow that emails everyone in scope their nomination link. A second election is a ConflictError.
     */
    async startElection(
      transferId: string,
      input: unknown,
      actor: Actor,
    ): Promise<RepresentativeElectionView> {
      requireHr(actor);
      const transfer = await transfers.get(transferId);
      if (!startedStatuses.includes(transfer.status)) {
        throw new ConflictError(`The transfer is ${transfer.status}; an election can no longer be held`);
      }
      const now = clock.now();
      const fields = validateNewElection(input, todayOf(now), transfer.transferDate);
      const eligible = staffInScopeOf(transfer);
      if (eligible === 0) {
        throw new ConflictError('Add staff to the roster before starting an election of representatives');
      }
      const election: RepresentativeElection = {
        transferId,
        ...fields,
        status: 'nominating',
        startedAt: now.toISOString(),
        startedBy: actor.id,
        eligible,
        voted: 0,
      };
      // The end of each closing day: the timers fall due at the start of the next.
      await representatives.createElection(election, [
        pendingTimer(
          'transfer',
          transferId,
          'representative-nominations-close',
          addCalendarDays(fields.nominationsCloseOn, 1),
        ),
        pendingTimer(
          'transfer',
          transferId,
          'representative-ballot-closes',
          addCalendarDays(fields.ballotClosesOn, 1),
        ),
      ]);
      await transfers.recordAudit(transferId, {
        at: election.startedAt,
        by: actor.id,
        action: 'representative-election-started',
        detail: {
          seats: election.seats,
          nominationsCloseOn: election.nominationsCloseOn,
          ballotClosesOn: election.ballotClosesOn,
        },
      });
      await startWorkflow(nominationsWorkflow, nominationsRunName(transferId), { transferId });
      return this.viewElection(transferId);
    },

    async viewElection(transferId: string): Promise<RepresentativeElectionView> {
      await transfers.header(transferId);
      const election = await electionOrThrow(transferId);
      const candidates = await candidatesByNumber(transferId);
      const named = (employeeNumber: string): Candidate => ({
        employeeNumber,
        name: candidates.get(employeeNumber)?.name ?? employeeNumber,
      });
      const { result } = election;
      return {
        seats: election.seats,
        nominationsCloseOn: election.nominationsCloseOn,
        ballotClosesOn: election.ballotClosesOn,
        status: election.status,
        candidates: [...candidates.values()].map(({ employeeNumber, name }) => ({ employeeNumber, name })),
        turnout: { voted: election.voted, eligible: election.eligible },
        ...(result
          ? {
              result: {
                elected: result.elected.map(named),
                votes: result.votes,
                unopposed: result.unopposed,
                countedAt: result.countedAt,
                ...(result.tie
                  ? { tie: { ...result.tie, candidates: result.tie.candidates.map(named) } }
                  : {}),
              },
            }
          : {}),
      };
    },

    /** The transfer's election, if it has one: for the dashboard page. */
    async findElection(transferId: string): Promise<RepresentativeElectionView | undefined> {
      if (!(await representatives.election(transferId))) return undefined;
      return this.viewElection(transferId);
    },

    // The nomination form (`/forms/nomination/{token}`)

    openNomination(token: string): Promise<RepresentativeFormContext> {
      return openForm(token, 'nomination', isNominationOpen);
    },

    /**
     * The employee number as the roster records it, once it is the link's person's; and whether they stand.
     * Throws what the pension form's check throws (a wrong number counts towards locking the link).
     */
    async checkNominee(
      token: string,
      typed: string,
      client: LinkClient,
    ): Promise<{ employeeNumber: string; standing: boolean }> {
      const { subject, transfer } = await openFormLink(token, 'nomination');
      const person = await verifiedPerson(subject, transfer, typed, client);
      const candidates = await candidatesByNumber(subject.transferId);
      return { employeeNumber: person.employeeNumber, standing: candidates.has(person.employeeNumber) };
    },

    /** Records the link's person as a candidate (once), while nominations are open. */
    async stand(token: string, typed: string, client: LinkClient): Promise<void> {
      const { subject, transfer, election } = await openFormLink(token, 'nomination');
      const person = await verifiedPerson(subject, transfer, typed, client);
      const now = clock.now();
      if (!isNominationOpen(election, now)) throw new ElectionStageClosedError('Nominations have closed');
      await representatives.addCandidate(subject.transferId, {
        employeeNumber: person.employeeNumber,
        name: person.name,
        email: person.email,
        nominatedAt: now.toISOString(),
      });
    },

    // The ballot form (`/forms/ballot/{token}`)

    openBallot(token: string): Promise<RepresentativeFormContext> {
      return openForm(token, 'ballot', isBallotOpen);
    },

    async checkVoter(
      token: string,
      typed: string,
      client: LinkClient,
    ): Promise<{ employeeNumber: string; voted: boolean }> {
      const { subject, transfer } = await openFormLink(token, 'ballot');
      const person = await verifiedPerson(subject, transfer, typed, client);
      return {
        employeeNumber: person.employeeNumber,
        voted: await representatives.hasVoted(subject.transferId, person.employeeNumber),
      };
    },

    /**
     * One secret vote for a candidate (by employee number) while the ballot is open. A second vote is an
     * AlreadyVotedError; a candidate not standing is a ValidationError. Nothing logs or audits who voted how.
     */
    async vote(token: string, typed: string, candidate: string, client: LinkClient): Promise<void> {
      const { subject, transfer, election } = await openFormLink(token, 'ballot');
      const person = await verifiedPerson(subject, transfer, typed, client);
      if (!isBallotOpen(election, clock.now())) throw new ElectionStageClosedError('The ballot has closed');
      const standing = await candidatesByNumber(subject.transferId);
      if (!standing.has(candidate)) {
        throw new ValidationError('Choose one of the candidates', {
          errors: [{ path: 'candidate', message: 'Select the candidate you vote for' }],
        });
      }
      await representatives.castVote(subject.transferId, person.employeeNumber, candidate);
    },
  };
}

export type RepresentativeService = ReturnType<typeof representativeService>;
