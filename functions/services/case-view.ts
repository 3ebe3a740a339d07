/**
 * One person's case as HR sees it: the case, the emails sent to them and any link lockout. Apart from the
 * transfer service, so the functions that change a case and answer with it carry none of HR's imports,
 * exports or launches.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { EmailLedger } from '../adapters/email-ledger.ts';
import { lockedUntil } from '../domain/link-lockout.ts';
import { employeeKey } from '../domain/roster.ts';
import type { CaseView } from './contracts.ts';

export interface CaseViewDependencies {
  cases: Pick<CaseRepository, 'shardOf' | 'get'>;
  ledger: Pick<EmailLedger, 'forPerson'>;
  clock: Clock;
}

export function caseView({ cases, ledger, clock }: CaseViewDependencies) {
  return async (id: string, employeeNumber: string): Promise<CaseView> => {
    const shard = await cases.shardOf(id, employeeNumber);
    const [staffCase, notifications] = await Promise.all([
      cases.get(id, shard, employeeNumber),
      ledger.forPerson(id, employeeKey(employeeNumber)),
    ]);
    const until = lockedUntil(staffCase.lockout, clock.now());
    return { ...staffCase, notifications, ...(until ? { lockedUntil: until } : {}) };
  };
}
