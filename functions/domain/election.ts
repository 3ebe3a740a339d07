/** The pension election and transfer-day rules for one person, as pure decisions. */
import * as z from '../zod.ts';
import {
  ConflictError,
  ElectionClosedError,
  EmployeeNumberMismatchError,
  ValidationError,
} from './errors.ts';
import { employeeKey } from './roster.ts';
import {
  type CaseEvent,
  type CaseStatus,
  caseStatuses,
  type Election,
  type Objection,
  type PensionOption,
  type StaffCase,
  type Transfer,
} from './transfer.ts';
import { isElectionOpen } from './transfer-rules.ts';

/** A change to one case: the status and version it must still have, and what it becomes. */
export interface CaseChange {
  employeeNumber: string;
  shard: number;
  expectedStatus: CaseStatus;
  /** The version the case was read at: the change is written only if no other landed since. */
  expectedVersion: number;
  status: CaseStatus;
  /** The election that counts after the change (absent: unchanged). */
  election?: Election;
  /** The election that counted before (to move the tallies). With no `election`, none counts after. */
  previousElection?: Election;
  /** A written objection recorded with the change. */
  objection?: Objection;
  employer?: 'transferor' | 'transferee';
  /** A corrected email address. */
  email?: string;
  /** A new personal link: links of older versions stop opening. */
  linkVersion?: number;
  /** The pending link became the current one (`linkVersion`), so none is pending any more. */
  clearsPendingLink?: true;
  /** HR cleared the lock on the person's link. */
  clearsLockout?: true;
  event: CaseEvent;
}

/** A case's version; cases stored before versions were kept are at 0. */
export function versionOf(staffCase: Pick<StaffCase, 'version'>): number {
  return staffCase.version ?? 0;
}

/** The version a change writes. */
export function writtenVersion(change: Pick<CaseChange, 'expectedVersion'>): number {
  return change.expectedVersion + 1;
}

/**
 * The case as `change` leaves it, as caseRepository.applyChanges writes it: what a step goes on with once the
 * change is stored, without reading the shard again.
 */
export function caseAfterChange(staffCase: StaffCase, change: CaseChange): StaffCase {
  const {
    election: _election,
    lockout: _lockout,
    pendingLinkVersion: _pendingLinkVersion,
    ...rest
  } = staffCase;
  const leavesElection = change.previousElection !== undefined && change.election === undefined;
  const election = change.election ?? (leavesElection ? undefined : staffCase.election);
  return {
    ...rest,
    status: change.status,
    version: writtenVersion(change),
    history: [...staffCase.history, change.event],
    ...(election ? { election } : {}),
    ...(change.employer ? { employer: change.employer } : {}),
    ...(change.objection ? { objection: change.objection } : {}),
    ...(change.email ? { email: change.email } : {}),
    ...(change.linkVersion === undefined ? {} : { linkVersion: change.linkVersion }),
    ...(staffCase.lockout && !change.clearsLockout ? { lockout: staffCase.lockout } : {}),
    ...(staffCase.pendingLinkVersion !== undefined && !change.clearsPendingLink
      ? { pendingLinkVersion: staffCase.pendingLinkVersion }
      : {}),
  };
}

/**
 * The email ledger purpose of the confirmation for the change that wrote `version`: one per recorded
 * change, the same on every retry of that change. (`#v`, so it never meets the older `#1`, `#2` keys.)
 */
export function confirmationPurpose(version: number): string {
  return `election-confirmation#v${version}`;
}

export function checkEmployeeNumber(staffCase: Pick<StaffCase, 'employeeNumber'>, typed: string): void {
  if (employeeKey(typed) !== employeeKey(staffCase.employeeNumber)) {
    throw new EmployeeNumberMismatchError('The employee number does not match this link');
  }
}

/** The number a person types to show the link is theirs; longer than any roster's is a typing slip. */
export const typedEmployeeNumber = z
  .string({ error: 'Enter your employee number' })
  .check(
    z.trim(),
    z.minLength(1, 'Enter your employee number'),
    z.maxLength(50, 'Employee number must be 50 characters or fewer'),
  );

/** One of the options a transfer offers, by its code. */
export const offeredOption = (options: readonly PensionOption[]) =>
  z
    .string({ error: 'Select a pension scheme' })
    .check(z.refine((code) => options.some((option) => option.code === code), 'Select a pension scheme'));

/** A person's own choice, as the form posts it and the service records it. */
export const electionChoiceSchema = (options: readonly PensionOption[]) =>
  z.object({ employeeNumber: typedEmployeeNumber, option: offeredOption(options) });

export function optionOf(transfer: Pick<Transfer, 'pension'>, code: string): PensionOption {
  const option = transfer.pension.options.find((candidate) => candidate.code === code);
  if (!option) {
    const [issue] = offeredOption(transfer.pension.options).safeParse(code).error?.issues ?? [];
    throw new ValidationError('That option is not offered', {
      errors: [{ path: 'option', message: issue?.message ?? 'That option is not offered' }],
    });
  }
  return option;
}

/** A person's own choice: allowed until the deadline; the last one counts and each is kept in the history. */
export function chooseOption(
  transfer: Pick<Transfer, 'status' | 'pension'>,
  staffCase: Pick<StaffCase, 'employeeNumber' | 'shard' | 'status' | 'election' | 'version'>,
  code: string,
  now: Date,
): CaseChange {
  if (!isElectionOpen(transfer, now)) throw new ElectionClosedError('The pension election has closed');
  if (staffCase.status !== 'invited' && staffCase.status !== 'elected') {
    throw new ConflictError(`A person whose case is ${staffCase.status} cannot choose a pension scheme`);
  }
  const option = optionOf(transfer, code);
  const at = now.toISOString();
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: staffCase.status,
    expectedVersion: versionOf(staffCase),
    status: 'elected',
    election: { option: option.code, how: 'staff', at },
    ...(staffCase.election ? { previousElection: staffCase.election } : {}),
    event: {
      at,
      by: 'staff',
      action: staffCase.election ? 'election-changed' : 'elected',
      option: option.code,
      ...(staffCase.election ? { from: staffCase.election.option } : {}),
      to: option.code,
    },
  };
}

/** At the deadline: everyone invited who has not chosen gets the default. Others are left alone. */
export function applyDefaultOption(
  transfer: Pick<Transfer, 'pension'>,
  staffCase: Pick<StaffCase, 'employeeNumber' | 'shard' | 'status' | 'version'>,
  now: Date,
): CaseChange | undefined {
  if (staffCase.status !== 'invited') return undefined;
  const at = now.toISOString();
  const option = transfer.pension.defaultOption;
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: 'invited',
    expectedVersion: versionOf(staffCase),
    status: 'defaulted',
    election: { option, how: 'default', at },
    event: { at, by: 'system', action: 'default-applied', option, to: 'defaulted' },
  };
}

const movesOnTransferDay: ReadonlySet<CaseStatus> = new Set(['imported', 'invited', 'elected', 'defaulted']);

/**
 * Transfer day: everyone in scope moves to the transferee with terms and continuous service unchanged
 * (TUPE reg 4(1)); someone who objected does not transfer and their employment ends (TUPE reg 4(7)).
 */
export function transferDayChange(
  staffCase: Pick<StaffCase, 'employeeNumber' | 'shard' | 'status' | 'version'>,
  now: Date,
): CaseChange | undefined {
  const at = now.toISOString();
  if (movesOnTransferDay.has(staffCase.status)) {
    return {
      employeeNumber: staffCase.employeeNumber,
      shard: staffCase.shard,
      expectedStatus: staffCase.status,
      expectedVersion: versionOf(staffCase),
      status: 'transferred',
      employer: 'transferee',
      event: { at, by: 'system', action: 'transferred', from: staffCase.status, to: 'transferred' },
    };
  }
  if (staffCase.status === 'objected') {
    return {
      employeeNumber: staffCase.employeeNumber,
      shard: staffCase.shard,
      expectedStatus: 'objected',
      expectedVersion: versionOf(staffCase),
      status: 'employment-ended',
      event: { at, by: 'system', action: 'employment-ended', from: 'objected', to: 'employment-ended' },
    };
  }
  return undefined;
}

/** Invitation sent: the case joins the election. */
export function invitationChange(
  staffCase: Pick<StaffCase, 'employeeNumber' | 'shard' | 'status' | 'version'>,
  now: Date,
): CaseChange | undefined {
  if (staffCase.status !== 'imported') return undefined;
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: 'imported',
    expectedVersion: versionOf(staffCase),
    status: 'invited',
    event: { at: now.toISOString(), by: 'system', action: 'invited', from: 'imported', to: 'invited' },
  };
}

/** How a set of changes moves the transfer's tallies: per status and per elected option. */
export function tallyChanges(changes: readonly CaseChange[]): {
  counts: Record<string, number>;
  elections: Record<string, number>;
} {
  const counts: Record<string, number> = {};
  const elections: Record<string, number> = {};
  const add = (map: Record<string, number>, key: string, delta: number) => {
    map[key] = (map[key] ?? 0) + delta;
  };
  for (const change of changes) {
    if (change.expectedStatus !== change.status) {
      add(counts, change.expectedStatus, -1);
      add(counts, change.status, 1);
    }
    if (change.election) add(elections, change.election.option, 1);
    if (change.previousElection) add(elections, change.previousElection.option, -1);
  }
  const withoutZeros = (map: Record<string, number>) =>
    Object.fromEntries(Object.entries(map).filter(([, delta]) => delta !== 0));
  return { counts: withoutZeros(counts), elections: withoutZeros(elections) };
}

/**
 * What a shard's tally says when it agrees with its cases: how many are in each status (every status, 0
 * where none is) and how many elections count per option. Every change moves the tally as tallyChanges
 * says, so a tally and its shard's cases agree but where people were deleted and their counts kept.
 */
export function shardTally(cases: readonly Pick<StaffCase, 'status' | 'election'>[]): {
  counts: Record<CaseStatus, number>;
  elections: Record<string, number>;
} {
  const counts = Object.fromEntries(caseStatuses.map((status) => [status, 0])) as Record<CaseStatus, number>;
  const elections: Record<string, number> = {};
  for (const staffCase of cases) {
    counts[staffCase.status] += 1;
    if (staffCase.election) {
      elections[staffCase.election.option] = (elections[staffCase.election.option] ?? 0) + 1;
    }
  }
  return { counts, elections };
}
