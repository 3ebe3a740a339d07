/**
 * Moving a transfer's dates (DESIGN §2): the transfer date and/or the election deadline move, every
 * pending milestone moves with them, nothing already done is redone, and the dates keep their order.
 */
import * as z from '../zod.ts';
import { ConflictError, type FieldError, ValidationError } from './errors.ts';
import { businessDateField as businessDate, parseInput } from './input-fields.ts';
import type { BusinessDate, Milestone, MilestoneKind, StaffCase, Transfer } from './transfer.ts';
import {
  countWithStatus,
  electionClosesAt,
  milestonesOf,
  todayOf,
  transferDateBeyondBankHolidays,
} from './transfer-rules.ts';

export const dateChangeSchema = z.strictObject(
  {
    transferDate: z.optional(businessDate('transfer date')),
    electionClosesOn: z.optional(businessDate('election closing date')),
  },
  { error: 'Send the new dates as a JSON object' },
);

export type DateField = 'transferDate' | 'electionClosesOn';

export interface DateMove {
  field: DateField;
  from: BusinessDate;
  to: BusinessDate;
}

export interface MovedMilestone {
  kind: MilestoneKind;
  dueOn: BusinessDate;
  dueAt: string;
  previousDueOn: BusinessDate;
  previousDueAt: string;
}

export interface DateChangePlan {
  transferDate: BusinessDate;
  electionClosesOn: BusinessDate;
  /** Each date that really changes, in field order. */
  moves: DateMove[];
  /** Pending milestones whose due time changes; done, started, failed and cancelled ones stay. */
  milestones: MovedMilestone[];
}

/** True once the election can no longer take choices: closed, closing now, or past its deadline. */
function electionHasClosed(transfer: Transfer, milestones: readonly Milestone[], now: Date): boolean {
  if (transfer.status === 'election-closed') return true;
  const closing = milestones.find((milestone) => milestone.kind === 'election-closes');
  if (closing && closing.status !== 'pending') return true;
  return transfer.status !== 'draft' && now >= electionClosesAt(transfer.pension.electionClosesOn);
}

/**
 * Checks a request to move dates against the transfer as stored and today; answers what changes.
 * Throws ValidationError (422) for bad or disordered dates, ConflictError (409) when the transfer or
 * the election is past the point where the date can move.
 */
export function planDateChange(
  transfer: Transfer,
  milestones: readonly Milestone[],
  input: unknown,
  now: Date,
): DateChangePlan {
  const requested = parseInput(dateChangeSchema, input, 'The new dates have errors');
  if (requested.transferDate === undefined && requested.electionClosesOn === undefined) {
    throw new ValidationError('Give a new transfer date, election closing date or both', {
      errors: [{ path: '', message: 'Give transferDate, electionClosesOn or both' }],
    });
  }
  if (transfer.status === 'completed' || transfer.status === 'cancelled') {
    throw new ConflictError(`The transfer is ${transfer.status}; its dates can no longer move`);
  }

  const current = {
    transferDate: transfer.transferDate,
    electionClosesOn: transfer.pension.electionClosesOn,
  };
  const next = {
    transferDate: requested.transferDate ?? current.transferDate,
    electionClosesOn: requested.electionClosesOn ?? current.electionClosesOn,
  };
  const moves = (['transferDate', 'electionClosesOn'] as const).flatMap((field) =>
    next[field] === current[field] ? [] : [{ field, from: current[field], to: next[field] }],
  );
  const moving = (field: DateField) => moves.some((move) => move.field === field);

  if (moving('electionClosesOn') && electionHasClosed(transfer, milestones, now)) {
    throw new ConflictError('The pension election has closed; its closing date can no longer move', {
      errors: [{ path: 'electionClosesOn', message: 'The pension election has already closed' }],
    });
  }
  const transferDay = milestones.find((milestone) => milestone.kind === 'transfer-day');
  if (moving('transferDate') && transferDay && transferDay.status !== 'pending') {
    throw new ConflictError('Transfer day has already begun; the transfer date can no longer move', {
      errors: [{ path: 'transferDate', message: 'Transfer day has already begun' }],
    });
  }

  const today = todayOf(now);
  const errors: FieldError[] = [];
  if (moving('transferDate') && next.transferDate <= today) {
    errors.push({ path: 'transferDate', message: 'The transfer date must be in the future' });
  }
  const unschedulable = moving('transferDate') && transferDateBeyondBankHolidays(next.transferDate);
  if (unschedulable) errors.push(unschedulable);
  if (moving('electionClosesOn') && next.electionClosesOn < today) {
    errors.push({ path: 'electionClosesOn', message: 'The election closing date must be today or later' });
  }
  if (next.electionClosesOn >= next.transferDate) {
    errors.push({
      path: requested.electionClosesOn === undefined ? 'transferDate' : 'electionClosesOn',
      message: 'The election must close before the transfer date',
    });
  }
  if (transfer.consultation && transfer.consultation.closesOn > next.transferDate) {
    errors.push({
      path: 'transferDate',
      message: 'The transfer date cannot be before the consultation closes',
    });
  }
  if (errors.length === 0 && moves.length === 0) {
    errors.push({ path: '', message: 'The dates given are the dates the transfer already has' });
  }
  if (errors.length > 0) throw new ValidationError('The new dates have errors', { errors });

  const recomputed = milestonesOf({
    ...transfer,
    transferDate: next.transferDate,
    pension: { ...transfer.pension, electionClosesOn: next.electionClosesOn },
  });
  const movedMilestones = milestones.flatMap((milestone): MovedMilestone[] => {
    if (milestone.status !== 'pending') return [];
    const moved = recomputed.find((candidate) => candidate.kind === milestone.kind);
    if (!moved || (moved.dueAt === milestone.dueAt && moved.dueOn === milestone.dueOn)) return [];
    return [
      {
        kind: milestone.kind,
        dueOn: moved.dueOn,
        dueAt: moved.dueAt,
        previousDueOn: milestone.dueOn,
        previousDueAt: milestone.dueAt,
      },
    ];
  });
  return { ...next, moves, milestones: movedMilestones };
}

/** Whom a date change affects: everyone still in scope of the transfer (not objected, excluded or gone). */
export function affectedByDateChange(staffCase: Pick<StaffCase, 'status'>): boolean {
  return ['imported', 'invited', 'elected', 'defaulted'].includes(staffCase.status);
}

/** How many people a date change emails: those it affects, once the launch has told them the old dates. */
export function countToldOfDateChange(transfer: Pick<Transfer, 'status' | 'counts'>): number {
  if (transfer.status === 'draft') return 0;
  return countWithStatus(transfer.counts, (status) => affectedByDateChange({ status }));
}
