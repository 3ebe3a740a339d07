import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../../functions/domain/business-dates.ts';
import type { Contract } from '../../../functions/domain/contract.ts';
import {
  contractInputFromCsvRow,
  escalationDayOf,
  fourYearRuleWarning,
  isOverdue,
  isSupersededReminder,
  needsJustification,
  nextTerm,
  noticeDeadlineOf,
  personOf,
  renewalTimers,
  validateDecision,
  validateJustification,
  validateNewContracts,
} from '../../../functions/domain/contract-rules.ts';
import { PayloadTooLargeError, ValidationError } from '../../../functions/domain/errors.ts';
import { pendingTimer } from '../../../functions/domain/timer.ts';
import { isWorkingDay } from '../../../functions/domain/working-days.ts';
import { newAgreementInput, newContractInput } from '../../fixtures/domain/contracts.ts';

const today = '2026-06-01';

function fieldErrors(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors ?? [];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function storedContract(overrides: Partial<Contract> = {}): Contract {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    kind: 'employment',
    title: 'Occupational therapist (fixed-term)',
    parties: ['Midlands Partnership NHS Foundation Trust'],
    managerEmail: 'sam.jones@council.example.org',
    startDate: '2025-01-01',
    endDate: '2026-12-31',
    noticeDays: 30,
    reminderDays: [90, 60, 30, 14, 7],
    employeeNumber: 'E1001',
    continuousServiceStart: '2024-01-01',
    requiresConsultation: false,
    status: 'active',
    decisions: [],
    warnings: [],
    createdAt: '2026-06-01T11:00:00.000Z',
    createdBy: 'hr.lead@council.example.org',
    ...overrides,
  };
}

describe('Function: validateNewContracts', () => {
  it('fills in the defaults and lower-cases the manager when one valid contract is sent', () => {
    // Act
    const [contract] = validateNewContracts(newContractInput(), today);

    // Assess
    expect(contract).toEqual({
      kind: 'employment',
      title: 'Occupational therapist (fixed-term)',
      parties: ['Midlands Partnership NHS Foundation Trust'],
      managerEmail: 'sam.jones@council.example.org',
      startDate: '2025-01-01',
      endDate: '2026-12-31',
      noticeDays: 30,
      reminderDays: [90, 60, 30, 14, 7],
      employeeNumber: 'E1001',
      continuousServiceStart: '2024-01-01',
      requiresConsultation: false,
    });
  });

  it('starts continuous service on the start date when an employment contract does not say', () => {
    // Act
    const [contract] = validateNewContracts(newContractInput({ continuousServiceStart: undefined }), today);

    // Assess
    expect(contract?.continuousServiceStart).toBe('2025-01-01');
  });

  it('names each bad contract and field of a list, as contracts.<index>.<field>', () => {
    // Prepare
    const input = {
      contracts: [
        newContractInput(),
        newContractInput({ endDate: '2026-05-31', colour: 'teal' }),
        newAgreementInput({ employeeNumber: 'E9', reminderDays: [30, 30], noticeDays: 400 }),
        newContractInput({ requiresConsultation: true, continuousServiceStart: '2025-02-01' }),
      ],
    };

    // Act
    const errors = fieldErrors(() => validateNewContracts(input, today));

    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'contracts.1.colour', message: 'Unknown field: colour' },
        { path: 'contracts.2.noticeDays', message: 'The notice period must be 365 days or fewer' },
        { path: 'contracts.2.reminderDays', message: 'Give each reminder day once' },
        {
          path: 'contracts.3.requiresConsultation',
          message: 'Only an agreement can require a consultation before renewal',
        },
        {
          path: 'contracts.3.continuousServiceStart',
          message: 'Continuous service cannot start after the contract starts',
        },
      ]),
    );
    expect(errors.some((error) => error.path.startsWith('contracts.0'))).toBe(false);
  });

  it('refuses an end date not after the start, one already past, and an agreement with an employee number', () => {
    // Act
    const before = fieldErrors(() =>
      validateNewContracts(newContractInput({ startDate: '2027-01-01', endDate: '2026-12-31' }), today),
    );
    const past = fieldErrors(() => validateNewContracts(newContractInput({ endDate: today }), today));
    const agreement = fieldErrors(() =>
      validateNewContracts(newAgreementInput({ employeeNumber: 'E1' }), today),
    );

    // Assess
    expect(before).toEqual([{ path: 'endDate', message: 'The end date must be after the start date' }]);
    expect(past).toEqual([{ path: 'endDate', message: 'The end date must be in the future' }]);
    expect(agreement).toEqual([
      { path: 'employeeNumber', message: 'Only an employment contract has an employee number' },
    ]);
  });

  it('refuses an end date after the last year of known bank holidays', () => {
    // Act
    const errors = fieldErrors(() =>
      validateNewContracts(newContractInput({ endDate: '2031-03-31' }), today),
    );

    // Assess
    expect(errors).toEqual([
      { path: 'endDate', message: expect.stringContaining('later bank holidays are not known') },
    ]);
  });

  it('answers 413 for more than 500 contracts and 422 for an empty list', () => {
    // Prepare
    const many = { contracts: Array.from({ length: 501 }, () => newContractInput()) };

    // Act
    const tooMany = () => validateNewContracts(many, today);
    const none = fieldErrors(() => validateNewContracts({ contracts: [] }, today));

    // Assess
    expect(tooMany).toThrow(PayloadTooLargeError);
    expect(none).toEqual([
      { path: 'contracts', message: 'Send at least one contract in the contracts list' },
    ]);
  });
});

describe('Function: contractInputFromCsvRow', () => {
  it('splits parties and reminder days on ; and reads numbers and booleans', () => {
    // Act
    const input = contractInputFromCsvRow({
      kind: 'agreement',
      parties: 'Council; Trust',
      reminderDays: '60;30',
      noticeDays: '45',
      requiresConsultation: 'TRUE',
    });

    // Assess
    expect(input).toEqual({
      kind: 'agreement',
      parties: ['Council', 'Trust'],
      reminderDays: [60, 30],
      noticeDays: 45,
      requiresConsultation: true,
    });
  });

  it('passes on text that is not a number or a boolean so the checks name it', () => {
    // Act
    const input = contractInputFromCsvRow({ noticeDays: 'thirty', requiresConsultation: 'maybe' });
    const errors = fieldErrors(() =>
      validateNewContracts({ contracts: [{ ...newAgreementInput(), ...input }] }, today),
    );

    // Assess
    expect(errors.map((error) => error.path)).toEqual([
      'contracts.0.noticeDays',
      'contracts.0.requiresConsultation',
    ]);
  });
});

describe('Function: noticeDeadlineOf and escalationDayOf', () => {
  it('brings a notice deadline on a weekend back to the Friday, and escalates on the Monday after', () => {
    // Prepare: 30 days before Tuesday 12 January 2027 is Sunday 13 December 2026.
    const contract = { endDate: '2027-01-12', noticeDays: 30 };

    // Act
    const deadline = noticeDeadlineOf(contract);
    const escalation = escalationDayOf(contract);

    // Assess
    expect(deadline).toBe('2026-12-11');
    expect(escalation).toBe('2026-12-14');
  });

  it('escalates after Christmas on the first working day, not on the bank holidays', () => {
    // Prepare: the deadline is Thursday 24 December 2026; 25 and 28 December are bank holidays.
    const contract = { endDate: '2027-01-23', noticeDays: 30 };

    // Act
    const deadline = noticeDeadlineOf(contract);
    const escalation = escalationDayOf(contract);

    // Assess
    expect(deadline).toBe('2026-12-24');
    expect(escalation).toBe('2026-12-29');
  });
});

describe('Function: isOverdue', () => {
  // The deadline of a contract ending Tuesday 12 January 2027 with 30 days' notice is Friday 11 December 2026.
  const contract = { status: 'active' as const, endDate: '2027-01-12', noticeDays: 30 };

  it.each([
    ['2026-12-10', false],
    ['2026-12-11', false],
    ['2026-12-12', true],
    ['2027-01-20', true],
  ])('on %s says %s for an undecided contract', (day, expected) => {
    // Act, Assess
    expect(isOverdue(contract, day)).toBe(expected);
  });

  it('is never overdue once decided, whatever the day', () => {
    // Act, Assess
    for (const status of ['renewed', 'ended', 'awaiting-consultation'] as const) {
      expect(isOverdue({ ...contract, status }, '2027-01-01')).toBe(false);
    }
  });
});

describe('Function: personOf', () => {
  it('names the employee with their number, by number alone when no name was given', () => {
    // Act, Assess
    expect(personOf({ employeeName: 'Tom Hughes', employeeNumber: 'SCC900002' })).toBe(
      'Tom Hughes (SCC900002)',
    );
    expect(personOf({ employeeName: 'Tom Hughes' })).toBe('Tom Hughes');
    expect(personOf({ employeeNumber: 'SCC900002' })).toBe('Employee SCC900002');
    expect(personOf({})).toBeUndefined();
  });
});

describe('Function: validateNewContracts with an employee name', () => {
  it('keeps the name of an employment contract and refuses one on an agreement', () => {
    // Act
    const [contract] = validateNewContracts(newContractInput({ employeeName: 'Priya Shah' }), today);
    const errors = fieldErrors(() =>
      validateNewContracts(newAgreementInput({ employeeName: 'Priya Shah' }), today),
    );

    // Assess
    expect(contract?.employeeName).toBe('Priya Shah');
    expect(errors).toEqual([
      { path: 'employeeName', message: "Only an employment contract has an employee's name" },
    ]);
  });
});

describe('Function: needsJustification and validateJustification', () => {
  const warning = {
    code: 'FIXED_TERM_FOUR_YEAR_RULE' as const,
    message: 'Four years',
    at: '2026-06-01T09:00:00.000Z',
  };

  it('asks for a justification while a four-year warning has none', () => {
    // Act, Assess
    expect(needsJustification({ warnings: [] })).toBe(false);
    expect(needsJustification({ warnings: [warning] })).toBe(true);
    expect(
      needsJustification({
        warnings: [warning],
        justifications: [{ text: 'Grant funded', by: 'hr@example.org', at: '2026-06-02T09:00:00.000Z' }],
      }),
    ).toBe(false);
  });

  it('takes trimmed text and refuses blanks, other fields and text over 5,000 characters', () => {
    // Act, Assess
    expect(validateJustification({ text: '  Grant funded until March  ' })).toEqual({
      text: 'Grant funded until March',
    });
    expect(fieldErrors(() => validateJustification({ text: '   ' }))).toEqual([
      { path: 'text', message: 'Enter the objective justification for the fixed term' },
    ]);
    expect(fieldErrors(() => validateJustification({ text: 'x'.repeat(5001) }))).toEqual([
      { path: 'text', message: 'The justification must be 5,000 characters or fewer' },
    ]);
    expect(fieldErrors(() => validateJustification({ text: 'ok', by: 'me' }))).toEqual([
      { path: 'by', message: 'Unknown field: by' },
    ]);
  });
});

describe('Function: renewalTimers', () => {
  it('puts each reminder on the working day on or before end − offset and escalates the working day after the deadline', () => {
    // Act
    const timers = renewalTimers(storedContract(), today);

    // Assess
    expect(timers.map(({ key, dueOn }) => ({ key, dueOn }))).toEqual([
      { key: 'renewal-reminder#90', dueOn: '2026-10-02' },
      { key: 'renewal-reminder#60', dueOn: '2026-10-30' }, // 1 November is a Sunday
      { key: 'renewal-reminder#30', dueOn: '2026-12-01' },
      { key: 'renewal-reminder#14', dueOn: '2026-12-17' },
      { key: 'renewal-reminder#7', dueOn: '2026-12-24' },
      { key: 'renewal-escalation', dueOn: '2026-12-02' },
    ]);
    expect(timers.every((timer) => timer.status === 'pending' && timer.owner === 'contract')).toBe(true);
  });

  it('collapses the reminders whose day has passed into one due today, keyed by the nearest offset', () => {
    // Prepare: ends in 20 days, so 90, 60 and 30 days before have passed.
    const contract = storedContract({ endDate: addCalendarDays(today, 20) });

    // Act
    const timers = renewalTimers(contract, today);

    // Assess
    expect(timers.filter((timer) => timer.dueOn === today).map((timer) => timer.key)).toEqual([
      'renewal-reminder#30',
      'renewal-escalation',
    ]);
    expect(timers.map((timer) => timer.key)).toEqual([
      'renewal-reminder#30',
      'renewal-reminder#14',
      'renewal-reminder#7',
      'renewal-escalation',
    ]);
  });

  it('keeps every reminder on a working day between today and the end, at most one due today, and escalates after the deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 0, max: 365 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 730 }), { minLength: 1, maxLength: 10 }),
        (startOffset, length, noticeDays, reminderDays) => {
          // Prepare
          const createdOn = addCalendarDays('2026-01-01', startOffset);
          const contract = storedContract({
            endDate: addCalendarDays(createdOn, length),
            noticeDays,
            reminderDays,
          });

          // Act
          const timers = renewalTimers(contract, createdOn);

          // Assess
          const reminders = timers.filter((timer) => timer.kind === 'renewal-reminder');
          const escalation = timers.find((timer) => timer.kind === 'renewal-escalation');
          expect(new Set(timers.map((timer) => timer.key)).size).toBe(timers.length);
          expect(reminders.filter((timer) => timer.dueOn === createdOn).length).toBeLessThanOrEqual(1);
          for (const reminder of reminders) {
            expect(reminder.dueOn >= createdOn && reminder.dueOn < contract.endDate).toBe(true);
            if (reminder.dueOn !== createdOn) expect(isWorkingDay(reminder.dueOn)).toBe(true);
          }
          expect(escalation?.dueOn).toBe(
            escalationDayOf(contract) < createdOn ? createdOn : escalationDayOf(contract),
          );
          expect(
            (escalation?.dueOn ?? '') > noticeDeadlineOf(contract) || escalation?.dueOn === createdOn,
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Function: isSupersededReminder', () => {
  const id = storedContract().id;
  const now = new Date('2026-12-18T09:00:00.000Z');

  it('skips a reminder when a nearer one of the same contract is also due', () => {
    // Prepare
    const thirty = pendingTimer('contract', id, 'renewal-reminder', '2026-12-01', 30);
    const fourteen = pendingTimer('contract', id, 'renewal-reminder', '2026-12-17', 14);
    const seven = pendingTimer('contract', id, 'renewal-reminder', '2026-12-24', 7);

    // Act
    const all = [thirty, fourteen, seven];

    // Assess
    expect(isSupersededReminder(thirty, all, now)).toBe(true);
    expect(isSupersededReminder(fourteen, all, now)).toBe(false);
  });

  it('does not count a cancelled nearer reminder', () => {
    // Prepare
    const thirty = pendingTimer('contract', id, 'renewal-reminder', '2026-12-01', 30);
    const fourteen = {
      ...pendingTimer('contract', id, 'renewal-reminder', '2026-12-17', 14),
      status: 'cancelled' as const,
    };

    // Act
    const superseded = isSupersededReminder(thirty, [thirty, fourteen], now);

    // Assess
    expect(superseded).toBe(false);
  });
});

describe('Function: fourYearRuleWarning', () => {
  it('warns when an employment renewal ends on or after the fourth anniversary of continuous service', () => {
    // Prepare
    const contract = storedContract({ continuousServiceStart: '2023-01-01' });

    // Act
    const onTheDay = fourYearRuleWarning(contract, '2027-01-01', '2026-06-01T11:00:00.000Z');
    const dayBefore = fourYearRuleWarning(contract, '2026-12-31', '2026-06-01T11:00:00.000Z');

    // Assess
    expect(onTheDay).toMatchObject({
      code: 'FIXED_TERM_FOUR_YEAR_RULE',
      message: expect.stringContaining('regulation 8'),
    });
    expect(dayBefore).toBeUndefined();
  });

  it('never warns for an agreement', () => {
    // Act
    const warning = fourYearRuleWarning(
      storedContract({ kind: 'agreement', continuousServiceStart: '2010-01-01' }),
      '2030-01-01',
      '2026-06-01T11:00:00.000Z',
    );

    // Assess
    expect(warning).toBeUndefined();
  });

  it('counts four years from 29 February to the next 29 February, a leap year too', () => {
    // Prepare
    const contract = storedContract({ continuousServiceStart: '2024-02-29' });

    // Act
    const dayBefore = fourYearRuleWarning(contract, '2028-02-28', '2026-06-01T11:00:00.000Z');
    const onTheDay = fourYearRuleWarning(contract, '2028-02-29', '2026-06-01T11:00:00.000Z');

    // Assess
    expect(dayBefore).toBeUndefined();
    expect(onTheDay?.message).toContain('reaches four years on 2028-02-29');
  });
});

describe('Function: validateDecision', () => {
  const contract = storedContract();

  it('accepts a renewal with a later end date and an end without one', () => {
    // Act
    const renew = validateDecision(
      { decision: 'renew', newEndDate: '2027-12-31', note: 'Budget agreed' },
      contract,
    );
    const end = validateDecision({ decision: 'end' }, contract);

    // Assess
    expect(renew).toEqual({ decision: 'renew', newEndDate: '2027-12-31', note: 'Budget agreed' });
    expect(end).toEqual({ decision: 'end' });
  });

  it('refuses a renewal without a later end date, an end with one, and unknown fields', () => {
    // Act
    const missing = fieldErrors(() => validateDecision({ decision: 'renew' }, contract));
    const earlier = fieldErrors(() =>
      validateDecision({ decision: 'renew', newEndDate: '2026-12-31' }, contract),
    );
    const endWithDate = fieldErrors(() =>
      validateDecision({ decision: 'end', newEndDate: '2027-12-31' }, contract),
    );
    const unknown = fieldErrors(() => validateDecision({ decision: 'extend', by: 'me' }, contract));

    // Assess
    expect(missing).toEqual([{ path: 'newEndDate', message: 'Enter the new end date' }]);
    expect(earlier).toEqual([
      { path: 'newEndDate', message: expect.stringContaining('after the current end date') },
    ]);
    expect(endWithDate).toEqual([{ path: 'newEndDate', message: 'An ended contract has no new end date' }]);
    expect(
      fieldErrors(() => validateDecision({ decision: 'renew', newEndDate: '2031-06-30' }, contract)),
    ).toEqual([
      { path: 'newEndDate', message: expect.stringContaining('later bank holidays are not known') },
    ]);
    expect(
      fieldErrors(() =>
        validateDecision({ decision: 'renew', newEndDate: '2030-12-31' }, { ...contract, noticeDays: 0 }),
      ),
    ).toEqual([
      { path: 'newEndDate', message: expect.stringContaining('later bank holidays are not known') },
    ]);
    expect(unknown).toEqual(
      expect.arrayContaining([
        { path: 'decision', message: 'Select whether to renew or end the contract' },
        { path: 'by', message: 'Unknown field: by' },
      ]),
    );
  });
});

describe('Function: nextTerm', () => {
  it('starts the day after the old end, keeps its terms and links back to it', () => {
    // Prepare
    const previous = storedContract({ transferId: '22222222-2222-4222-8222-222222222222' });

    // Act
    const term = nextTerm(previous, 'new-id', '2027-12-31', '2026-06-01T11:00:00.000Z', []);

    // Assess
    expect(term).toEqual({
      ...previous,
      id: 'new-id',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      previousContractId: previous.id,
      status: 'active',
      decisions: [],
      warnings: [],
      createdAt: '2026-06-01T11:00:00.000Z',
    });
  });
});
