/**
 * What HR does for one person on a roster, as pure decisions: find them, correct their email address,
 * send them a new personal link, record a choice they made on paper or by phone, record that they took
 * back their objection, and clear the lock on their link.
 */
import * as z from '../zod.ts';
import { type CaseChange, chooseOption, offeredOption, versionOf } from './election.ts';
import { ConflictError, ElectionClosedError, type FieldError, ValidationError } from './errors.ts';
import { businessDateField, emailField, optionalNote, parseInput } from './input-fields.ts';
import { employeeKey } from './roster.ts';
import {
  type CaseStatus,
  type Election,
  type Objection,
  type PensionOption,
  receivedVia,
  type StaffCase,
  type Transfer,
} from './transfer.ts';
import { isElectionOpen, todayOf } from './transfer-rules.ts';

type CaseRead = Pick<
  StaffCase,
  'employeeNumber' | 'shard' | 'status' | 'version' | 'election' | 'email' | 'objection' | 'linkVersion'
>;

/** The words a search for people is made of: at most 100 characters, matched without regard to case. */
export const searchQuery = z.pipe(
  z.string().check(z.trim(), z.maxLength(100, 'Search for at most 100 characters')),
  z.transform((value) => value.toLowerCase()),
);

/** A person a search finds: a part of their name or email address, or their employee number. */
export function matchesSearch(
  person: Pick<StaffCase, 'employeeNumber' | 'name' | 'email'>,
  query: string,
): boolean {
  const words = query.toLowerCase().trim();
  if (words === '') return true;
  return (
    person.name.toLowerCase().includes(words) ||
    person.email.toLowerCase().includes(words) ||
    employeeKey(person.employeeNumber) === employeeKey(words)
  );
}

const notOpen = (transfer: Pick<Transfer, 'status'>, doing: string) => {
  if (transfer.status === 'completed' || transfer.status === 'cancelled') {
    throw new ConflictError(`The transfer is ${transfer.status}; ${doing} is no longer possible`);
  }
};

/** A change that only records an event (and what it sets), keeping the case's status. */
function sameStatus(
  staffCase: CaseRead,
  change: Pick<CaseChange, 'event' | 'email' | 'linkVersion' | 'clearsLockout' | 'clearsPendingLink'>,
): CaseChange {
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: staffCase.status,
    expectedVersion: versionOf(staffCase),
    status: staffCase.status,
    ...change,
  };
}

export const emailCorrectionSchema = z.strictObject(
  { email: emailField('email address') },
  { error: 'Send the email address as a JSON object' },
);

/**
 * A corrected email address (`{email}`). Undefined when it is the address already held. The addresses go
 * into the transfer's audit, not into the case history.
 */
export function emailCorrection(
  transfer: Pick<Transfer, 'status'>,
  staffCase: CaseRead,
  input: unknown,
  by: string,
  now: Date,
): CaseChange | undefined {
  const { email } = parseInput(emailCorrectionSchema, input, 'The email address has errors');
  notOpen(transfer, 'correcting an email address');
  if (email === staffCase.email) return undefined;
  return sameStatus(staffCase, { email, event: { at: now.toISOString(), by, action: 'email-corrected' } });
}

/** Who can be sent a new link: people choosing while the election is open. */
const choosing: ReadonlySet<CaseStatus> = new Set(['invited', 'elected']);

/**
 * The version of the new link a resend emails. A new link is sent first and made current only once SES has
 * accepted it (`newLinkChange`), so a send that fails leaves the link sent before working; until then the
 * new version is pending, and a resend tried again sends that same pending version, never another.
 */
export function linkVersionToSend(
  transfer: Pick<Transfer, 'status' | 'pension'>,
  staffCase: Pick<StaffCase, 'status' | 'linkVersion' | 'pendingLinkVersion'>,
  now: Date,
): number {
  if (!isElectionOpen(transfer, now)) {
    throw new ElectionClosedError('The pension election is not open, so there is no link to send');
  }
  if (!choosing.has(staffCase.status)) {
    throw new ConflictError(`A person whose case is ${staffCase.status} has no pension link to send`);
  }
  const current = staffCase.linkVersion ?? 0;
  const pending = staffCase.pendingLinkVersion;
  return pending !== undefined && pending > current ? pending : current + 1;
}

/** Whether a link made for `version` (absent: 0) still opens: the current one, or the new one being sent. */
export function opensLink(
  staffCase: Pick<StaffCase, 'linkVersion' | 'pendingLinkVersion'>,
  version: number | undefined,
): boolean {
  const made = version ?? 0;
  return made === (staffCase.linkVersion ?? 0) || made === staffCase.pendingLinkVersion;
}

/** The newest link a person holds or is being sent: the one any email to them should carry. */
export function newestLinkVersion(staffCase: Pick<StaffCase, 'linkVersion' | 'pendingLinkVersion'>): number {
  return Math.max(staffCase.linkVersion ?? 0, staffCase.pendingLinkVersion ?? 0);
}

/**
 * SES accepted the email with the link of version `sent`: it becomes the current link, so the link sent
 * before stops opening, and the resend is recorded. Undefined when it is current already (another resend
 * of the same link finished first), so a resend is recorded once.
 */
export function newLinkChange(
  staffCase: CaseRead & Pick<StaffCase, 'pendingLinkVersion'>,
  sent: number,
  by: string,
  now: Date,
): CaseChange | undefined {
  if ((staffCase.linkVersion ?? 0) >= sent) return undefined;
  return sameStatus(staffCase, {
    linkVersion: sent,
    ...(staffCase.pendingLinkVersion === undefined ? {} : { clearsPendingLink: true as const }),
    event: { at: now.toISOString(), by, action: 'link-resent', to: String(sent) },
  });
}

/** HR clears the lock on a person's link (they rang to say it was them). Undefined when there is none. */
export function lockoutClearance(staffCase: CaseRead & Pick<StaffCase, 'lockout'>, by: string, now: Date) {
  if (staffCase.lockout === undefined) return undefined;
  return sameStatus(staffCase, {
    clearsLockout: true,
    event: { at: now.toISOString(), by, action: 'link-unlocked' },
  });
}

export const hrElectionSchema = (options: readonly PensionOption[]) =>
  z.strictObject(
    {
      option: offeredOption(options),
      receivedOn: businessDateField('date the choice was received'),
      how: z.enum(receivedVia, { error: 'Select how the choice was received' }),
      note: optionalNote(2000),
    },
    { error: 'Send the choice as a JSON object' },
  );

/**
 * A choice the person made on paper, by phone or by email, recorded by HR: the same rules as their own
 * choice on the form (while the election is open, for someone choosing), received no later than today.
 */
export function hrElection(
  transfer: Pick<Transfer, 'status' | 'pension'>,
  staffCase: CaseRead,
  input: unknown,
  by: string,
  now: Date,
): CaseChange {
  const fields = parseInput(hrElectionSchema(transfer.pension.options), input, 'The choice has errors');
  if (fields.receivedOn > todayOf(now)) {
    throw new ValidationError('The choice has errors', {
      errors: [{ path: 'receivedOn', message: 'The date the choice was received cannot be in the future' }],
    });
  }
  const change = chooseOption(transfer, staffCase, fields.option, now);
  const note = fields.note ? { note: fields.note } : {};
  return {
    ...change,
    event: { ...change.event, by, receivedOn: fields.receivedOn, via: fields.how, ...note },
  };
}

export const withdrawalSchema = z.strictObject(
  {
    receivedOn: businessDateField('date the withdrawal was received'),
    note: optionalNote(2000),
  },
  { error: 'Send the withdrawal as a JSON object' },
);

/**
 * Where a person stands once their objection is withdrawn, from what counted before they objected (kept on
 * the objection; absent for objections recorded before it was kept): a draft transfer has them imported;
 * a choice they made stands again, open election or not; with none, they rejoin an open election, or get
 * the default once it has closed (as everyone who had not chosen did at the deadline).
 */
export function standingAfterWithdrawal(
  transfer: Pick<Transfer, 'status' | 'pension'>,
  electionBefore: Election | undefined,
  now: Date,
): { status: CaseStatus; election?: Election } {
  if (transfer.status === 'draft') return { status: 'imported' };
  if (electionBefore?.how === 'staff') return { status: 'elected', election: electionBefore };
  if (isElectionOpen(transfer, now)) return { status: 'invited' };
  if (electionBefore?.how === 'default') return { status: 'defaulted', election: electionBefore };
  return {
    status: 'defaulted',
    election: { option: transfer.pension.defaultOption, how: 'default', at: now.toISOString() },
  };
}

/**
 * The choice that counted when the person last objected: kept on the objection, or, for an objection
 * recorded before it was kept, read from the history (their last choice or default before it).
 */
export function electionBeforeObjection(
  staffCase: Pick<StaffCase, 'objection' | 'history'>,
): Election | undefined {
  if (staffCase.objection?.electionBefore) return staffCase.objection.electionBefore;
  let counting: Election | undefined;
  let before: Election | undefined;
  for (const event of staffCase.history) {
    if (event.option !== undefined && (event.action === 'elected' || event.action === 'election-changed')) {
      counting = { option: event.option, how: 'staff', at: event.at };
    } else if (event.option !== undefined && event.action === 'default-applied') {
      counting = { option: event.option, how: 'default', at: event.at };
    } else if (event.action === 'objected') {
      before = counting;
      counting = undefined;
    }
  }
  return before;
}

/**
 * The person took back their objection (TUPE reg 4(7) counts only an objection standing at the transfer):
 * before the transfer date they are in the transfer again, with the choice that counted before they
 * objected (see `standingAfterWithdrawal`). Undefined when the same withdrawal is recorded already.
 */
export function objectionWithdrawal(
  transfer: Pick<Transfer, 'status' | 'transferDate' | 'pension'>,
  staffCase: CaseRead & Pick<StaffCase, 'history'>,
  input: unknown,
  by: string,
  now: Date,
): CaseChange | undefined {
  const fields = parseInput(withdrawalSchema, input, 'The withdrawal has errors');
  const today = todayOf(now);
  const errors: FieldError[] = [];
  if (fields.receivedOn > today) {
    errors.push({
      path: 'receivedOn',
      message: 'The date the withdrawal was received cannot be in the future',
    });
  }
  if (fields.receivedOn >= transfer.transferDate) {
    errors.push({
      path: 'receivedOn',
      message: 'The withdrawal must have been received before the transfer date',
    });
  }
  const objection = staffCase.objection;
  if (objection && fields.receivedOn < objection.receivedOn) {
    errors.push({
      path: 'receivedOn',
      message: 'The withdrawal cannot be received before the objection was',
    });
  }
  if (errors.length > 0) throw new ValidationError('The withdrawal has errors', { errors });
  notOpen(transfer, 'withdrawing an objection');
  if (today >= transfer.transferDate) {
    throw new ConflictError('The transfer date has come; an objection can no longer be withdrawn');
  }
  if (staffCase.status !== 'objected' || !objection) {
    if (objection?.withdrawal?.receivedOn === fields.receivedOn) return undefined;
    throw new ConflictError('This person has no objection to withdraw');
  }
  const at = now.toISOString();
  const note = fields.note ? { note: fields.note } : {};
  const withdrawn: Objection = {
    ...objection,
    withdrawal: { receivedOn: fields.receivedOn, ...note, recordedAt: at, recordedBy: by },
  };
  const { status, election } = standingAfterWithdrawal(
    transfer,
    electionBeforeObjection({ objection, history: staffCase.history }),
    now,
  );
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: 'objected',
    expectedVersion: versionOf(staffCase),
    status,
    objection: withdrawn,
    // The objected case counts no election, so restoring one only adds it to the tallies.
    ...(election ? { election } : {}),
    event: {
      at,
      by,
      action: 'objection-withdrawn',
      from: 'objected',
      to: status,
      receivedOn: fields.receivedOn,
      ...(election ? { option: election.option } : {}),
      ...note,
    },
  };
}
