/**
 * When reality moves: HR moves a transfer's dates, cancels it, or records an objection; and the workflow
 * steps that tell the staff (`notify-date-change`, `cancel-shard`). Every step is idempotent.
 */

import { forEachConcurrently } from '../adapters/dynamodb.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import type { AuditEntry } from '../adapters/transfer-repository.ts';
import { milestonesToCancel, toldOfCancellation } from '../domain/cancellation.ts';
import {
  affectedByDateChange,
  countToldOfDateChange,
  type DateField,
  type DateMove,
  planDateChange,
} from '../domain/date-change.ts';
import { type CaseChange, versionOf } from '../domain/election.ts';
import { ConflictError, ForbiddenError, TransientStepError } from '../domain/errors.ts';
import { objectionChange } from '../domain/objection.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import { isElectionOpen } from '../domain/transfer-rules.ts';
import { executionNameOf, runNameOf } from '../domain/workflow-runs.ts';
import type { Actor, CaseView, TransferChangesService, TransferView } from './contracts.ts';
import { type PeopleServiceDependencies, pensionFormLink } from './election-service.ts';
import { hrContactOf, type NotifyMany, personLedgerKey, writesAtOnce } from './notifier.ts';

export interface TransferChangesDependencies extends PeopleServiceDependencies {
  startWorkflow: StartWorkflow;
  /** The transfer's own timers (its election of representatives'): a cancellation cancels them. */
  timers: Pick<TimerRepository, 'forOwner'>;
  /** The case view with its emails, as `GET .../staff/{employeeNumber}` answers it. */
  getCase: (id: string, employeeNumber: string) => Promise<CaseView>;
  /** Whether the employee liability information (TUPE reg 11) was given to the transferee. */
  liabilityGiven: (transferId: string) => Promise<boolean>;
  /** TUPE reg 11(5): tells the transferee of an objection once the liability information was given. */
  liabilityObjection?: (
    transfer: TransferHeader,
    person: StaffCase,
    receivedOn: string,
    by: string,
  ) => Promise<void>;
}

/** The transfer-audit action of a moved date, and the case-history action that mirrors it. */
export const dateMovedActions: Record<DateField, string> = {
  transferDate: 'transfer-date-moved',
  electionClosesOn: 'election-deadline-moved',
};

/** The execution name of the workflow that tells the staff about date change `change`. */
export function dateChangeExecutionName(transferId: string, change: number): string {
  return executionNameOf(transferId, 'date-change', String(change));
}

/** Times a cancellation reads the transfer again after a sweep moved one of its milestones or timers. */
const cancelAttempts = 3;

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can do this');
}

/** The recorded moves of one date change, read back from the transfer's audit trail. */
interface RecordedChange {
  at: string;
  by: string;
  moves: DateMove[];
}

function recordedChange(audit: readonly AuditEntry[], change: number): RecordedChange | undefined {
  const entries = audit.filter(
    (entry) => Object.values(dateMovedActions).includes(entry.action) && entry.detail?.change === change,
  );
  const first = entries[0];
  if (!first) return undefined;
  return {
    at: first.at,
    by: first.by,
    moves: entries.map((entry) => ({
      field: entry.action === dateMovedActions.transferDate ? 'transferDate' : 'electionClosesOn',
      from: String(entry.detail?.from),
      to: String(entry.detail?.to),
    })),
  };
}

/**
 * HR's changes to the whole transfer (its dates, its cancellation): stored, and the workflow that tells the
 * staff started. They send nothing themselves, so the functions that make only these carry no mail or links.
 */
export type WholeTransferChanges = Pick<TransferChangesService, 'previewDates' | 'moveDates' | 'cancel'>;

export function wholeTransferChanges({
  transfers,
  startWorkflow,
  timers,
  clock,
}: Pick<
  TransferChangesDependencies,
  'transfers' | 'startWorkflow' | 'timers' | 'clock'
>): WholeTransferChanges {
  const view = async (id: string): Promise<TransferView> => {
    const [transfer, milestones] = await Promise.all([transfers.get(id), transfers.milestones(id)]);
    return { ...transfer, milestones };
  };

  return {
    async previewDates(id, input, actor) {
      requireHr(actor);
      const [transfer, milestones] = await Promise.all([transfers.get(id), transfers.milestones(id)]);
      const plan = planDateChange(transfer, milestones, input, clock.now());
      return {
        transfer: { ...transfer, milestones },
        moves: plan.moves,
        milestones: plan.milestones,
        emailed: countToldOfDateChange(transfer),
      };
    },

    async moveDates(id, input, actor) {
      requireHr(actor);
      const [transfer, milestones] = await Promise.all([transfers.get(id), transfers.milestones(id)]);
      const now = clock.now();
      const plan = planDateChange(transfer, milestones, input, now);
      const number = (transfer.dateChanges ?? 0) + 1;
      const at = now.toISOString();
      // A draft has told nobody anything yet: its invitations will carry the new dates.
      const tellsStaff = transfer.status !== 'draft';
      const executionName = dateChangeExecutionName(id, number);
      await transfers.moveDates(id, {
        expectedStatus: transfer.status,
        number,
        transferDate: plan.transferDate,
        electionClosesOn: plan.electionClosesOn,
        milestones: plan.milestones,
        audit: plan.moves.map((move) => ({
          at,
          by: actor.id,
          action: dateMovedActions[move.field],
          detail: { change: number, from: move.from, to: move.to },
        })),
        ...(tellsStaff ? { run: { executionName, at } } : {}),
      });
      // Not started (Step Functions unreachable): the run's record stays running, and the sweep finds it.
      if (tellsStaff) {
        await startWorkflow('notify-date-change', executionName, {
          transferId: id,
          milestone: 'date-change',
          change: number,
        });
      }
      return view(id);
    },

    async cancel(id, actor) {
      requireHr(actor);
      for (let attempt = 1; ; attempt++) {
        const [transfer, milestones, ownTimers] = await Promise.all([
          transfers.get(id),
          transfers.milestones(id),
          timers.forOwner('transfer', id),
        ]);
        if (transfer.status === 'cancelled') break;
        const pending = milestonesToCancel(transfer, milestones);
        try {
          // The election's timers go with the milestones: left pending, they would run for nothing.
          await transfers.markCancelled(id, {
            from: transfer.status,
            pending,
            timers: ownTimers,
            at: clock.now().toISOString(),
            by: actor.id,
            executionName: executionNameOf(id, 'cancel'),
          });
          break;
        } catch (error) {
          // A sweep starting a milestone or timer meanwhile: read them again, a few times.
          if (!(error instanceof ConflictError) || attempt >= cancelAttempts) throw error;
        }
      }
      // Cancelled already: starting the run on record again finds the same execution; a failed one is
      // left to the sweep's retries (or HR's Retry).
      const record = await transfers.milestoneRecord(id, 'cancel');
      if (record?.status !== 'failed') {
        await startWorkflow('cancel-transfer', runNameOf(id, 'cancel', undefined, record?.attempt ?? 1), {
          transferId: id,
          milestone: 'cancel',
        });
      }
      return view(id);
    },
  };
}

export function transferChangesService(dependencies: TransferChangesDependencies): TransferChangesService {
  const { transfers, cases, notify, clock, publicBaseUrl, getCase, liabilityObjection, liabilityGiven } =
    dependencies;
  return {
    ...wholeTransferChanges(dependencies),

    async recordObjection(id, employeeNumber, input, actor) {
      requireHr(actor);
      const transfer = await transfers.header(id);
      const shard = await cases.shardOf(id, employeeNumber);
      const staffCase = await cases.get(id, shard, employeeNumber);
      const change = objectionChange(transfer, staffCase, input, actor.id, clock.now());
      if (change) {
        try {
          await cases.applyChanges(id, [change]);
        } catch (error) {
          if (error instanceof TransientStepError) {
            throw new ConflictError('The case changed while the objection was being recorded; try again', {
              cause: error,
            });
          }
          throw error;
        }
      }
      const receivedOn = change?.objection?.receivedOn ?? staffCase.objection?.receivedOn;
      // A new objection (not a repeated request) after the giving: the transferee gets an update notice.
      if (change?.objection && liabilityObjection) {
        await liabilityObjection(transfer, staffCase, change.objection.receivedOn, actor.id);
      }
      // TUPE reg 11: the transferee already has the information, which this objection changes. Given, not
      // the T-28 milestone done: the milestone is done by its escalation too, when nothing was given.
      if (receivedOn && (await liabilityGiven(id))) {
        await notify(
          personLedgerKey(transfer, staffCase, 'objection-after-liability-information'),
          transfer.createdBy,
          {
            kind: 'objection-after-liability-information',
            transferName: transfer.name,
            transferee: transfer.transferee,
            employeeNumber: staffCase.employeeNumber,
            receivedOn,
            link: `${publicBaseUrl()}/transfers/${encodeURIComponent(id)}/staff/${encodeURIComponent(staffCase.employeeNumber)}`,
          },
        );
      }
      return getCase(id, staffCase.employeeNumber);
    },
  };
}

export function transferChangeSteps({
  transfers,
  cases,
  notifyMany,
  readSecret,
  clock,
  publicBaseUrl,
}: Omit<
  TransferChangesDependencies,
  'notify' | 'startWorkflow' | 'timers' | 'getCase' | 'liabilityGiven' | 'liabilityObjection'
> & {
  /** Sends a shard's emails together. */
  notifyMany: NotifyMany;
}) {
  return {
    /**
     * Date change `change` for one shard: each affected person's history records who moved which date
     * from what to what (for every change up to `change`, so one whose run failed before a later change
     * was made is still recorded), then each is emailed the new dates of change `change` once. An earlier
     * change whose email never went is not sent late: the latest email gives both dates as they now are.
     */
    async notifyDateChange(
      transferId: string,
      shard: number,
      change: number,
    ): Promise<{ processed: number; sent: number }> {
      const transfer = await transfers.header(transferId);
      if (transfer.status !== 'launched' && transfer.status !== 'election-closed') {
        return { processed: 0, sent: 0 };
      }
      const audit = await transfers.auditTrail(transferId);
      const recorded = recordedChange(audit, change);
      if (!recorded) throw new ConflictError(`No date change ${change} is recorded on this transfer`);
      const upToThis = Array.from({ length: change }, (_, index) => recordedChange(audit, index + 1)).filter(
        (earlier): earlier is RecordedChange => earlier !== undefined,
      );

      // One history event a moved date; a retry skips the people whose event is already there.
      for (const { at, by, move } of upToThis.flatMap(({ at, by, moves }) =>
        moves.map((move) => ({ at, by, move })),
      )) {
        const action = dateMovedActions[move.field];
        const people = (await cases.loadShard(transferId, shard)).filter(affectedByDateChange);
        const changes = people.flatMap((person): CaseChange[] =>
          person.history.some((event) => event.action === action && event.at === at && event.to === move.to)
            ? []
            : [
                {
                  employeeNumber: person.employeeNumber,
                  shard: person.shard,
                  expectedStatus: person.status,
                  expectedVersion: versionOf(person),
                  status: person.status,
                  event: { at, by, action, from: move.from, to: move.to },
                },
              ],
        );
        await cases.applyChanges(transferId, changes);
      }

      const people = (await cases.loadShard(transferId, shard)).filter(affectedByDateChange);
      const movedTo = (field: DateField) => recorded.moves.find((move) => move.field === field);
      const transferDate = movedTo('transferDate');
      const electionClosesOn = movedTo('electionClosesOn');
      const electionOpen = isElectionOpen(transfer, clock.now());
      const emails = await Promise.all(
        people.map(async (person) => {
          const choosing = electionOpen && (person.status === 'invited' || person.status === 'elected');
          return {
            key: personLedgerKey(transfer, person, `dates-moved#${change}`),
            to: person.email,
            content: {
              kind: 'dates-moved' as const,
              name: person.name,
              transferName: transfer.name,
              ...hrContactOf(transfer),
              transferee: transfer.transferee,
              // The dates as they are now, should a later change have been made since this one.
              transferDate: transfer.transferDate,
              ...(transferDate ? { previousTransferDate: transferDate.from } : {}),
              electionClosesOn: transfer.pension.electionClosesOn,
              ...(electionClosesOn ? { previousElectionClosesOn: electionClosesOn.from } : {}),
              ...(choosing
                ? { link: await pensionFormLink({ readSecret, publicBaseUrl }, transfer, person) }
                : {}),
            },
          };
        }),
      );
      await notifyMany(emails);
      // Counted once all are handed over: a step that fails part-way reports nothing, and its rerun
      // counts those sent before it too (the ledger skips them).
      const sent = people.length;
      return { processed: people.length, sent };
    },

    /**
     * A cancelled transfer, one shard: the people who were told about it are told it is cancelled, then
     * everyone's personal data is deleted. A retry skips who was told and who is deleted already.
     */
    async cancelShard(transferId: string, shard: number): Promise<{ processed: number; sent: number }> {
      const transfer = await transfers.header(transferId);
      // Only ever for a cancelled transfer: this step deletes people.
      if (transfer.status !== 'cancelled') return { processed: 0, sent: 0 };
      const people = await cases.loadShard(transferId, shard);
      const told = people.filter((person) => toldOfCancellation(transfer, person));
      await notifyMany(
        told.map((person) => ({
          key: personLedgerKey(transfer, person, 'transfer-cancelled'),
          to: person.email,
          content: {
            kind: 'transfer-cancelled',
            name: person.name,
            transferName: transfer.name,
            ...hrContactOf(transfer),
            transferor: transfer.transferor,
            transferee: transfer.transferee,
          },
        })),
      );
      await forEachConcurrently(people, writesAtOnce, async (person) => {
        await cases.deletePerson(transferId, person.shard, person.employeeNumber);
      });
      // The emails this step handed over; a rerun cannot count those told before it (they are deleted).
      return { processed: people.length, sent: told.length };
    },
  };
}

export type TransferChangeSteps = ReturnType<typeof transferChangeSteps>;
