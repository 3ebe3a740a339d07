/**
 * The employee number typed on a personal link (pension, nomination, ballot), checked against the link's
 * person with the one lockout every such link shares: five wrong numbers lock the link for a while
 * (functions/domain/link-lockout.ts, counted on the person's case, where HR sees and clears it), and one
 * client typing too many wrong numbers across links is refused for the hour.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { ClientRateLimits } from '../adapters/client-rate-limit.ts';
import type { Clock } from '../adapters/clock.ts';
import { clientRateOf } from '../domain/client-rate-limit.ts';
import { checkEmployeeNumber } from '../domain/election.ts';
import {
  EmployeeNumberMismatchError,
  LinkLockedError,
  TooManyAttemptsError,
  TransientStepError,
} from '../domain/errors.ts';
import { afterWrongAttempt, lockedUntil } from '../domain/link-lockout.ts';
import type { LinkLockout, StaffCase } from '../domain/transfer.ts';
import type { LinkClient } from './contracts.ts';

/** Where a client's wrong employee numbers across every personal link are counted. */
const linkClientsPartition = 'PERSONAL-LINKS';
/** Wrong employee numbers one client may type across links in an hour (a shared office address too). */
export const wrongNumbersPerClientHour = 50;
/** Times a wrong number is stored again after another attempt on the same link landed first. */
const recordAttempts = 8;

export interface EmployeeNumberCheckDependencies {
  cases: Pick<CaseRepository, 'recordWrongAttempt' | 'clearWrongAttempts'>;
  clientLimits: ClientRateLimits;
  clock: Clock;
}

/**
 * `verifiedCase(staffCase, typed, client, readAgain)`: the case once the number typed is theirs. Refuses a
 * locked link (even the right number: LinkLockedError) and a client over its hourly limit
 * (TooManyAttemptsError); a wrong number is counted on the link and for the client, then thrown as
 * EmployeeNumberMismatchError (or LinkLockedError when it locks the link). `readAgain` reads the case
 * afresh, when another wrong number on the same link was stored first.
 */
export function employeeNumberCheck({ cases, clientLimits, clock }: EmployeeNumberCheckDependencies) {
  const clientRate = (client: LinkClient) =>
    clientRateOf(linkClientsPartition, client.sourceIp, wrongNumbersPerClientHour, clock.now());

  /** Stores one wrong number on the link, reading the case again if another attempt landed first. */
  const recordWrongAttempt = async (
    read: StaffCase,
    readAgain: () => Promise<StaffCase>,
  ): Promise<LinkLockout> => {
    let staffCase = read;
    for (let attempt = 1; ; attempt++) {
      const next = afterWrongAttempt(staffCase.lockout, clock.now());
      try {
        await cases.recordWrongAttempt(
          staffCase.transferId,
          staffCase.shard,
          staffCase.employeeNumber,
          staffCase.lockout,
          next.lockout,
          next.events,
        );
        return next.lockout;
      } catch (error) {
        if (!(error instanceof TransientStepError) || attempt >= recordAttempts) throw error;
        staffCase = await readAgain();
      }
    }
  };

  return async function verifiedCase(
    staffCase: StaffCase,
    typed: string,
    client: LinkClient,
    readAgain: () => Promise<StaffCase>,
  ): Promise<StaffCase> {
    const until = lockedUntil(staffCase.lockout, clock.now());
    if (until)
      throw new LinkLockedError('This link is locked after too many wrong employee numbers', { until });
    const rate = clientRate(client);
    if (await clientLimits.reached(linkClientsPartition, rate)) {
      throw new TooManyAttemptsError('Too many wrong employee numbers from here; try again later');
    }
    try {
      checkEmployeeNumber(staffCase, typed);
    } catch (error) {
      if (!(error instanceof EmployeeNumberMismatchError)) throw error;
      const lockout = await recordWrongAttempt(staffCase, readAgain);
      const counted = await clientLimits.count(linkClientsPartition, rate);
      if (lockout.lockedUntil) {
        throw new LinkLockedError('This link is locked after too many wrong employee numbers', {
          until: lockout.lockedUntil,
          cause: error,
        });
      }
      if (!counted) {
        throw new TooManyAttemptsError('Too many wrong employee numbers from here; try again later', {
          cause: error,
        });
      }
      throw error;
    }
    if (staffCase.lockout)
      await cases.clearWrongAttempts(staffCase.transferId, staffCase.shard, staffCase.employeeNumber);
    return staffCase;
  };
}

export type VerifiedCase = ReturnType<typeof employeeNumberCheck>;
