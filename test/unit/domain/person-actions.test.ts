import { describe, expect, it } from 'vitest';
import { type CaseChange, tallyChanges } from '../../../functions/domain/election.ts';
import { ConflictError, ElectionClosedError, ValidationError } from '../../../functions/domain/errors.ts';
import { objectionChange } from '../../../functions/domain/objection.ts';
import {
  electionBeforeObjection,
  emailCorrection,
  hrElection,
  linkVersionToSend,
  lockoutClearance,
  matchesSearch,
  newestLinkVersion,
  newLinkChange,
  objectionWithdrawal,
  opensLink,
  standingAfterWithdrawal,
} from '../../../functions/domain/person-actions.ts';
import type { Objection } from '../../../functions/domain/transfer.ts';
import { noonToday, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const transfer = storedTransfer(); // launched; transfer date 2026-10-01; election closes 2026-09-15; today 2026-06-01
const hr = 'hr@council.example.org';
const objection = { receivedOn: '2026-05-20', recordedAt: '2026-05-20T10:00:00.000Z', recordedBy: hr };

function refusal(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a refusal');
}

describe('Function: matchesSearch', () => {
  const person = { employeeNumber: 'E1001', name: 'Amira Okafor', email: 'amira.okafor@council.example' };

  it.each([
    ['part of the name, in any case', 'okaf'],
    ['part of the email address', 'amira.okafor@'],
    ['the employee number, in any case', 'e1001'],
    ['nothing at all', '  '],
  ])('finds a person by %s', (_, query) => {
    expect(matchesSearch(person, query)).toBe(true);
  });

  it('does not find a person by a part of their employee number, nor by another name', () => {
    expect(matchesSearch(person, 'E100')).toBe(false);
    expect(matchesSearch(person, 'Jones')).toBe(false);
  });
});

describe('Function: emailCorrection', () => {
  it('sets the new address and records who corrected it, without the addresses in the history', () => {
    // Act
    const change = emailCorrection(transfer, staffCase(), { email: ' new@council.example ' }, hr, noonToday);

    // Assess
    expect(change).toMatchObject({
      email: 'new@council.example',
      status: 'invited',
      expectedStatus: 'invited',
    });
    expect(change?.event).toEqual({ at: noonToday.toISOString(), by: hr, action: 'email-corrected' });
  });

  it('changes nothing when the address is the one held', () => {
    const person = staffCase();
    expect(emailCorrection(transfer, person, { email: person.email }, hr, noonToday)).toBeUndefined();
  });

  it('refuses an address that is not one, with the field and a GOV.UK message', () => {
    const error = refusal(() =>
      emailCorrection(transfer, staffCase(), { email: 'not-an-email' }, hr, noonToday),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'email', message: 'Enter the email address in the correct format, like name@example.org' },
    ]);
  });

  it('refuses once the transfer is cancelled', () => {
    const cancelled = storedTransfer({ status: 'cancelled' });
    expect(
      refusal(() => emailCorrection(cancelled, staffCase(), { email: 'new@council.example' }, hr, noonToday)),
    ).toBeInstanceOf(ConflictError);
  });
});

describe('Function: linkVersionToSend', () => {
  it('sends the next version when no new link is pending', () => {
    expect(linkVersionToSend(transfer, staffCase(), noonToday)).toBe(1);
    expect(linkVersionToSend(transfer, staffCase({ linkVersion: 2 }), noonToday)).toBe(3);
  });

  it('sends the pending version again when a resend is tried again after a failed send', () => {
    expect(linkVersionToSend(transfer, staffCase({ linkVersion: 2, pendingLinkVersion: 3 }), noonToday)).toBe(
      3,
    );
  });

  it('ignores a pending version no newer than the current link', () => {
    expect(linkVersionToSend(transfer, staffCase({ linkVersion: 3, pendingLinkVersion: 3 }), noonToday)).toBe(
      4,
    );
  });

  it('refuses when the election is closed, or for someone who objected', () => {
    const closed = storedTransfer({ status: 'election-closed' });
    expect(refusal(() => linkVersionToSend(closed, staffCase(), noonToday))).toBeInstanceOf(
      ElectionClosedError,
    );
    expect(
      refusal(() => linkVersionToSend(transfer, staffCase({ status: 'objected', objection }), noonToday)),
    ).toBeInstanceOf(ConflictError);
  });
});

describe('Function: opensLink', () => {
  it('opens the current link and the pending one, and no other', () => {
    const person = staffCase({ linkVersion: 1, pendingLinkVersion: 2 });
    expect(opensLink(person, 1)).toBe(true);
    expect(opensLink(person, 2)).toBe(true);
    expect(opensLink(person, undefined)).toBe(false);
    expect(opensLink(person, 3)).toBe(false);
  });

  it('reads a link made without a version, and a case without one, as version 0', () => {
    expect(opensLink(staffCase(), undefined)).toBe(true);
    expect(opensLink(staffCase({ pendingLinkVersion: 1 }), undefined)).toBe(true);
    expect(opensLink(staffCase({ linkVersion: 1 }), undefined)).toBe(false);
  });
});

describe('Function: newestLinkVersion', () => {
  it('is the pending version while a new link is being sent, else the current one', () => {
    expect(newestLinkVersion(staffCase())).toBe(0);
    expect(newestLinkVersion(staffCase({ linkVersion: 2 }))).toBe(2);
    expect(newestLinkVersion(staffCase({ linkVersion: 2, pendingLinkVersion: 3 }))).toBe(3);
  });
});

describe('Function: newLinkChange', () => {
  it('makes the sent link current once its email was accepted, so the link sent before stops opening', () => {
    // Act
    const change = newLinkChange(staffCase({ linkVersion: 2, pendingLinkVersion: 3 }), 3, hr, noonToday);

    // Assess
    expect(change).toMatchObject({
      linkVersion: 3,
      clearsPendingLink: true,
      status: 'invited',
      expectedStatus: 'invited',
      event: { action: 'link-resent', by: hr, to: '3' },
    });
  });

  it('records nothing when that link is current already (another resend of it finished first)', () => {
    expect(newLinkChange(staffCase({ linkVersion: 3 }), 3, hr, noonToday)).toBeUndefined();
  });

  it('never takes the link back to an older version', () => {
    expect(newLinkChange(staffCase({ linkVersion: 4 }), 3, hr, noonToday)).toBeUndefined();
  });
});

describe('Function: lockoutClearance', () => {
  it('takes the lock off and records that HR did', () => {
    const locked = staffCase({
      lockout: {
        wrongAttempts: 5,
        since: '2026-06-01T10:50:00.000Z',
        lockedUntil: '2026-06-01T11:05:00.000Z',
      },
    });
    expect(lockoutClearance(locked, hr, noonToday)).toMatchObject({
      clearsLockout: true,
      event: { action: 'link-unlocked', by: hr },
    });
  });

  it('changes nothing when the link is not locked', () => {
    expect(lockoutClearance(staffCase(), hr, noonToday)).toBeUndefined();
  });
});

describe('Function: hrElection', () => {
  const paper = { option: 'NHSPS', receivedOn: '2026-05-29', how: 'paper', note: 'Form in file 7' };

  it("records the person's choice, taken by HR, with when and how it was received", () => {
    // Act
    const change = hrElection(transfer, staffCase(), paper, hr, noonToday);

    // Assess
    expect(change).toMatchObject({
      status: 'elected',
      election: { option: 'NHSPS', how: 'staff' },
      event: { action: 'elected', by: hr, receivedOn: '2026-05-29', via: 'paper', note: 'Form in file 7' },
    });
  });

  it('refuses an option not offered, an unknown way of receiving it and a date in the future, each on its field', () => {
    const error = refusal(() =>
      hrElection(
        transfer,
        staffCase(),
        { option: 'XYZ', receivedOn: '2026-05-29', how: 'fax' },
        hr,
        noonToday,
      ),
    ) as ValidationError;
    expect(error.errors?.map((problem) => problem.path)).toEqual(['option', 'how']);
    const future = refusal(() =>
      hrElection(transfer, staffCase(), { ...paper, receivedOn: '2026-06-02' }, hr, noonToday),
    ) as ValidationError;
    expect(future.errors).toEqual([
      { path: 'receivedOn', message: 'The date the choice was received cannot be in the future' },
    ]);
  });

  it('keeps the rules of a choice made on the form: not after the election closes, not for someone who objected', () => {
    const closed = storedTransfer({ status: 'election-closed' });
    expect(refusal(() => hrElection(closed, staffCase(), paper, hr, noonToday))).toBeInstanceOf(
      ElectionClosedError,
    );
    expect(
      refusal(() => hrElection(transfer, staffCase({ status: 'objected', objection }), paper, hr, noonToday)),
    ).toBeInstanceOf(ConflictError);
  });
});

describe('Function: electionBeforeObjection', () => {
  const at = (day: string) => `2026-05-${day}T09:00:00.000Z`;

  it('answers the choice kept on the objection', () => {
    const chose = { option: 'NHSPS', how: 'staff' as const, at: at('10') };
    expect(
      electionBeforeObjection({ objection: { ...objection, electionBefore: chose }, history: [] }),
    ).toEqual(chose);
  });

  it('reads the last choice before the last objection from the history of an older objection', () => {
    const history = [
      { at: at('01'), by: 'staff', action: 'elected', option: 'LGPS', to: 'LGPS' },
      { at: at('02'), by: 'hr', action: 'objected', from: 'elected', to: 'objected' },
      { at: at('03'), by: 'hr', action: 'objection-withdrawn', from: 'objected', to: 'invited' },
      { at: at('04'), by: 'staff', action: 'elected', option: 'NHSPS', to: 'NHSPS' },
      { at: at('05'), by: 'staff', action: 'election-changed', option: 'LGPS', from: 'NHSPS', to: 'LGPS' },
      { at: at('06'), by: 'hr', action: 'objected', from: 'elected', to: 'objected' },
    ];
    expect(electionBeforeObjection({ objection, history })).toEqual({
      option: 'LGPS',
      how: 'staff',
      at: at('05'),
    });
  });

  it('answers none when the person had not chosen before objecting', () => {
    const history = [{ at: at('06'), by: 'hr', action: 'objected', from: 'invited', to: 'objected' }];
    expect(electionBeforeObjection({ objection, history })).toBeUndefined();
  });
});

describe('Function: standingAfterWithdrawal', () => {
  const chose = { option: 'NHSPS', how: 'staff' as const, at: '2026-05-10T09:00:00.000Z' };
  const defaulted = { option: 'LGPS', how: 'default' as const, at: '2026-09-15T23:00:00.000Z' };
  const closed = storedTransfer({ status: 'election-closed' });

  it.each([
    ['a draft transfer', storedTransfer({ status: 'draft' }), chose, { status: 'imported' }],
    ['an earlier choice, election open', transfer, chose, { status: 'elected', election: chose }],
    ['an earlier choice, election closed', closed, chose, { status: 'elected', election: chose }],
    ['no earlier choice, election open', transfer, undefined, { status: 'invited' }],
    ['an earlier default, election open again', transfer, defaulted, { status: 'invited' }],
    ['an earlier default, election closed', closed, defaulted, { status: 'defaulted', election: defaulted }],
  ])('places the person for %s', (_, onTransfer, before, expected) => {
    expect(standingAfterWithdrawal(onTransfer, before, noonToday)).toEqual(expected);
  });

  it('gives the default, dated now, to someone with no earlier choice once the election has closed', () => {
    expect(standingAfterWithdrawal(closed, undefined, noonToday)).toEqual({
      status: 'defaulted',
      election: { option: 'LGPS', how: 'default', at: noonToday.toISOString() },
    });
  });
});

describe('Function: objectionWithdrawal', () => {
  const objected = staffCase({ status: 'objected', objection });

  it('brings the person back into the election while it is open, keeping the objection with its withdrawal', () => {
    // Act
    const change = objectionWithdrawal(transfer, objected, { receivedOn: '2026-05-30' }, hr, noonToday);

    // Assess
    expect(change).toMatchObject({
      expectedStatus: 'objected',
      status: 'invited',
      objection: { receivedOn: '2026-05-20', withdrawal: { receivedOn: '2026-05-30', recordedBy: hr } },
      event: { action: 'objection-withdrawn', from: 'objected', to: 'invited', receivedOn: '2026-05-30' },
    });
  });

  it('gives the default once the election has closed', () => {
    const closed = storedTransfer({ status: 'election-closed' });
    expect(objectionWithdrawal(closed, objected, { receivedOn: '2026-05-30' }, hr, noonToday)).toMatchObject({
      status: 'defaulted',
      election: { option: 'LGPS', how: 'default' },
    });
  });

  it('restores the choice the person made before objecting, and puts it back in the tallies', () => {
    // Prepare
    const chose = { option: 'NHSPS', how: 'staff' as const, at: '2026-05-10T09:00:00.000Z' };
    const elected = staffCase({ status: 'elected', election: chose });
    const objecting = objectionChange(transfer, elected, { receivedOn: '2026-05-20' }, hr, noonToday);
    const afterObjection = staffCase({
      status: 'objected',
      objection: objecting?.objection as Objection,
      version: 1,
    });

    // Act
    const withdrawing = objectionWithdrawal(
      transfer,
      afterObjection,
      { receivedOn: '2026-05-30' },
      hr,
      noonToday,
    );

    // Assess
    expect(withdrawing).toMatchObject({
      expectedStatus: 'objected',
      expectedVersion: 1,
      status: 'elected',
      election: chose,
      event: { action: 'objection-withdrawn', from: 'objected', to: 'elected', option: 'NHSPS' },
    });
    expect(withdrawing?.previousElection).toBeUndefined();
    // Objecting and withdrawing together leave the tallies where they were.
    expect(tallyChanges([objecting, withdrawing] as CaseChange[])).toEqual({ counts: {}, elections: {} });
  });

  it('keeps an earlier choice once the election has closed, rather than giving the default', () => {
    const closed = storedTransfer({ status: 'election-closed' });
    const chose = { option: 'NHSPS', how: 'staff' as const, at: '2026-05-10T09:00:00.000Z' };
    const withEarlierChoice = staffCase({
      status: 'objected',
      objection: { ...objection, electionBefore: chose },
    });
    expect(
      objectionWithdrawal(closed, withEarlierChoice, { receivedOn: '2026-05-30' }, hr, noonToday),
    ).toMatchObject({ status: 'elected', election: chose });
  });

  it('refuses a withdrawal received on or after the transfer date, or before the objection', () => {
    const late = refusal(() =>
      objectionWithdrawal(
        transfer,
        objected,
        { receivedOn: '2026-10-01' },
        hr,
        new Date('2026-10-02T11:00:00Z'),
      ),
    ) as ValidationError;
    expect(late.errors?.map((problem) => problem.message)).toContain(
      'The withdrawal must have been received before the transfer date',
    );
    const early = refusal(() =>
      objectionWithdrawal(transfer, objected, { receivedOn: '2026-05-19' }, hr, noonToday),
    ) as ValidationError;
    expect(early.errors).toEqual([
      { path: 'receivedOn', message: 'The withdrawal cannot be received before the objection was' },
    ]);
  });

  it('refuses when there is no objection, and changes nothing when the same withdrawal is recorded already', () => {
    expect(
      refusal(() => objectionWithdrawal(transfer, staffCase(), { receivedOn: '2026-05-30' }, hr, noonToday)),
    ).toBeInstanceOf(ConflictError);
    const withdrawn = staffCase({
      status: 'invited',
      objection: { ...objection, withdrawal: { receivedOn: '2026-05-30', recordedAt: 'x', recordedBy: hr } },
    });
    expect(
      objectionWithdrawal(transfer, withdrawn, { receivedOn: '2026-05-30' }, hr, noonToday),
    ).toBeUndefined();
  });
});
