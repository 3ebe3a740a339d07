import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDefaultOption,
  type CaseChange,
  caseAfterChange,
  checkEmployeeNumber,
  chooseOption,
  invitationChange,
  optionOf,
  shardTally,
  tallyChanges,
  transferDayChange,
} from '../../../functions/domain/election.ts';
import {
  ConflictError,
  ElectionClosedError,
  EmployeeNumberMismatchError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import {
  type CaseStatus,
  caseStatuses,
  type Election,
  type StaffCase,
  transferStatuses,
} from '../../../functions/domain/transfer.ts';
import { pensionOptions, staffCase } from '../../fixtures/domain/transfers.ts';

const transfer = {
  status: 'launched' as const,
  pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-09-15' },
};
/** Noon in London, before the election closes. */
const whileOpen = new Date('2026-07-01T11:00:00.000Z');
/** The first instant after the closing day in London. */
const afterClosing = new Date('2026-09-15T23:00:00.000Z');

const invited = { employeeNumber: 'E1001', shard: 3, status: 'invited' as CaseStatus };
const earlierChoice: Election = { option: 'LGPS', how: 'staff', at: '2026-06-20T08:00:00.000Z' };

/** Runs `act` and answers the error it throws. */
function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: chooseOption', () => {
  it('records a first choice as elected by staff, to be applied only while the case is still invited', () => {
    // Act
    const change = chooseOption(transfer, invited, 'NHSPS', whileOpen);

    // Assess
    expect(change).toEqual({
      employeeNumber: 'E1001',
      shard: 3,
      expectedStatus: 'invited',
      expectedVersion: 0,
      status: 'elected',
      election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T11:00:00.000Z' },
      event: { at: '2026-07-01T11:00:00.000Z', by: 'staff', action: 'elected', option: 'NHSPS', to: 'NHSPS' },
    });
  });

  it('keeps the previous election when someone changes their mind, and records the change from and to', () => {
    // Prepare
    const elected = { ...invited, status: 'elected' as const, election: earlierChoice };

    // Act
    const change = chooseOption(transfer, elected, 'NHSPS', whileOpen);

    // Assess
    expect(change.expectedStatus).toBe('elected');
    expect(change.status).toBe('elected');
    expect(change.previousElection).toEqual(earlierChoice);
    expect(change.event).toEqual({
      at: '2026-07-01T11:00:00.000Z',
      by: 'staff',
      action: 'election-changed',
      option: 'NHSPS',
      from: 'LGPS',
      to: 'NHSPS',
    });
  });

  it('accepts a choice at the last millisecond of the closing day', () => {
    // Act
    const change = chooseOption(transfer, invited, 'LGPS', new Date(afterClosing.getTime() - 1));

    // Assess
    expect(change.status).toBe('elected');
  });

  it('refuses a choice once the closing day is over', () => {
    // Act
    const error = thrownBy(() => chooseOption(transfer, invited, 'LGPS', afterClosing));

    // Assess
    expect(error).toBeInstanceOf(ElectionClosedError);
  });

  it.each(transferStatuses.filter((status) => status !== 'launched'))(
    'refuses a choice while the transfer is %s',
    (status) => {
      // Act
      const error = thrownBy(() => chooseOption({ ...transfer, status }, invited, 'LGPS', whileOpen));

      // Assess
      expect(error).toBeInstanceOf(ElectionClosedError);
    },
  );

  it.each(caseStatuses.filter((status) => status !== 'invited' && status !== 'elected'))(
    'refuses a choice from a person whose case is %s as a conflict',
    (status) => {
      // Act
      const error = thrownBy(() => chooseOption(transfer, { ...invited, status }, 'LGPS', whileOpen));

      // Assess
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).not.toBeInstanceOf(ElectionClosedError);
    },
  );

  it.each(['CARE', 'lgps', ''])(
    'refuses the option %j, which is not offered, on the field option',
    (code) => {
      // Act
      const error = thrownBy(() => chooseOption(transfer, invited, code, whileOpen));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        { path: 'option', message: 'Select a pension scheme' },
      ]);
    },
  );

  it('says the election is closed before it looks at the option', () => {
    // Act
    const error = thrownBy(() => chooseOption(transfer, invited, 'CARE', afterClosing));

    // Assess
    expect(error).toBeInstanceOf(ElectionClosedError);
  });
});

describe('Function: optionOf', () => {
  it('finds an offered option by its code', () => {
    // Act
    const option = optionOf(transfer, 'NHSPS');

    // Assess
    expect(option).toEqual(pensionOptions[1]);
  });
});

describe('Function: applyDefaultOption', () => {
  it('gives an invited person the default option, by the system', () => {
    // Act
    const change = applyDefaultOption(transfer, invited, afterClosing);

    // Assess
    expect(change).toEqual({
      employeeNumber: 'E1001',
      shard: 3,
      expectedStatus: 'invited',
      expectedVersion: 0,
      status: 'defaulted',
      election: { option: 'LGPS', how: 'default', at: '2026-09-15T23:00:00.000Z' },
      event: {
        at: '2026-09-15T23:00:00.000Z',
        by: 'system',
        action: 'default-applied',
        option: 'LGPS',
        to: 'defaulted',
      },
    });
  });

  it.each(caseStatuses.filter((status) => status !== 'invited'))('leaves a %s person alone', (status) => {
    // Act
    const change = applyDefaultOption(transfer, { ...invited, status }, afterClosing);

    // Assess
    expect(change).toBeUndefined();
  });
});

describe('Function: transferDayChange', () => {
  const transferDay = new Date('2026-09-30T23:00:00.000Z');

  it.each(['imported', 'invited', 'elected', 'defaulted'] as const)(
    'moves a %s person to the transferee',
    (status) => {
      // Act
      const change = transferDayChange({ ...invited, status }, transferDay);

      // Assess
      expect(change).toEqual({
        employeeNumber: 'E1001',
        shard: 3,
        expectedStatus: status,
        expectedVersion: 0,
        status: 'transferred',
        employer: 'transferee',
        event: {
          at: '2026-09-30T23:00:00.000Z',
          by: 'system',
          action: 'transferred',
          from: status,
          to: 'transferred',
        },
      });
    },
  );

  it('ends the employment of a person who objected, who stays with the transferor (TUPE reg 4(7))', () => {
    // Act
    const change = transferDayChange({ ...invited, status: 'objected' }, transferDay);

    // Assess
    expect(change).toEqual({
      employeeNumber: 'E1001',
      shard: 3,
      expectedStatus: 'objected',
      expectedVersion: 0,
      status: 'employment-ended',
      event: {
        at: '2026-09-30T23:00:00.000Z',
        by: 'system',
        action: 'employment-ended',
        from: 'objected',
        to: 'employment-ended',
      },
    });
  });

  it.each(['transferred', 'employment-ended', 'excluded'] as const)(
    'leaves a %s person unchanged, so a retried transfer day changes nothing',
    (status) => {
      // Act
      const change = transferDayChange({ ...invited, status }, transferDay);

      // Assess
      expect(change).toBeUndefined();
    },
  );
});

describe('Function: invitationChange', () => {
  it('moves an imported person to invited', () => {
    // Act
    const change = invitationChange({ ...invited, status: 'imported' }, whileOpen);

    // Assess
    expect(change).toEqual({
      employeeNumber: 'E1001',
      shard: 3,
      expectedStatus: 'imported',
      expectedVersion: 0,
      status: 'invited',
      event: {
        at: '2026-07-01T11:00:00.000Z',
        by: 'system',
        action: 'invited',
        from: 'imported',
        to: 'invited',
      },
    });
  });

  it.each(caseStatuses.filter((status) => status !== 'imported'))('leaves a %s person alone', (status) => {
    // Act
    const change = invitationChange({ ...invited, status }, whileOpen);

    // Assess
    expect(change).toBeUndefined();
  });
});

const anyStatus = fc.constantFrom(...caseStatuses);
const anyElection = fc.record({
  option: fc.constantFrom('LGPS', 'NHSPS', 'CARE'),
  how: fc.constantFrom('staff' as const, 'default' as const),
  at: fc.constant('2026-07-01T11:00:00.000Z'),
});
const anyChange: fc.Arbitrary<CaseChange> = fc
  .record({
    expectedStatus: anyStatus,
    expectedVersion: fc.nat(),
    status: anyStatus,
    election: fc.option(anyElection, { nil: undefined }),
    previousElection: fc.option(anyElection, { nil: undefined }),
  })
  .map(({ expectedStatus, expectedVersion, status, election, previousElection }) => ({
    employeeNumber: 'E1001',
    shard: 0,
    expectedStatus,
    expectedVersion,
    status,
    ...(election ? { election } : {}),
    // A previous election is only named by a change that brings a new one.
    ...(election && previousElection ? { previousElection } : {}),
    event: { at: '2026-07-01T11:00:00.000Z', by: 'system', action: 'test' },
  }));

describe('Function: tallyChanges', () => {
  it('moves one person from invited to elected and counts their option', () => {
    // Prepare
    const change = chooseOption(transfer, invited, 'NHSPS', whileOpen);

    // Act
    const tally = tallyChanges([change]);

    // Assess
    expect(tally).toEqual({ counts: { invited: -1, elected: 1 }, elections: { NHSPS: 1 } });
  });

  it('moves a change of mind from the old option to the new one, leaving the counts alone', () => {
    // Prepare
    const change = chooseOption(
      transfer,
      { ...invited, status: 'elected', election: earlierChoice },
      'NHSPS',
      whileOpen,
    );

    // Act
    const tally = tallyChanges([change]);

    // Assess
    expect(tally).toEqual({ counts: {}, elections: { LGPS: -1, NHSPS: 1 } });
  });

  it('leaves out options and statuses whose deltas cancel', () => {
    // Prepare
    const change = chooseOption(
      transfer,
      { ...invited, status: 'elected', election: earlierChoice },
      'LGPS',
      whileOpen,
    );

    // Act
    const tally = tallyChanges([change]);

    // Assess
    expect(tally).toEqual({ counts: {}, elections: {} });
  });

  it('takes a previous election off its option even when the change brings no new one', () => {
    // Prepare
    const change: CaseChange = {
      employeeNumber: 'E1001',
      shard: 0,
      expectedStatus: 'elected',
      expectedVersion: 0,
      status: 'excluded',
      previousElection: earlierChoice,
      event: { at: '2026-07-01T11:00:00.000Z', by: 'hr@council.example.org', action: 'excluded' },
    };

    // Act
    const tally = tallyChanges([change]);

    // Assess
    expect(tally).toEqual({ counts: { elected: -1, excluded: 1 }, elections: { LGPS: -1 } });
  });

  it('keeps the number of people the same and moves elections by +1 per new and -1 per previous, with no zeros', () => {
    fc.assert(
      fc.property(fc.array(anyChange, { maxLength: 60 }), (changes) => {
        // Act
        const { counts, elections } = tallyChanges(changes);

        // Assess
        const sum = (map: Record<string, number>) =>
          Object.values(map).reduce((total, delta) => total + delta, 0);
        expect(sum(counts)).toBe(0);
        expect(sum(elections)).toBe(
          changes.filter((change) => change.election).length -
            changes.filter((change) => change.previousElection).length,
        );
        expect([...Object.values(counts), ...Object.values(elections)]).not.toContain(0);
      }),
    );
  });

  it('keeps tallies equal to a recount after any changes the election rules make', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: anyStatus,
            election: fc.option(anyElection, { nil: undefined }),
            action: fc.constantFrom('choose-LGPS', 'choose-NHSPS', 'default', 'invite', 'transfer-day'),
          }),
          { maxLength: 40 },
        ),
        (people) => {
          // Prepare
          // Nobody still imported or invited holds an election.
          const before = people.map((person, index) => ({
            employeeNumber: `E${index}`,
            shard: 0,
            status: person.status,
            ...(person.election && person.status !== 'imported' && person.status !== 'invited'
              ? { election: person.election }
              : {}),
          }));
          const changes = before.flatMap((person, index): CaseChange[] => {
            const action = people[index]?.action;
            try {
              if (action === 'choose-LGPS') return [chooseOption(transfer, person, 'LGPS', whileOpen)];
              if (action === 'choose-NHSPS') return [chooseOption(transfer, person, 'NHSPS', whileOpen)];
            } catch {
              return [];
            }
            if (action === 'default')
              return [applyDefaultOption(transfer, person, afterClosing) ?? []].flat();
            if (action === 'invite') return [invitationChange(person, whileOpen) ?? []].flat();
            return [transferDayChange(person, afterClosing) ?? []].flat();
          });
          const after = before.map((person) => {
            const change = changes.find((candidate) => candidate.employeeNumber === person.employeeNumber);
            return change
              ? { status: change.status, election: change.election ?? person.election }
              : { status: person.status, election: person.election };
          });
          const recount = (list: Array<{ status: string; election?: Election | undefined }>) => {
            const counts: Record<string, number> = {};
            const elections: Record<string, number> = {};
            for (const person of list) {
              counts[person.status] = (counts[person.status] ?? 0) + 1;
              if (person.election) {
                elections[person.election.option] = (elections[person.election.option] ?? 0) + 1;
              }
            }
            return { counts, elections };
          };

          // Act
          const tally = tallyChanges(changes);

          // Assess
          const expected = recount(after);
          const start = recount(before);
          for (const key of new Set([...Object.keys(start.counts), ...Object.keys(expected.counts)])) {
            expect((start.counts[key] ?? 0) + (tally.counts[key] ?? 0)).toBe(expected.counts[key] ?? 0);
          }
          for (const key of new Set([...Object.keys(start.elections), ...Object.keys(expected.elections)])) {
            expect((start.elections[key] ?? 0) + (tally.elections[key] ?? 0)).toBe(
              expected.elections[key] ?? 0,
            );
          }
        },
      ),
    );
  });
});

describe('Function: caseAfterChange', () => {
  const storedCase: StaffCase = {
    employeeNumber: 'E1001',
    name: 'Jo Smith',
    email: 'jo@example.org',
    jobTitle: 'Care manager',
    team: 'Leek',
    managerEmail: 'manager@example.org',
    currentPensionScheme: 'LGPS',
    contractType: 'permanent',
    continuousServiceStart: '2015-04-01',
    transferId: 'T1',
    shard: 3,
    status: 'invited',
    employer: 'transferor',
    history: [{ at: '2026-06-01T09:00:00.000Z', by: 'system', action: 'invited', to: 'invited' }],
    version: 1,
    lockout: { wrongAttempts: 2, since: '2026-06-02T09:00:00.000Z' },
  };

  it('gives the case the default with its event and next version, keeping what the change leaves alone', () => {
    // Prepare
    const change = applyDefaultOption(transfer, storedCase, afterClosing) as CaseChange;

    // Act
    const after = caseAfterChange(storedCase, change);

    // Assess
    expect(after).toEqual({
      ...storedCase,
      status: 'defaulted',
      version: 2,
      election: { option: 'LGPS', how: 'default', at: '2026-09-15T23:00:00.000Z' },
      history: [...storedCase.history, change.event],
    });
  });

  it('moves the case to the transferee on transfer day, its election kept', () => {
    // Prepare
    const elected = { ...storedCase, status: 'elected' as const, election: earlierChoice };
    const change = transferDayChange(elected, afterClosing) as CaseChange;

    // Act
    const after = caseAfterChange(elected, change);

    // Assess
    expect(after).toMatchObject({ status: 'transferred', employer: 'transferee', election: earlierChoice });
    expect(after.history.at(-1)).toEqual(change.event);
  });

  it('takes off the election a change leaves, and the lockout and pending link a change clears', () => {
    // Prepare
    const elected = { ...storedCase, election: earlierChoice, pendingLinkVersion: 2 };
    const change: CaseChange = {
      employeeNumber: 'E1001',
      shard: 3,
      expectedStatus: 'invited',
      expectedVersion: 1,
      status: 'objected',
      previousElection: earlierChoice,
      clearsLockout: true,
      clearsPendingLink: true,
      linkVersion: 2,
      event: { at: '2026-07-01T11:00:00.000Z', by: 'hr@example.org', action: 'objected', to: 'objected' },
    };

    // Act
    const after = caseAfterChange(elected, change);

    // Assess
    expect(after).not.toHaveProperty('election');
    expect(after).not.toHaveProperty('lockout');
    expect(after).not.toHaveProperty('pendingLinkVersion');
    expect(after).toMatchObject({ status: 'objected', version: 2, linkVersion: 2 });
  });
});

describe('Function: checkEmployeeNumber', () => {
  it.each(['E1001', 'e1001', '  E1001 ', 'e1001\t'])('accepts %j for employee E1001', (typed) => {
    // Act
    const checking = () => checkEmployeeNumber({ employeeNumber: 'E1001' }, typed);

    // Assess
    expect(checking).not.toThrow();
  });

  it.each(['E1002', 'E100', 'E10011', '', 'E 1001'])('refuses %j for employee E1001', (typed) => {
    // Act
    const checking = () => checkEmployeeNumber({ employeeNumber: 'E1001' }, typed);

    // Assess
    expect(checking).toThrow(EmployeeNumberMismatchError);
  });
});

describe('Function: shardTally', () => {
  it('counts every status, naming those nobody is in with 0, and each option elected', () => {
    // Act
    const tally = shardTally([
      { status: 'invited' },
      { status: 'elected', election: earlierChoice },
      { status: 'defaulted', election: { ...earlierChoice, how: 'default' } },
    ]);

    // Assess
    expect(tally.counts).toEqual({
      imported: 0,
      invited: 1,
      elected: 1,
      defaulted: 1,
      objected: 0,
      transferred: 0,
      'employment-ended': 0,
      excluded: 0,
    });
    expect(tally.elections).toEqual({ LGPS: 2 });
  });

  it('moves by what tallyChanges says when the shard steps change its people', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom('imported' as const, 'invited' as const, 'elected' as const),
            step: fc.constantFrom('invite', 'default', 'transfer-day'),
          }),
          { maxLength: 40 },
        ),
        (people) => {
          // Prepare
          const before: StaffCase[] = people.map((person, index) =>
            staffCase({
              employeeNumber: `E${index}`,
              status: person.status,
              ...(person.status === 'elected' ? { election: earlierChoice } : {}),
            }),
          );
          const changes = before.flatMap((person, index): CaseChange[] => {
            const step = people[index]?.step;
            const change =
              step === 'invite'
                ? invitationChange(person, whileOpen)
                : step === 'default'
                  ? applyDefaultOption(transfer, person, afterClosing)
                  : transferDayChange(person, afterClosing);
            return change ? [change] : [];
          });
          const after = before.map((person) => {
            const change = changes.find((candidate) => candidate.employeeNumber === person.employeeNumber);
            return change ? caseAfterChange(person, change) : person;
          });

          // Act
          const start = shardTally(before);
          const end = shardTally(after);

          // Assess
          const moved = tallyChanges(changes);
          for (const status of caseStatuses) {
            expect(start.counts[status] + (moved.counts[status] ?? 0)).toBe(end.counts[status]);
          }
          for (const option of new Set([...Object.keys(start.elections), ...Object.keys(end.elections)])) {
            expect((start.elections[option] ?? 0) + (moved.elections[option] ?? 0)).toBe(
              end.elections[option] ?? 0,
            );
          }
        },
      ),
    );
  });
});
