/**
 * The reminder workflows' steps: the election reminder to everyone who has not chosen, and HR's
 * reminder that the employee liability information is due. Each is idempotent through the email ledger.
 */
import { startOfBusinessDate } from '../domain/business-dates.ts';
import { isOverdue } from '../domain/milestone-outcome.ts';
import { isElectionOpen, liabilityInformationDueOn } from '../domain/transfer-rules.ts';
import type { PeopleServiceDependencies } from './election-service.ts';
import { hrLedgerKey, type NotifyMany } from './notifier.ts';
import { emailEveryoneInvited, type ShardResult } from './workflow-steps.ts';

export interface ReminderStepDependencies extends PeopleServiceDependencies {
  /** Sends a shard's reminders together. */
  notifyMany: NotifyMany;
  /** TUPE reg 11: whether the transfer's liability information has been given (absent: never). */
  liabilityGiven?: (transferId: string) => Promise<boolean>;
}

export function reminderSteps(dependencies: ReminderStepDependencies) {
  const { transfers, cases, notify, clock, publicBaseUrl, liabilityGiven = async () => false } = dependencies;
  return {
    /** Reminds everyone in the shard still `invited` (not chosen) while the election is open. */
    async sendElectionReminders(transferId: string, shard: number): Promise<ShardResult> {
      const transfer = await transfers.header(transferId);
      // A sweep that runs late, after the deadline, has nothing useful to remind anyone of: the milestone
      // is then recorded as skipped (late), not done.
      if (!isElectionOpen(transfer, clock.now())) return { processed: 0, sent: 0 };
      const people = await cases.loadShard(transferId, shard);
      return emailEveryoneInvited(dependencies, transfer, people, 'election-reminder');
    },

    /**
     * TUPE reg 11: at T−35 (`liability-information-reminder`) tells HR (whoever created the transfer) the
     * liability information is due; at T−28 (`liability-information-due`) escalates: it is now late. Once
     * the information has been given, neither sends anything (the milestone is done, as `given`). A
     * reminder is sent late too (HR can still act on it), then saying so, and answered `overdue`.
     */
    async remindLiabilityInformation(
      transferId: string,
      milestone: 'liability-information-reminder' | 'liability-information-due' = 'liability-information-due',
    ): Promise<{ processed: number; sent: number; overdue: boolean }> {
      const transfer = await transfers.header(transferId);
      const now = clock.now();
      const beforeTransferDay = now < startOfBusinessDate(transfer.transferDate);
      const going = transfer.status === 'launched' || transfer.status === 'election-closed';
      if (!going || !beforeTransferDay) return { processed: 0, sent: 0, overdue: false };
      if (await liabilityGiven(transferId)) return { processed: 1, sent: 0, overdue: false };
      const dueOn = liabilityInformationDueOn(transfer.transferDate);
      const overdue = isOverdue(dueOn, now);
      const page = `${publicBaseUrl()}/transfers/${encodeURIComponent(transfer.id)}/eli`;
      if (milestone === 'liability-information-due') {
        await notify(
          { transferId, employeeKey: hrLedgerKey, purpose: 'liability-information-due' },
          transfer.createdBy,
          {
            kind: 'liability-information-late',
            transferName: transfer.name,
            transferee: transfer.transferee,
            transferDate: transfer.transferDate,
            dueOn,
            link: page,
          },
        );
        return { processed: 1, sent: 1, overdue };
      }
      await notify(
        { transferId, employeeKey: hrLedgerKey, purpose: 'liability-information-reminder' },
        transfer.createdBy,
        {
          kind: 'liability-information-due',
          transferName: transfer.name,
          transferee: transfer.transferee,
          transferDate: transfer.transferDate,
          dueOn,
          ...(overdue ? { overdue: true } : {}),
          link: page,
        },
      );
      return { processed: 1, sent: 1, overdue };
    },
  };
}

export type ReminderSteps = ReturnType<typeof reminderSteps>;
