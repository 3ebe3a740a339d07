/**
 * The workflow steps of an election of representatives (TUPE reg 14): email one shard its nomination links,
 * ballot links or the result; close nominations; count the ballot. Each is idempotent: the election's status
 * moves once, and the email ledger sends each email once however often a step runs.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { RepresentativeRepository, StoredCandidate } from '../adapters/representative-repository.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import type { EmailContent } from '../domain/email-content.ts';
import {
  type Candidate,
  countVotes,
  type ElectionResult,
  type RepresentativeElection,
  unopposedResult,
} from '../domain/representatives.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import { linkExpiresAt } from '../domain/transfer-rules.ts';
import { hrContactOf, hrLedgerKey, type Notify, type NotifyMany, personLedgerKey } from './notifier.ts';
import { type FormLinkSigning, personalFormLink } from './personal-form-link.ts';
import type { ShardResult } from './workflow-steps.ts';

export const representativeMessages = ['nomination', 'ballot', 'result'] as const;
export type RepresentativeMessage = (typeof representativeMessages)[number];

export interface RepresentativeStepDependencies extends FormLinkSigning {
  transfers: Pick<TransferRepository, 'header' | 'recordAudit'>;
  cases: Pick<CaseRepository, 'loadShard'>;
  representatives: RepresentativeRepository;
  notify: Notify;
  /** Sends a shard's emails together. */
  notifyMany: NotifyMany;
  clock: Clock;
}

/** Which status of the election each message belongs to: a step for another sends nothing. */
const sentWhile: Record<RepresentativeMessage, RepresentativeElection['status']> = {
  nomination: 'nominating',
  ballot: 'balloting',
  result: 'closed',
};

/** The result as an email reads it: every candidate with their votes, most first. */
function resultContent(
  transfer: TransferHeader,
  election: RepresentativeElection,
  result: ElectionResult,
  candidates: readonly Candidate[],
): Omit<Extract<EmailContent, { kind: 'representative-result' }>, 'name' | 'link'> {
  const nameOf = (employeeNumber: string) =>
    candidates.find((candidate) => candidate.employeeNumber === employeeNumber)?.name ?? employeeNumber;
  return {
    kind: 'representative-result',
    transferName: transfer.name,
    ...hrContactOf(transfer),
    candidates: Object.entries(result.votes)
      .sort(([a, votesOfA], [b, votesOfB]) => votesOfB - votesOfA || nameOf(a).localeCompare(nameOf(b)))
      .map(([employeeNumber, votes]) => ({
        name: nameOf(employeeNumber),
        votes,
        elected: result.elected.includes(employeeNumber),
      })),
    unopposed: result.unopposed,
    ...(result.tie ? { tied: result.tie.candidates.map(nameOf) } : {}),
    seats: election.seats,
    voted: election.voted,
    eligible: election.eligible,
  };
}

export function representativeElectionSteps({
  transfers,
  cases,
  representatives,
  notify,
  notifyMany,
  clock,
  readSecret,
  publicBaseUrl,
}: RepresentativeStepDependencies) {
  const formLink = (transfer: TransferHeader, person: StaffCase, purpose: 'nomination' | 'ballot') =>
    personalFormLink(
      readSecret,
      publicBaseUrl(),
      { purpose, transferId: transfer.id, shard: person.shard, employeeNumber: person.employeeNumber },
      linkExpiresAt(transfer.transferDate),
    );

  /** Records the result (the elected become representatives), audits it and tells HR, once. */
  const settle = async (
    transfer: TransferHeader,
    election: RepresentativeElection,
    result: ElectionResult,
  ) => {
    const candidates: StoredCandidate[] = await representatives.candidates(transfer.id);
    const elected = result.elected.flatMap((employeeNumber) => {
      const candidate = candidates.find((each) => each.employeeNumber === employeeNumber);
      return candidate ? [{ employeeNumber, name: candidate.name, email: candidate.email }] : [];
    });
    if (await representatives.recordResult(transfer.id, result, elected)) {
      await transfers.recordAudit(transfer.id, {
        at: result.countedAt,
        by: 'system',
        action: result.unopposed ? 'representatives-elected-unopposed' : 'representative-votes-counted',
        detail: {
          candidates: candidates.length,
          elected: result.elected.length,
          voted: election.voted,
          eligible: election.eligible,
          ...(result.tie ? { tied: result.tie.candidates.length } : {}),
        },
      });
    }
    const closed = (await representatives.election(transfer.id)) ?? election;
    await notify(
      { transferId: transfer.id, employeeKey: hrLedgerKey, purpose: 'representative-result' },
      transfer.createdBy,
      {
        ...resultContent(transfer, closed, closed.result ?? result, candidates),
        link: `${publicBaseUrl()}/transfers/${transfer.id}/representatives`,
      },
    );
  };

  return {
    /**
     * Emails each person in scope of one shard (on the roster, not excluded) the message of the election's
     * stage: their nomination link, their ballot link, or the result. Nothing while the election is at
     * another stage or the transfer is cancelled.
     */
    async sendEmails(
      transferId: string,
      shard: number,
      message: RepresentativeMessage,
    ): Promise<ShardResult> {
      const transfer = await transfers.header(transferId);
      const election = await representatives.election(transferId);
      if (transfer.status === 'cancelled' || election?.status !== sentWhile[message]) {
        return { processed: 0, sent: 0 };
      }
      const candidates: StoredCandidate[] = await representatives.candidates(transferId);
      const inScope = (await cases.loadShard(transferId, shard)).filter(
        (person) => person.status !== 'excluded',
      );
      const emails = await Promise.all(
        inScope.map(async (person) => {
          const toPerson = { name: person.name, transferName: transfer.name, ...hrContactOf(transfer) };
          const content: EmailContent =
            message === 'nomination'
              ? {
                  kind: 'representative-nomination',
                  ...toPerson,
                  transferor: transfer.transferor,
                  transferee: transfer.transferee,
                  transferDate: transfer.transferDate,
                  seats: election.seats,
                  nominationsCloseOn: election.nominationsCloseOn,
                  ballotClosesOn: election.ballotClosesOn,
                  link: await formLink(transfer, person, 'nomination'),
                }
              : message === 'ballot'
                ? {
                    kind: 'representative-ballot',
                    ...toPerson,
                    seats: election.seats,
                    ballotClosesOn: election.ballotClosesOn,
                    candidates: candidates.map((candidate) => candidate.name),
                    link: await formLink(transfer, person, 'ballot'),
                  }
                : {
                    ...resultContent(transfer, election, election.result as ElectionResult, candidates),
                    name: person.name,
                  };
          return {
            key: personLedgerKey(transfer, person, `representative-${message}`),
            to: person.email,
            content,
          };
        }),
      );
      await notifyMany(emails);
      return { processed: inScope.length, sent: inScope.length };
    },

    /**
     * At the end of the nominations day: no more candidates than seats elects them unopposed (the ballot's
     * timer is cancelled and the result goes out); otherwise the ballot opens. Answers what to email.
     */
    async closeNominations(transferId: string): Promise<{ message: RepresentativeMessage | 'none' }> {
      const transfer = await transfers.header(transferId);
      const election = await representatives.election(transferId);
      if (!election || transfer.status === 'cancelled') return { message: 'none' };
      if (election.status === 'balloting') return { message: 'ballot' };
      if (election.status === 'closed') {
        if (election.result) await settle(transfer, election, election.result);
        return { message: 'result' };
      }
      const candidates = await representatives.candidates(transferId);
      const at = clock.now().toISOString();
      const unopposed = unopposedResult(
        candidates.map((candidate) => candidate.employeeNumber),
        election.seats,
        at,
      );
      if (unopposed) {
        await settle(transfer, election, unopposed);
        return { message: 'result' };
      }
      if (await representatives.openBallot(transferId, at)) {
        await transfers.recordAudit(transferId, {
          at,
          by: 'system',
          action: 'representative-ballot-opened',
          detail: { candidates: candidates.length, seats: election.seats },
        });
      }
      return { message: 'ballot' };
    },

    /** At the end of the ballot day: counts the votes, records the elected and tells HR; staff next. */
    async countVotes(transferId: string): Promise<{ message: RepresentativeMessage | 'none' }> {
      const transfer = await transfers.header(transferId);
      const election = await representatives.election(transferId);
      if (!election || transfer.status === 'cancelled' || election.status === 'nominating')
        return { message: 'none' };
      if (election.status === 'closed') {
        if (election.result) await settle(transfer, election, election.result);
        return { message: 'result' };
      }
      const candidates = await representatives.candidates(transferId);
      const result = countVotes(
        candidates.map((candidate) => candidate.employeeNumber),
        await representatives.votes(transferId),
        election.seats,
        clock.now().toISOString(),
      );
      await settle(transfer, election, result);
      return { message: 'result' };
    },
  };
}

export type RepresentativeElectionSteps = ReturnType<typeof representativeElectionSteps>;
