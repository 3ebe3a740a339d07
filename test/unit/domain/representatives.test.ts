import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import {
  countVotes,
  endOfDay,
  isBallotOpen,
  isNominationOpen,
  mayInformStaffDirectly,
  type RepresentativeElection,
  staffInScopeOf,
  unopposedResult,
  validateNewElection,
  validateNewRepresentative,
} from '../../../functions/domain/representatives.ts';

const at = '2027-01-20T09:00:00.000Z';

function pathsOf(act: () => unknown): string[] {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return (error.errors ?? []).map((problem) => problem.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const election = (overrides: Partial<RepresentativeElection> = {}): RepresentativeElection => ({
  transferId: 't-1',
  seats: 2,
  nominationsCloseOn: '2027-01-15',
  ballotClosesOn: '2027-01-22',
  status: 'nominating',
  startedAt: '2027-01-05T10:00:00.000Z',
  startedBy: 'hr@example.org',
  eligible: 25,
  voted: 0,
  ...overrides,
});

describe('Function: mayInformStaffDirectly', () => {
  it('lets a transfer of fewer than 10 staff in scope inform them directly (TUPE reg 13A), not 10 or more', () => {
    // Assess
    expect([0, 1, 9, 10, 120].map(mayInformStaffDirectly)).toEqual([true, true, true, false, false]);
  });

  it('counts the staff in scope as the roster less the people excluded from it', () => {
    // Assess
    expect(staffInScopeOf({ total: 12, counts: { excluded: 3 } })).toBe(9);
  });
});

describe('Function: validateNewRepresentative', () => {
  it('keeps the union of a union representative and drops one given for an employee representative', () => {
    // Act
    const union = validateNewRepresentative({
      kind: 'union',
      name: ' Pat ',
      email: 'pat@example.org',
      union: 'UNISON',
    });
    const employee = validateNewRepresentative({
      kind: 'employee',
      name: 'Sam',
      email: 'sam@example.org',
      union: 'GMB',
    });

    // Assess
    expect(union).toEqual({ kind: 'union', name: 'Pat', email: 'pat@example.org', union: 'UNISON' });
    expect(employee).toEqual({ kind: 'employee', name: 'Sam', email: 'sam@example.org' });
  });

  it('refuses a union representative without a union, a bad email, an unknown kind and unknown fields', () => {
    // Assess
    expect(
      pathsOf(() => validateNewRepresentative({ kind: 'union', name: 'Pat', email: 'pat@example.org' })),
    ).toEqual(['union']);
    expect(
      pathsOf(() => validateNewRepresentative({ kind: 'employee', name: 'Pat', email: 'not-an-email' })),
    ).toEqual(['email']);
    expect(
      pathsOf(() => validateNewRepresentative({ kind: 'boss', name: 'Pat', email: 'pat@example.org' })),
    ).toEqual(['kind']);
    expect(
      pathsOf(() =>
        validateNewRepresentative({ kind: 'employee', name: 'Pat', email: 'p@example.org', phone: '1' }),
      ),
    ).toEqual(['phone']);
  });
});

describe('Function: validateNewElection', () => {
  const today = '2027-01-04';
  const transferDate = '2027-03-01';

  it('accepts nominations closing today and a ballot closing after them and before the transfer date', () => {
    // Act
    const accepted = validateNewElection(
      { seats: 2, nominationsCloseOn: today, ballotClosesOn: '2027-02-28' },
      today,
      transferDate,
    );

    // Assess
    expect(accepted).toEqual({ seats: 2, nominationsCloseOn: today, ballotClosesOn: '2027-02-28' });
  });

  it('refuses no seats, past nominations, a ballot closing first or on the transfer date', () => {
    // Assess
    expect(
      pathsOf(() =>
        validateNewElection(
          { seats: 0, nominationsCloseOn: today, ballotClosesOn: '2027-01-10' },
          today,
          transferDate,
        ),
      ),
    ).toEqual(['seats']);
    expect(
      pathsOf(() =>
        validateNewElection(
          { seats: 1, nominationsCloseOn: '2027-01-03', ballotClosesOn: '2027-01-10' },
          today,
          transferDate,
        ),
      ),
    ).toEqual(['nominationsCloseOn']);
    expect(
      pathsOf(() =>
        validateNewElection(
          { seats: 1, nominationsCloseOn: '2027-01-10', ballotClosesOn: '2027-01-10' },
          today,
          transferDate,
        ),
      ),
    ).toEqual(['ballotClosesOn']);
    expect(
      pathsOf(() =>
        validateNewElection(
          { seats: 1, nominationsCloseOn: today, ballotClosesOn: transferDate },
          today,
          transferDate,
        ),
      ),
    ).toEqual(['ballotClosesOn']);
    expect(
      pathsOf(() =>
        validateNewElection(
          { seats: 1.5, nominationsCloseOn: 'soon', ballotClosesOn: today },
          today,
          transferDate,
        ),
      ),
    ).toEqual(['seats', 'nominationsCloseOn']);
  });
});

describe('Function: isNominationOpen / isBallotOpen', () => {
  it('keeps each stage open to the end of its closing day in London, and only in its status', () => {
    // Prepare
    const lastMinute = new Date(endOfDay('2027-01-15').getTime() - 1);

    // Assess
    expect(endOfDay('2027-01-15').toISOString()).toBe('2027-01-16T00:00:00.000Z');
    expect(isNominationOpen(election(), lastMinute)).toBe(true);
    expect(isNominationOpen(election(), endOfDay('2027-01-15'))).toBe(false);
    expect(isNominationOpen(election({ status: 'balloting' }), lastMinute)).toBe(false);
    expect(isBallotOpen(election({ status: 'balloting' }), new Date('2027-01-22T22:59:59.000Z'))).toBe(true);
    expect(isBallotOpen(election({ status: 'balloting' }), new Date('2027-01-23T00:00:00.000Z'))).toBe(false);
    expect(isBallotOpen(election({ status: 'closed' }), lastMinute)).toBe(false);
    // British Summer Time: the day ends at 23:00 UTC.
    expect(endOfDay('2027-06-15').toISOString()).toBe('2027-06-15T23:00:00.000Z');
  });
});

describe('Function: unopposedResult', () => {
  it('elects every candidate without a ballot when they are no more than the seats', () => {
    // Assess
    expect(unopposedResult(['A', 'B'], 2, at)).toEqual({
      elected: ['A', 'B'],
      votes: { A: 0, B: 0 },
      unopposed: true,
      countedAt: at,
    });
    expect(unopposedResult([], 1, at)).toMatchObject({ elected: [], unopposed: true });
    expect(unopposedResult(['A', 'B', 'C'], 2, at)).toBeUndefined();
  });
});

describe('Function: countVotes', () => {
  it('elects the candidates with most votes and counts every candidate', () => {
    // Act
    const result = countVotes(['A', 'B', 'C'], ['A', 'B', 'A', 'C', 'B', 'A'], 2, at);

    // Assess
    expect(result).toEqual({
      elected: ['A', 'B'],
      votes: { A: 3, B: 2, C: 1 },
      unopposed: false,
      countedAt: at,
    });
  });

  it('records a tie for the last seat and leaves it empty rather than drawing', () => {
    // Act
    const result = countVotes(['A', 'B', 'C'], ['A', 'A', 'B', 'C'], 2, at);

    // Assess
    expect(result.elected).toEqual(['A']);
    expect(result.tie).toEqual({ candidates: ['B', 'C'], votes: 1, seats: 1 });
  });

  it('elects tied candidates who all fit in the seats, and ignores a vote for someone not standing', () => {
    // Act
    const result = countVotes(['A', 'B', 'C'], ['A', 'B', 'Z'], 2, at);

    // Assess
    expect(result.elected).toEqual(['A', 'B']);
    expect(result.tie).toBeUndefined();
    expect(result.votes).toEqual({ A: 1, B: 1, C: 0 });
  });

  it('never elects more than the seats, counts every vote for a candidate, and elects no one with fewer votes than someone left out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
        (candidateCount, seats, ballot) => {
          const candidates = Array.from({ length: candidateCount }, (_, index) => `C${index}`);
          const votes = ballot.map((index) => `C${index}`);
          const result = countVotes(candidates, votes, seats, at);
          const counted = Object.values(result.votes).reduce((sum, count) => sum + count, 0);
          const leftOut = candidates.filter((candidate) => !result.elected.includes(candidate));
          const lowestElected = Math.min(...result.elected.map((candidate) => result.votes[candidate] ?? 0));
          const highestLeftOut = Math.max(...leftOut.map((candidate) => result.votes[candidate] ?? 0));
          expect(result.elected.length + (result.tie?.seats ?? 0)).toBeLessThanOrEqual(seats);
          expect(counted).toBe(votes.filter((vote) => candidates.includes(vote)).length);
          if (result.elected.length > 0 && leftOut.length > 0) {
            expect(lowestElected).toBeGreaterThanOrEqual(highestLeftOut);
          }
        },
      ),
    );
  });
});
