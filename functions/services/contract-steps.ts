/**
 * The renewal workflows' steps: remind the manager at each offset before the end, and tell HR when the
 * notice deadline passed with no decision. Each sends through the email ledger, so a repeated step sends
 * nothing twice, and each stays quiet once the contract is decided (or waits for a consultation).
 */
import type { Clock } from '../adapters/clock.ts';
import type { ContractRepository, StoredContract } from '../adapters/contract-repository.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import {
  daysBetween,
  isAwaitingDecision,
  isSupersededReminder,
  noticeDeadlineOf,
} from '../domain/contract-rules.ts';
import { ContractNotFoundError } from '../domain/errors.ts';
import { todayOf } from '../domain/transfer-rules.ts';
import { contractPageLink, renewalFormLink } from './contract-service.ts';
import type { Notify } from './notifier.ts';

export interface ContractStepDependencies {
  contracts: Pick<ContractRepository, 'get' | 'markEscalated'>;
  timers: Pick<TimerRepository, 'forOwner'>;
  notify: Notify;
  readSecret: ReadSecret;
  publicBaseUrl: () => string;
  clock: Clock;
}

export function contractSteps({
  contracts,
  timers,
  notify,
  readSecret,
  publicBaseUrl,
  clock,
}: ContractStepDependencies) {
  const load = async (contractId: string): Promise<StoredContract> => {
    const contract = await contracts.get(contractId);
    if (!contract) throw new ContractNotFoundError(`No contract with the id ${contractId}`);
    return contract;
  };

  return {
    /**
     * Emails the manager (or HR, with no manager named) the reminder of one offset, with the decision form's
     * link, while the contract awaits a decision and has not ended, unless a nearer reminder is also due.
     */
    async sendReminder(contractId: string, timerKey: string): Promise<{ processed: number }> {
      const contract = await load(contractId);
      const now = clock.now();
      const today = todayOf(now);
      if (!isAwaitingDecision(contract) || today > contract.endDate) return { processed: 0 };
      const all = await timers.forOwner('contract', contractId);
      const timer = all.find((candidate) => candidate.key === timerKey);
      if (!timer) throw new ContractNotFoundError(`No timer ${timerKey} on contract ${contractId}`);
      if (isSupersededReminder(timer, all, now)) return { processed: 0 };
      await notify({ contractId, purpose: timer.key }, contract.managerEmail ?? contract.createdBy, {
        kind: 'renewal-reminder',
        title: contract.title,
        contractKind: contract.kind,
        parties: contract.parties,
        ...(contract.employeeNumber === undefined ? {} : { employeeNumber: contract.employeeNumber }),
        endDate: contract.endDate,
        noticeDeadline: noticeDeadlineOf(contract),
        ...(today > noticeDeadlineOf(contract) ? { deadlinePassed: true } : {}),
        daysLeft: daysBetween(today, contract.endDate),
        link: await renewalFormLink(readSecret, publicBaseUrl(), contract),
      });
      return { processed: 1 };
    },

    /** Tells HR (who created the contract) once that the notice deadline passed with no decision. */
    async escalate(contractId: string): Promise<{ processed: number }> {
      const contract = await load(contractId);
      const today = todayOf(clock.now());
      const deadline = noticeDeadlineOf(contract);
      if (!isAwaitingDecision(contract) || today <= deadline) return { processed: 0 };
      await notify({ contractId, purpose: 'renewal-escalation' }, contract.createdBy, {
        kind: 'renewal-escalation',
        title: contract.title,
        contractKind: contract.kind,
        ...(contract.managerEmail === undefined ? {} : { managerEmail: contract.managerEmail }),
        endDate: contract.endDate,
        noticeDeadline: deadline,
        link: contractPageLink(publicBaseUrl(), contract.id),
      });
      await contracts.markEscalated(contractId, clock.now().toISOString());
      return { processed: 1 };
    },
  };
}

export type ContractSteps = ReturnType<typeof contractSteps>;
