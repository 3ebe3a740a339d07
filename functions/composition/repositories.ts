/** The table's repositories, one per kind of record, each built once per wiring. */
import { caseRepository } from '../adapters/case-repository.ts';
import { clientRateLimits } from '../adapters/client-rate-limit.ts';
import { consultationRepository } from '../adapters/consultation-repository.ts';
import { contractRepository } from '../adapters/contract-repository.ts';
import { emailLedger } from '../adapters/email-ledger.ts';
import { informationDutyRepository } from '../adapters/information-duty-repository.ts';
import { liabilityRepository } from '../adapters/liability-repository.ts';
import { representativeRepository } from '../adapters/representative-repository.ts';
import { retentionRepository } from '../adapters/retention-repository.ts';
import { timerRepository } from '../adapters/timer-repository.ts';
import { transferRepository } from '../adapters/transfer-repository.ts';
import { clockOf, tableOf, type Wiring } from './wiring.ts';

export function transferRepositoryOf(wiring: Wiring) {
  return wiring.once('transfer-repository', () => transferRepository(tableOf(wiring)));
}

export function caseRepositoryOf(wiring: Wiring) {
  return wiring.once('case-repository', () => caseRepository(tableOf(wiring)));
}

export function emailLedgerOf(wiring: Wiring) {
  return wiring.once('email-ledger', () => emailLedger(tableOf(wiring)));
}

export function timerRepositoryOf(wiring: Wiring) {
  return wiring.once('timer-repository', () => timerRepository(tableOf(wiring)));
}

/** One limit on wrong employee numbers across every personal link, whichever form they were typed on. */
export function clientRateLimitsOf(wiring: Wiring) {
  return wiring.once('client-rate-limits', () => clientRateLimits(tableOf(wiring)));
}

export function contractRepositoryOf(wiring: Wiring) {
  return wiring.once('contract-repository', () =>
    contractRepository(tableOf(wiring), timerRepositoryOf(wiring)),
  );
}

export function consultationRepositoryOf(wiring: Wiring) {
  return wiring.once('consultation-repository', () => consultationRepository(tableOf(wiring)));
}

export function retentionRepositoryOf(wiring: Wiring) {
  return wiring.once('retention-repository', () => retentionRepository(tableOf(wiring)));
}

export function representativeRepositoryOf(wiring: Wiring) {
  return wiring.once('representative-repository', () =>
    representativeRepository(tableOf(wiring), timerRepositoryOf(wiring)),
  );
}

export function informationDutyRepositoryOf(wiring: Wiring) {
  return wiring.once('information-duty-repository', () => informationDutyRepository(tableOf(wiring)));
}

export function liabilityRepositoryOf(wiring: Wiring) {
  return wiring.once('liability-repository', () => liabilityRepository(tableOf(wiring)));
}

/** What most transfer services read: the transfer, its people's cases, and the time. */
export function transferRecordsOf(wiring: Wiring) {
  return { transfers: transferRepositoryOf(wiring), cases: caseRepositoryOf(wiring), clock: clockOf(wiring) };
}
