/** The work each workflow step does for one transfer or one shard of its roster. Every step is idempotent. */
import { createHash } from 'node:crypto';
import type { ContractRepository } from '../adapters/contract-repository.ts';
import { forEachConcurrently } from '../adapters/dynamodb.ts';
import type { Contract } from '../domain/contract.ts';
import { defaultNoticeDays, defaultReminderDays } from '../domain/contract.ts';
import { renewalTimers } from '../domain/contract-rules.ts';
import {
  applyDefaultOption,
  type CaseChange,
  invitationChange,
  optionOf,
  transferDayChange,
} from '../domain/election.ts';
import { BankHolidaysUnknownError } from '../domain/errors.ts';
import { milestoneOutcome } from '../domain/milestone-outcome.ts';
import { employeeKey } from '../domain/roster.ts';
import type { SendingPlan } from '../domain/sending-plan.ts';
import {
  type HrStartedRun,
  isHrStartedRun,
  isMilestoneKind,
  type MilestoneKind,
  type StaffCase,
  type TransferHeader,
  type TransferStatus,
} from '../domain/transfer.ts';
import {
  type DayPerson,
  digestPageCount,
  digestPageOf,
  mergedDigests,
  transferDayOutcome,
} from '../domain/transfer-day.ts';
import { shardsOf, todayOf } from '../domain/transfer-rules.ts';
import type { RecordMetric } from './business-metrics.ts';
import { type PeopleServiceDependencies, pensionFormLink } from './election-service.ts';
import {
  hrContactOf,
  hrLedgerKey,
  managerLedgerKey,
  type NotifyMany,
  personLedgerKey,
  writesAtOnce,
} from './notifier.ts';

export interface WorkflowStepDependencies extends PeopleServiceDependencies {
  /** Sends a shard's invitations together. */
  notifyMany: NotifyMany;
  /** How many emails go out at once, from the SES sending rate. */
  sendingPlan: () => SendingPlan;
  contracts: Pick<ContractRepository, 'putOnce'>;
  recordMetric: RecordMetric;
  /** TUPE reg 11: whether the transfer's liability information has been given (absent: never). */
  liabilityGiven?: (transferId: string) => Promise<boolean>;
}

/** What a shard's step did: people it dealt with, and emails it knows went out (now or on an earlier run). */
export interface ShardResult {
  processed: number;
  sent: number;
}

/**
 * How long transfer day's digest parts (managers' people, by shard) are kept: well past the sweep's last
 * retry of the milestone (about five hours); a later run of transfer day writes them again before sending.
 */
const digestPartsKeptMs = 7 * 24 * 60 * 60 * 1000;

/** The milestones that move the transfer on; reminders leave its status alone. */
const transitions: Partial<Record<MilestoneKind, { from: TransferStatus; to: TransferStatus }>> = {
  'election-closes': { from: 'launched', to: 'election-closed' },
  'transfer-day': { from: 'election-closed', to: 'completed' },
};

/**
 * The transferee's contract id for a person: the same on every retry, shaped as a UUID (version 8, RFC 9562)
 * like every other contract id, so workflows and links take it.
 */
export function transferredContractId(transferId: string, employeeNumber: string): string {
  const hex = createHash('sha256')
    .update(`${transferId}/${employeeKey(employeeNumber)}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The contract a fixed-term person has with the transferee from transfer day, with the continuous service
 * they bring (FTE Regulations 2002, reg 8 counts it) and the reminders of any contract HR creates.
 */
export function transferredContract(transfer: TransferHeader, person: StaffCase, at: Date): Contract {
  return {
    id: transferredContractId(transfer.id, person.employeeNumber),
    kind: 'employment',
    title: `${person.jobTitle} (fixed-term)`,
    parties: [transfer.transferee],
    ...(person.managerEmail ? { managerEmail: person.managerEmail.toLowerCase() } : {}),
    startDate: transfer.transferDate,
    endDate: person.contractEndDate as string,
    noticeDays: defaultNoticeDays,
    reminderDays: [...defaultReminderDays],
    employeeNumber: person.employeeNumber,
    employeeName: person.name,
    continuousServiceStart: person.continuousServiceStart,
    requiresConsultation: false,
    transferId: transfer.id,
    status: 'active',
    decisions: [],
    warnings: [],
    createdAt: at.toISOString(),
    createdBy: transfer.createdBy,
  };
}

/** What emails people their personal links. */
type LinkEmailDependencies = Pick<PeopleServiceDependencies, 'readSecret' | 'publicBaseUrl'> & {
  notifyMany: NotifyMany;
};

/**
 * Emails each of `people` still `invited` (not chosen) what they choose from and by when, with their
 * personal link: the invitation, or the election reminder. The ledger sends each once however often the
 * step runs, so everyone invited counts as sent.
 */
export async function emailEveryoneInvited(
  { readSecret, notifyMany, publicBaseUrl }: LinkEmailDependencies,
  transfer: TransferHeader,
  people: readonly StaffCase[],
  kind: 'invitation' | 'election-reminder',
): Promise<ShardResult> {
  const invited = people.filter((person) => person.status === 'invited');
  const defaultOption = optionOf(transfer, transfer.pension.defaultOption);
  const emails = await Promise.all(
    invited.map(async (person) => {
      const choice = {
        name: person.name,
        transferName: transfer.name,
        electionClosesOn: transfer.pension.electionClosesOn,
        options: transfer.pension.options,
        defaultOption,
        link: await pensionFormLink({ readSecret, publicBaseUrl }, transfer, person),
        ...hrContactOf(transfer),
      };
      return {
        key: personLedgerKey(transfer, person, kind),
        to: person.email,
        content:
          kind === 'invitation'
            ? {
                kind,
                ...choice,
                transferor: transfer.transferor,
                transferee: transfer.transferee,
                transferDate: transfer.transferDate,
              }
            : { kind, ...choice },
      };
    }),
  );
  await notifyMany(emails);
  return { processed: invited.length, sent: invited.length };
}

/** Its timers; those past the bank holiday file's last year cannot be placed on working days yet. */
function transferredContractTimers(contract: Contract, today: string) {
  try {
    return renewalTimers(contract, today);
  } catch (error) {
    if (error instanceof BankHolidaysUnknownError) return [];
    throw error;
  }
}

/**
 * The steps that only keep a workflow's books (its shards, how a milestone ended, a failure): no email, so
 * their functions carry none of the sending.
 */
export function workflowBookkeeping({
  transfers,
  clock,
  recordMetric,
  liabilityGiven = async () => false,
  sendingPlan,
}: Pick<
  WorkflowStepDependencies,
  'transfers' | 'clock' | 'recordMetric' | 'liabilityGiven' | 'sendingPlan'
>) {
  /**
   * Whether a run HR started is the one its record tracks: a date change's run finishing after a later
   * change was made must not mark the later change's run done (it only audits that it finished).
   */
  const isLatestRun = async (transferId: string, kind: HrStartedRun, change: number | undefined) => {
    if (kind !== 'date-change' || change === undefined) return true;
    const record = await transfers.milestoneRecord(transferId, kind);
    return record?.change === undefined || record.change === change;
  };

  return {
    /** The roster's shards, and how many of them a Map state that sends email runs at once. */
    async listShards(transferId: string): Promise<{ shards: number[]; shardsAtOnce: number }> {
      const transfer = await transfers.header(transferId);
      return { shards: shardsOf(transfer.nextRosterIndex), shardsAtOnce: sendingPlan().shardsAtOnce };
    },

    /**
     * Records what the milestone (or the launch) did: `done` with the emails its shards sent, or `skipped`
     * as `late` when its moment had passed before it started (DESIGN §3); other runs are audited.
     */
    async finishMilestone(
      transferId: string,
      milestone: string,
      result: { sent?: number | readonly number[]; overdue?: boolean; change?: number } = {},
    ): Promise<{ status: TransferStatus }> {
      const now = clock.now();
      const sent =
        typeof result.sent === 'number' ? result.sent : (result.sent ?? []).reduce((sum, n) => sum + n, 0);
      if (isMilestoneKind(milestone)) {
        const [transfer, record] = await Promise.all([
          transfers.header(transferId),
          transfers.milestoneRecord(transferId, milestone),
        ]);
        const liabilityKind =
          milestone === 'liability-information-due' || milestone === 'liability-information-reminder';
        const outcome = milestoneOutcome({
          kind: milestone,
          transfer,
          startedAt: new Date(record?.startedAt ?? now.toISOString()),
          sent,
          ...(result.overdue === undefined ? {} : { overdue: result.overdue }),
          ...(liabilityKind && sent === 0 ? { liabilityGiven: await liabilityGiven(transferId) } : {}),
        });
        await transfers.finishMilestone(
          transferId,
          milestone,
          transitions[milestone],
          now.toISOString(),
          outcome,
        );
      } else if (isHrStartedRun(milestone) && (await isLatestRun(transferId, milestone, result.change))) {
        // A cancellation's rerun cannot count who was told before (they are deleted): no count is shown.
        await transfers.finishMilestone(
          transferId,
          milestone,
          undefined,
          now.toISOString(),
          milestone === 'cancel' ? { status: 'done' } : { status: 'done', sent },
        );
      } else {
        await transfers.recordAudit(transferId, {
          at: now.toISOString(),
          by: 'system',
          action: `${milestone}-finished`,
        });
      }
      return { status: (await transfers.header(transferId)).status };
    },

    async recordFailure(failure: {
      transferId: string;
      workflow: string;
      milestone: string;
      error: string;
    }): Promise<Record<string, never>> {
      await transfers.recordFailure(failure.transferId, {
        workflow: failure.workflow,
        milestone: failure.milestone,
        error: failure.error.slice(0, 200),
        at: clock.now().toISOString(),
      });
      recordMetric('WorkflowFailures', 1);
      return {};
    },
  };
}

export function workflowSteps({
  transfers,
  cases,
  contracts,
  readSecret,
  notify,
  notifyMany,
  sendingPlan,
  clock,
  publicBaseUrl,
  recordMetric,
  liabilityGiven = async () => false,
}: WorkflowStepDependencies) {
  /**
   * Each person's change of the shard (cases.changeShard: each case on its own condition, the shard's
   * tally set once from the cases), for a shard step that runs only while the transfer is in one of
   * `statuses` (undefined otherwise: the step does nothing), each change made at the same `now`; answers
   * the changes, the shard's people as they now are, the transfer and that time.
   */
  const changeShardWhile = async (
    transferId: string,
    shard: number,
    statuses: readonly TransferStatus[],
    changeOf: (transfer: TransferHeader, person: StaffCase, now: Date) => CaseChange | undefined,
  ) => {
    const transfer = await transfers.header(transferId);
    if (!statuses.includes(transfer.status)) return undefined;
    const now = clock.now();
    return {
      transfer,
      now,
      ...(await cases.changeShard(transferId, shard, (person) => changeOf(transfer, person, now))),
    };
  };

  const nothingDone: ShardResult = { processed: 0, sent: 0 };

  return {
    ...workflowBookkeeping({ transfers, clock, recordMetric, liabilityGiven, sendingPlan }),

    /**
     * Records each person of the shard as invited (changeShardWhile), then emails everyone
     * invited their link: nobody gets a link for a case that is not `invited`, and the ledger sends each
     * invitation once however often the step runs. Answers how many of the shard's invitations went out.
     */
    async sendInvitations(transferId: string, shard: number): Promise<ShardResult> {
      const invited = await changeShardWhile(transferId, shard, ['launched'], (_, person, now) =>
        invitationChange(person, now),
      );
      if (invited === undefined) return nothingDone;
      const { transfer, people } = invited;
      return emailEveryoneInvited({ readSecret, notifyMany, publicBaseUrl }, transfer, people, 'invitation');
    },

    /** Gives the default to everyone in the shard who has not chosen, and tells each of them. */
    async applyDefaultElections(transferId: string, shard: number): Promise<ShardResult> {
      // Launched, or election-closed when a finished run is repeated; never a cancelled transfer.
      const defaults = await changeShardWhile(
        transferId,
        shard,
        ['launched', 'election-closed'],
        applyDefaultOption,
      );
      if (defaults === undefined) return nothingDone;
      const { transfer, changes, people } = defaults;
      // Told after the change is stored, together; on a retry the ledger skips whoever was told already.
      const defaulted = people.filter(
        (person) => person.status === 'defaulted' && person.election?.how === 'default',
      );
      await notifyMany(
        defaulted.map((person) => ({
          key: personLedgerKey(transfer, person, 'default-applied'),
          to: person.email,
          content: {
            kind: 'default-applied',
            name: person.name,
            transferName: transfer.name,
            transferee: transfer.transferee,
            option: optionOf(transfer, person.election?.option ?? transfer.pension.defaultOption),
            ...hrContactOf(transfer),
          },
        })),
      );
      return { processed: changes.length, sent: defaulted.length };
    },

    /**
     * Transfer day for one shard: everyone in scope moves with terms and continuous service unchanged;
     * fixed-term staff get a contract record with the transferee; the person is told (their manager is
     * told once for all their people, by sendTransferDigests).
     */
    async moveShardToTransferee(transferId: string, shard: number): Promise<ShardResult> {
      const transferDay = await changeShardWhile(
        transferId,
        shard,
        ['election-closed', 'completed'],
        (_, person, now) => transferDayChange(person, now),
      );
      if (transferDay === undefined) return nothingDone;
      const { transfer, now, changes, people } = transferDay;
      // Each manager's people of this shard, kept for the page their digest goes from (sendManagerDigests).
      const pages = digestPageCount(shardsOf(transfer.nextRosterIndex).length);
      await cases.putDigestParts(
        transferId,
        shard,
        transferDayOutcome(transfer, people).digests.map((part) => ({
          ...part,
          page: digestPageOf(part.managerEmail, pages),
        })),
        new Date(now.getTime() + digestPartsKeptMs),
      );
      const moved = people.filter((person) => person.status === 'transferred');
      // Each fixed-term contract is written, with its timers, once (a retried step finds it and writes
      // nothing), before anyone of the shard is told.
      const fixedTerm = moved.filter(
        (person) => person.contractType === 'fixed-term' && person.contractEndDate,
      );
      await forEachConcurrently(fixedTerm, writesAtOnce, async (person) => {
        const contract = transferredContract(transfer, person, now);
        await contracts.putOnce(contract, transferredContractTimers(contract, todayOf(now)));
      });
      await notifyMany(
        moved.map((person) => ({
          key: personLedgerKey(transfer, person, 'transferred'),
          to: person.email,
          content: {
            kind: 'transferred',
            name: person.name,
            transferName: transfer.name,
            transferor: transfer.transferor,
            transferee: transfer.transferee,
            transferDate: transfer.transferDate,
            continuousServiceStart: person.continuousServiceStart,
            ...(person.election
              ? { option: optionOf(transfer, person.election.option), chosenBy: person.election.how }
              : {}),
            ...hrContactOf(transfer),
          },
        })),
      );
      return { processed: changes.length, sent: moved.length };
    },

    /**
     * After every shard has moved, one page of managers (digestPageOf): each gets one email listing their
     * people, from the parts the shards stored, as many at once as a shard's step sends (the sending plan).
     * The ledger sends each email once however often it runs.
     */
    async sendManagerDigests(transferId: string, page: number): Promise<{ sent: number }> {
      const transfer = await transfers.header(transferId);
      if (transfer.status !== 'election-closed' && transfer.status !== 'completed') return { sent: 0 };
      const digests = mergedDigests(await cases.digestParts(transferId, page));
      await forEachConcurrently(
        digests,
        sendingPlan().sendsAtOnce,
        async ({ managerEmail, moved, notMoved }) => {
          await notify(managerLedgerKey(transfer, managerEmail, 'transfer-day-digest'), managerEmail, {
            kind: 'transfer-day-digest',
            transferName: transfer.name,
            transferee: transfer.transferee,
            transferDate: transfer.transferDate,
            transferor: transfer.transferor,
            moved,
            notMoved,
            ...hrContactOf(transfer),
          });
        },
      );
      return { sent: digests.length };
    },

    /**
     * After the managers' digests: HR gets one summary with the counts, which the transfer keeps for the
     * dashboard. Reads the roster a shard at a time and keeps only statuses and elections. Answers the
     * emails of transfer day after the shards': the digests (`digestsSent`, one count a page) and this one.
     */
    async sendTransferSummary(
      transferId: string,
      digestsSent: readonly number[] = [],
    ): Promise<{ sent: number }> {
      const transfer = await transfers.header(transferId);
      if (transfer.status !== 'election-closed' && transfer.status !== 'completed') return { sent: 0 };
      const people: DayPerson[] = [];
      await forEachConcurrently(shardsOf(transfer.nextRosterIndex), 4, async (shard) => {
        for (const person of await cases.loadShard(transferId, shard)) {
          const { name, employeeNumber, jobTitle, managerEmail, status, election } = person;
          people.push({
            name,
            employeeNumber,
            jobTitle,
            status,
            ...(managerEmail ? { managerEmail } : {}),
            ...(election ? { election } : {}),
          });
        }
      });
      const { completion } = transferDayOutcome(transfer, people);
      await transfers.recordCompletion(transferId, completion);
      const transferLink = `${publicBaseUrl()}/transfers/${transfer.id}`;
      await notify(
        { transferId, employeeKey: hrLedgerKey, purpose: 'transfer-completed' },
        transfer.createdBy,
        {
          kind: 'transfer-completed',
          transferName: transfer.name,
          transferee: transfer.transferee,
          transferDate: transfer.transferDate,
          ...completion,
          options: transfer.pension.options.map((option) => ({
            ...option,
            ...(completion.byOption[option.code] ?? { chose: 0, defaulted: 0 }),
          })),
          link: transferLink,
          payrollLink: `${transferLink}/exports?file=payroll-changes.csv`,
        },
      );
      return { sent: digestsSent.reduce((sum, sent) => sum + sent, 0) + 1 };
    },
  };
}

export type WorkflowSteps = ReturnType<typeof workflowSteps>;
