/**
 * A written objection to transferring (TUPE reg 4(7)): received before the transfer date, it takes the
 * person out of the election and out of the transfer; on transfer day their employment with the
 * transferor ends (see `transferDayChange`).
 */
import * as z from '../zod.ts';
import { type CaseChange, versionOf } from './election.ts';
import { ConflictError, type FieldError, ValidationError } from './errors.ts';
import { businessDateField, optionalNote, parseInput } from './input-fields.ts';
import type { CaseStatus, Objection, StaffCase, Transfer } from './transfer.ts';
import { todayOf } from './transfer-rules.ts';

export const objectionSchema = z.strictObject(
  {
    receivedOn: businessDateField('date the objection was received'),
    note: optionalNote(2000),
  },
  { error: 'Send the objection as a JSON object' },
);

export type ObjectionInput = z.output<typeof objectionSchema>;

/** Who can still object: everyone on the roster who has not transferred, left or objected already. */
const canObject: ReadonlySet<CaseStatus> = new Set(['imported', 'invited', 'elected', 'defaulted']);

/** Reads and checks an objection's fields against the transfer date and today; throws ValidationError. */
export function validateObjection(
  transfer: Pick<Transfer, 'transferDate'>,
  input: unknown,
  now: Date,
): ObjectionInput {
  const fields = parseInput(objectionSchema, input, 'The objection has errors');
  const errors: FieldError[] = [];
  if (fields.receivedOn > todayOf(now)) {
    errors.push({
      path: 'receivedOn',
      message: 'The date the objection was received cannot be in the future',
    });
  }
  // TUPE reg 4(7): an objection counts only when made before the transfer.
  if (fields.receivedOn >= transfer.transferDate) {
    errors.push({
      path: 'receivedOn',
      message: 'The objection must have been received before the transfer date',
    });
  }
  if (errors.length > 0) throw new ValidationError('The objection has errors', { errors });
  const note = fields.note === '' ? undefined : fields.note;
  return { receivedOn: fields.receivedOn, ...(note === undefined ? {} : { note }) };
}

/**
 * The change an objection makes to a case: it becomes `objected` and its election no longer counts (the
 * objection keeps it, to stand again if the objection is withdrawn).
 * Answers undefined when the same objection is already recorded (a repeated request changes nothing).
 */
export function objectionChange(
  transfer: Pick<Transfer, 'status' | 'transferDate'>,
  staffCase: Pick<StaffCase, 'employeeNumber' | 'shard' | 'status' | 'election' | 'objection' | 'version'>,
  input: unknown,
  by: string,
  now: Date,
): CaseChange | undefined {
  const objection = validateObjection(transfer, input, now);
  if (transfer.status === 'completed' || transfer.status === 'cancelled') {
    throw new ConflictError(`The transfer is ${transfer.status}; an objection can no longer be recorded`);
  }
  if (staffCase.status === 'objected' && staffCase.objection?.receivedOn === objection.receivedOn) {
    return undefined;
  }
  if (!canObject.has(staffCase.status)) {
    throw new ConflictError(
      staffCase.status === 'objected'
        ? 'An objection is already recorded for this person'
        : `A person whose case is ${staffCase.status} cannot object to the transfer`,
    );
  }
  const at = now.toISOString();
  const recorded: Objection = {
    receivedOn: objection.receivedOn,
    ...(objection.note === undefined ? {} : { note: objection.note }),
    recordedAt: at,
    recordedBy: by,
    ...(staffCase.election ? { electionBefore: staffCase.election } : {}),
  };
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: staffCase.status,
    expectedVersion: versionOf(staffCase),
    status: 'objected',
    ...(staffCase.election ? { previousElection: staffCase.election } : {}),
    objection: recorded,
    event: {
      at,
      by,
      action: 'objected',
      from: staffCase.status,
      to: 'objected',
      receivedOn: objection.receivedOn,
    },
  };
}
