/**
 * What HR does for one person on a roster, as pure decisions: find them, correct their email address,
 * send them a new personal link, record a choice they made on paper or by phone, record that they took
 * back their objection, and clear the lock on their link.
 */
import { z } from 'zod';
import { type CaseChange, chooseOption, offeredOption, versionOf } from './election.ts';
import { ConflictError, ElectionClosedError, type FieldError, ValidationError } from './errors.ts';
import { businessDateField, emailField, optionalNote, parseInput } from './input-fields.ts';
import { employeeKey } from './roster.ts';
import {
  type CaseStatus,
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
export const searchQuery = z
  .string()
  .trim()
  .max(100, 'Search for at most 100 characters')
  .transform((value) => value.toLowerCase());

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
  change: Pick<CaseChange, 'event' | 'email' | 'linkVersion' | 'clearsLockout'>,
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

export const emailCorrectionSchema = z
  .object({ email: emailField('email address') }, { error: 'Send the email address as a JSON object' })
  .strict();

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

/** A new personal link: its version goes up, so the link emailed before stops opening. */
export function newLinkChange(
  transfer: Pick<Transfer, 'status' | 'pension'>,
  staffCase: CaseRead,
  by: string,
  now: Date,
): CaseChange {
  if (!isElectionOpen(transfer, now)) {
    throw new ElectionClosedError('The pension election is not open, so there is no link to send');
  }
  if (!choosing.has(staffCase.status)) {
    throw new ConflictError(`A person whose case is ${staffCase.status} has no pension link to send`);
  }
  const linkVersion = (staffCase.linkVersion ?? 0) + 1;
  return sameStatus(staffCase, {
    linkVersion,
    event: { at: now.toISOString(), by, action: 'link-resent', to: String(linkVersion) },
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
  z
    .object(
      {
        option: offeredOption(options),
        receivedOn: businessDateField('date the choice was received'),
        how: z.enum(receivedVia, { error: 'Select how the choice was received' }),
        note: optionalNote(2000),
      },
      { error: 'Send the choice as a JSON object' },
    )
    .strict();

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

export const withdrawalSchema = z
  .object(
    {
      receivedOn: businessDateField('date the withdrawal was received'),
      note: optionalNote(2000),
    },
    { error: 'Send the withdrawal as a JSON object' },
  )
  .strict();

/**
 * The person took back their objection (TUPE reg 4(7) counts only an objection standing at the transfer):
 * before the transfer date they are in the transfer again. They rejoin the election while it is open
 * (their earlier choice was dropped when they objected), or get the default once it has closed.
 * Undefined when the same withdrawal is recorded already.
 */
export function objectionWithdrawal(
  transfer: Pick<Transfer, 'status' | 'transferDate' | 'pension'>,
  staffCase: CaseRead,
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
  const status: CaseStatus =
    transfer.status === 'draft' ? 'imported' : isElectionOpen(transfer, now) ? 'invited' : 'defaulted';
  const option = transfer.pension.defaultOption;
  return {
    employeeNumber: staffCase.employeeNumber,
    shard: staffCase.shard,
    expectedStatus: 'objected',
    expectedVersion: versionOf(staffCase),
    status,
    objection: withdrawn,
    ...(status === 'defaulted' ? { election: { option, how: 'default' as const, at } } : {}),
    event: {
      at,
      by,
      action: 'objection-withdrawn',
      from: 'objected',
      to: status,
      receivedOn: fields.receivedOn,
      ...note,
    },
  };
}
