import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, businessDateOf } from '../../../functions/domain/business-dates.ts';
import { type FieldError, ValidationError } from '../../../functions/domain/errors.ts';
import {
  caseStatuses,
  type Milestone,
  shardSize,
  transferStatuses,
} from '../../../functions/domain/transfer.ts';
import {
  emptyCounts,
  isElectionOpen,
  lastSchedulableDate,
  linkExpiresAt,
  milestonesOf,
  type NewTransfer,
  shardOfIndex,
  shardsOf,
  validateNewTransfer,
} from '../../../functions/domain/transfer-rules.ts';
import {
  bankHolidayYears,
  isWorkingDay,
  workingDayOnOrBefore,
} from '../../../functions/domain/working-days.ts';
import { newTransferInput, pensionOptions, today } from '../../fixtures/domain/transfers.ts';

/** The field errors validateNewTransfer throws for `input`, or fails the test if it accepts it. */
function fieldErrorsFor(input: unknown, on = today): FieldError[] {
  try {
    validateNewTransfer(input, on);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors ?? [];
  }
  throw new Error('validateNewTransfer accepted the input');
}

const pathsOf = (errors: FieldError[]) => errors.map((error) => error.path);

const pension = (overrides: Record<string, unknown>) => ({
  options: pensionOptions,
  defaultOption: 'LGPS',
  electionClosesOn: '2026-09-15',
  ...overrides,
});

const anyDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('Function: validateNewTransfer', () => {
  it('returns the transfer with the legal basis TUPE when none is given', () => {
    // Prepare
    const input = newTransferInput();

    // Act
    const transfer = validateNewTransfer(input, today);

    // Assess
    expect(transfer).toEqual({ ...input, legalBasis: 'TUPE', retentionYears: 6, informationLeadDays: 30 });
  });

  it('keeps the transferee contact and a retention period given with the transfer', () => {
    // Prepare
    const input = {
      ...newTransferInput(),
      transfereeContact: { name: 'Jo Patel', email: 'jo.patel@trust.example' },
      retentionYears: 8,
    };

    // Act
    const transfer = validateNewTransfer(input, today);

    // Assess
    expect(transfer).toMatchObject({ transfereeContact: input.transfereeContact, retentionYears: 8 });
  });

  it('refuses a retention period of no years', () => {
    // Act
    const refused = () => validateNewTransfer({ ...newTransferInput(), retentionYears: 0 }, today);

    // Assess
    expect(refused).toThrow(ValidationError);
  });

  it('keeps the legal basis it is given and trims the names', () => {
    // Prepare
    const input = newTransferInput({ legalBasis: 'COSOP', name: '  Integration  ', transferee: ' Trust ' });

    // Act
    const transfer = validateNewTransfer(input, today);

    // Assess
    expect(transfer).toMatchObject({ legalBasis: 'COSOP', name: 'Integration', transferee: 'Trust' });
  });

  it('accepts an election that closes today', () => {
    // Prepare
    const input = newTransferInput({
      transferDate: '2026-06-03',
      pension: pension({ electionClosesOn: today }),
    });

    // Act
    const transfer = validateNewTransfer(input, today);

    // Assess
    expect(transfer.pension.electionClosesOn).toBe(today);
  });

  it('accepts a consultation that opens today and closes on the transfer date', () => {
    // Prepare
    const consultation = { opensOn: today, closesOn: '2026-10-01' };

    // Act
    const transfer = validateNewTransfer(newTransferInput({ consultation }), today);

    // Assess
    expect(transfer.consultation).toEqual(consultation);
  });

  it.each([
    ['an unknown legal basis', { legalBasis: 'secondment' }, 'legalBasis'],
    ['an impossible transfer date', { transferDate: '2026-02-30' }, 'transferDate'],
    ['a transfer date written the UK way', { transferDate: '01/10/2026' }, 'transferDate'],
    ['a transfer date as a number', { transferDate: 20261001 }, 'transferDate'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a transferor of 201 characters', { transferor: 'x'.repeat(201) }, 'transferor'],
    [
      'an impossible election closing date',
      { pension: pension({ electionClosesOn: '2026-09-31' }) },
      'pension.electionClosesOn',
    ],
    ['no pension options', { pension: pension({ options: [] }) }, 'pension.options'],
    [
      'a lower-case option code',
      { pension: pension({ options: [{ code: 'lgps', label: 'Lower case' }] }) },
      'pension.options[0].code',
    ],
    [
      'an option without a label',
      { pension: pension({ options: [pensionOptions[0], { code: 'NHSPS', label: '' }] }) },
      'pension.options[1].label',
    ],
    [
      'eleven options',
      {
        pension: pension({
          options: Array.from({ length: 11 }, (_, index) => ({ code: `OPTION${index}`, label: 'An option' })),
        }),
      },
      'pension.options',
    ],
    [
      'an impossible consultation closing date',
      { consultation: { opensOn: '2026-07-01', closesOn: '2026-07-32' } },
      'consultation.closesOn',
    ],
  ])('refuses %s with an error on %s', (_, overrides, path) => {
    // Act
    const errors = fieldErrorsFor(newTransferInput(overrides));

    // Assess
    expect(pathsOf(errors)).toEqual([path]);
  });

  it('lists every missing field at once', () => {
    // Act
    const errors = fieldErrorsFor({});

    // Assess
    expect(pathsOf(errors).sort()).toEqual(['name', 'pension', 'transferDate', 'transferee', 'transferor']);
  });

  it('lists every missing pension setting with its dotted path', () => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ pension: {} }));

    // Assess
    expect(pathsOf(errors).sort()).toEqual([
      'pension.defaultOption',
      'pension.electionClosesOn',
      'pension.options',
    ]);
  });

  it('words every error for a person, never as a parser message', () => {
    // Act
    const errors = fieldErrorsFor({ consultation: 'soon' });

    // Assess
    for (const error of errors) expect(error.message).not.toMatch(/^Invalid input/);
  });

  it('refuses unknown fields, naming them in the message', () => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ budget: 1000 }));

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('budget');
  });

  it.each([
    [newTransferInput({ budget: 1000 }), 'budget'],
    [newTransferInput({ pension: pension({ employerRate: 0.2 }) }), 'pension.employerRate'],
    [
      newTransferInput({ pension: pension({ options: [{ ...pensionOptions[0], colour: 'red' }] }) }),
      'pension.options[0].colour',
    ],
  ])('puts the unknown field in the error path, so a form can point at it (%#)', (input, path) => {
    // Act
    const errors = fieldErrorsFor(input);

    // Assess
    expect(pathsOf(errors)).toEqual([path]);
  });

  it.each([
    ['today', today],
    ['yesterday', '2026-05-31'],
  ])('refuses a transfer date of %s', (_, transferDate) => {
    // Act
    const errors = fieldErrorsFor(
      newTransferInput({ transferDate, pension: pension({ electionClosesOn: '2026-05-30' }) }),
    );

    // Assess
    expect(errors).toContainEqual({
      path: 'transferDate',
      message: 'The transfer date must be in the future',
    });
  });

  it('refuses a transfer date after the last year of known bank holidays, and accepts its last day', () => {
    // Prepare
    const lastDay = `${bankHolidayYears.last}-12-31`;
    const dayAfter = addCalendarDays(lastDay, 1);

    // Act
    const errors = fieldErrorsFor(newTransferInput({ transferDate: dayAfter }));
    const accepted = validateNewTransfer(newTransferInput({ transferDate: lastDay }), today);

    // Assess
    expect(errors).toEqual([
      {
        path: 'transferDate',
        message: `The transfer date must be in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`,
      },
    ]);
    expect(accepted.transferDate).toBe(lastDay);
    expect(lastSchedulableDate()).toBe(lastDay);
  });

  it('refuses an election that closed yesterday', () => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ pension: pension({ electionClosesOn: '2026-05-31' }) }));

    // Assess
    expect(errors).toEqual([
      { path: 'pension.electionClosesOn', message: 'The election closing date must be today or later' },
    ]);
  });

  it.each([
    ['on', '2026-10-01'],
    ['after', '2026-10-02'],
  ])('refuses an election that closes %s the transfer date', (_, electionClosesOn) => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ pension: pension({ electionClosesOn }) }));

    // Assess
    expect(errors).toEqual([
      { path: 'pension.electionClosesOn', message: 'The election must close before the transfer date' },
    ]);
  });

  it('points at each repeat of an option code', () => {
    // Prepare
    const options = [
      { code: 'LGPS', label: 'Stay' },
      { code: 'NHSPS', label: 'Join' },
      { code: 'LGPS', label: 'Stay again' },
    ];

    // Act
    const errors = fieldErrorsFor(newTransferInput({ pension: pension({ options }) }));

    // Assess
    expect(pathsOf(errors)).toEqual(['pension.options[2].code']);
  });

  it('refuses a default that is not one of the options', () => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ pension: pension({ defaultOption: 'CARE' }) }));

    // Assess
    expect(pathsOf(errors)).toEqual(['pension.defaultOption']);
  });

  it('refuses a transferee that is the transferor, whatever the case and spacing', () => {
    // Act
    const errors = fieldErrorsFor(
      newTransferInput({
        transferor: 'Staffordshire County Council',
        transferee: ' staffordshire county COUNCIL ',
      }),
    );

    // Assess
    expect(pathsOf(errors)).toEqual(['transferee']);
  });

  it.each([
    [{ opensOn: '2026-05-31', closesOn: '2026-07-01' }, 'consultation.opensOn'],
    [{ opensOn: '2026-07-01', closesOn: '2026-07-01' }, 'consultation.closesOn'],
    [{ opensOn: '2026-07-01', closesOn: '2026-06-30' }, 'consultation.closesOn'],
    [{ opensOn: '2026-07-01', closesOn: '2026-10-02' }, 'consultation.closesOn'],
    [{ opensOn: '2026-07-01', closesOn: '2026-08-01', public: true }, 'consultation'],
  ])('refuses the consultation %j with an error on %s', (consultation, path) => {
    // Act
    const errors = fieldErrorsFor(newTransferInput({ consultation }));

    // Assess
    expect(pathsOf(errors)).toHaveLength(1);
    expect(pathsOf(errors)[0]).toMatch(new RegExp(`^${path.replace('.', '\\.')}`));
  });

  it('reports every broken rule at once', () => {
    // Prepare
    const input = newTransferInput({
      transferor: 'Trust',
      transferee: 'trust',
      transferDate: today,
      pension: pension({ defaultOption: 'NONE', electionClosesOn: '2026-05-01' }),
    });

    // Act
    const errors = fieldErrorsFor(input);

    // Assess
    expect(pathsOf(errors).sort()).toEqual([
      'pension.defaultOption',
      'pension.electionClosesOn',
      'transferDate',
      'transferee',
    ]);
  });

  it.each([[null], ['a transfer'], [42], [[]]])('refuses %j, which is not an object', (input) => {
    // Act
    const errors = fieldErrorsFor(input);

    // Assess
    expect(errors).toHaveLength(1);
  });
});

describe('Function: milestonesOf', () => {
  const byKind = (milestones: Milestone[]) =>
    Object.fromEntries(milestones.map((milestone) => [milestone.kind, milestone]));

  it('closes the election at the end of its closing day, moves staff at the start of transfer day and puts the reminders before them (BST)', () => {
    // Prepare
    const transfer = {
      transferDate: '2026-10-01',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-09-15' },
    };

    // Act
    const milestones = milestonesOf(transfer);

    // Assess: the reminders fall on working days, Thursday 27 August, Thursday 3 and Tuesday 8 September.
    expect(milestones).toEqual([
      {
        kind: 'liability-information-reminder',
        dueOn: '2026-08-27',
        dueAt: '2026-08-26T23:00:00.000Z',
        status: 'pending',
      },
      {
        kind: 'liability-information-due',
        dueOn: '2026-09-03',
        dueAt: '2026-09-02T23:00:00.000Z',
        status: 'pending',
      },
      {
        kind: 'election-reminder',
        dueOn: '2026-09-08',
        dueAt: '2026-09-07T23:00:00.000Z',
        status: 'pending',
      },
      { kind: 'election-closes', dueOn: '2026-09-15', dueAt: '2026-09-15T23:00:00.000Z', status: 'pending' },
      // TUPE reg 13: three days before the transfer, Monday 28 September.
      {
        kind: 'representations-reminder',
        dueOn: '2026-09-28',
        dueAt: '2026-09-27T23:00:00.000Z',
        status: 'pending',
      },
      { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
    ]);
  });

  it('uses GMT in winter and the 25-hour day when the clocks go back', () => {
    // Prepare
    const transfer = {
      transferDate: '2026-12-01',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-10-25' },
    };

    // Act
    const milestones = byKind(milestonesOf(transfer));

    // Assess
    expect(milestones['election-closes']?.dueAt).toBe('2026-10-26T00:00:00.000Z');
    expect(milestones['transfer-day']?.dueAt).toBe('2026-12-01T00:00:00.000Z');
    expect(milestones['liability-information-due']).toMatchObject({
      dueOn: '2026-11-03',
      dueAt: '2026-11-03T00:00:00.000Z',
    });
  });

  it('moves a reminder that would fall on Easter Monday back past the weekend and Good Friday', () => {
    // Prepare: 7 days before 5 April 2027, and 28 days before 26 April 2027, are both Easter Monday.
    const transfer = {
      transferDate: '2027-04-26',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2027-04-05' },
    };

    // Act
    const milestones = byKind(milestonesOf(transfer));

    // Assess
    expect(milestones['election-reminder']).toMatchObject({
      dueOn: '2027-03-25',
      dueAt: '2027-03-25T00:00:00.000Z',
    });
    expect(milestones['liability-information-due']).toMatchObject({
      dueOn: '2027-03-25',
      dueAt: '2027-03-25T00:00:00.000Z',
    });
  });

  it('moves a reminder that would fall on a Saturday to the Friday before', () => {
    // Prepare: 7 days before Saturday 19 June 2027 is Saturday 12 June.
    const transfer = {
      transferDate: '2027-09-01',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2027-06-19' },
    };

    // Act
    const milestones = byKind(milestonesOf(transfer));

    // Assess
    expect(milestones['election-reminder']?.dueOn).toBe('2027-06-11');
  });

  it('leaves out a reminder whose day has passed at launch, and the election reminder on launch day itself', () => {
    // Prepare: launched on Tuesday 8 September 2026, the election reminder's own day.
    const transfer = {
      transferDate: '2026-10-06',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-09-15' },
    };

    // Act
    const onReminderDay = milestonesOf(transfer, '2026-09-08').map((milestone) => milestone.kind);
    const onLiabilityDay = milestonesOf(transfer, '2026-09-08').find(
      (milestone) => milestone.kind === 'liability-information-due',
    );
    const dayAfter = milestonesOf(transfer, '2026-09-09').map((milestone) => milestone.kind);
    const dayBefore = milestonesOf(transfer, '2026-09-07').map((milestone) => milestone.kind);

    // Assess: the liability reminder is due Tuesday 8 September too (6 October − 28 days).
    expect(onLiabilityDay?.dueOn).toBe('2026-09-08');
    expect(onReminderDay).toEqual([
      'liability-information-due',
      'election-closes',
      'representations-reminder',
      'transfer-day',
    ]);
    expect(dayAfter).toEqual(['election-closes', 'representations-reminder', 'transfer-day']);
    expect(dayBefore).toEqual([
      'election-reminder',
      'liability-information-due',
      'election-closes',
      'representations-reminder',
      'transfer-day',
    ]);
  });

  it('makes the election-closes milestone due no later than transfer day, and each reminder a working day before what it reminds of, for any valid dates', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.integer({ min: 1, max: 400 }), (daysFromToday, daysBetween) => {
        // Prepare
        const electionClosesOn = addCalendarDays(today, daysFromToday);
        const input = newTransferInput({
          transferDate: addCalendarDays(electionClosesOn, daysBetween),
          pension: pension({ electionClosesOn }),
        });
        let transfer: NewTransfer | undefined;
        try {
          transfer = validateNewTransfer(input, today);
        } catch {
          transfer = undefined;
        }
        fc.pre(transfer !== undefined);
        const valid = transfer as NewTransfer;

        // Act
        const milestones = milestonesOf(valid, today);
        const {
          'election-closes': electionCloses,
          'transfer-day': transferDay,
          ...reminders
        } = byKind(milestones);

        // Assess
        expect(electionCloses?.kind).toBe('election-closes');
        expect(transferDay?.kind).toBe('transfer-day');
        expect(Date.parse(electionCloses?.dueAt ?? '')).toBeLessThanOrEqual(
          Date.parse(transferDay?.dueAt ?? ''),
        );
        expect(milestones.map((milestone) => milestone.dueAt)).toEqual(
          milestones.map((milestone) => milestone.dueAt).sort(),
        );
        const reminder = reminders['election-reminder'];
        if (reminder) {
          expect(isWorkingDay(reminder.dueOn)).toBe(true);
          expect(reminder.dueOn > today).toBe(true);
          expect(reminder.dueOn <= addCalendarDays(valid.pension.electionClosesOn, -7)).toBe(true);
        } else {
          expect(workingDayOnOrBefore(addCalendarDays(valid.pension.electionClosesOn, -7)) <= today).toBe(
            true,
          );
        }
        const liability = reminders['liability-information-due'];
        if (liability) {
          expect(isWorkingDay(liability.dueOn)).toBe(true);
          expect(liability.dueOn >= today).toBe(true);
          expect(liability.dueOn <= addCalendarDays(valid.transferDate, -28)).toBe(true);
        } else {
          expect(workingDayOnOrBefore(addCalendarDays(valid.transferDate, -28)) < today).toBe(true);
        }
      }),
      // The election closing on the day before the transfer date.
      { examples: [[121, 1]] },
    );
  });
});

describe('Function: isElectionOpen', () => {
  const launched = (electionClosesOn: string) => ({
    status: 'launched' as const,
    pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn },
  });

  it.each([
    ['2026-09-15', '2026-09-15T22:59:59.999Z', true, 'at 23:59:59.999 on the closing day in BST'],
    ['2026-09-15', '2026-09-15T23:00:00.000Z', false, 'from midnight after the closing day in BST'],
    ['2026-12-15', '2026-12-15T23:59:59.999Z', true, 'at 23:59:59.999 on the closing day in GMT'],
    ['2026-12-15', '2026-12-16T00:00:00.000Z', false, 'from midnight after the closing day in GMT'],
    ['2026-09-15', '2026-06-01T11:00:00.000Z', true, 'months before the closing day'],
    ['2026-10-25', '2026-10-25T23:59:59.999Z', true, 'late on the day the clocks go back'],
    ['2026-03-29', '2026-03-29T23:00:00.000Z', false, 'from midnight after the day the clocks go forward'],
  ])('for an election closing on %s at %s answers %s (%s)', (electionClosesOn, now, open) => {
    // Act
    const answer = isElectionOpen(launched(electionClosesOn), new Date(now));

    // Assess
    expect(answer).toBe(open);
  });

  it.each(transferStatuses.filter((status) => status !== 'launched'))(
    'is closed while the transfer is %s, even before the closing day',
    (status) => {
      // Act
      const answer = isElectionOpen({ ...launched('2026-09-15'), status }, new Date('2026-06-01T11:00:00Z'));

      // Assess
      expect(answer).toBe(false);
    },
  );

  it('is open exactly while the London date is on or before the closing day', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2101-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (electionClosesOn, now) => {
          // Act
          const answer = isElectionOpen(launched(electionClosesOn), now);

          // Assess
          expect(answer).toBe(businessDateOf(now) <= electionClosesOn);
        },
      ),
    );
  });
});

describe('Function: shardsOf', () => {
  it.each([
    [0, []],
    [1, [0]],
    [100, [0]],
    [101, [0, 1]],
    [907, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ])('gives %i people the shards %j', (total, shards) => {
    // Act
    const answer = shardsOf(total);

    // Assess
    expect(answer).toEqual(shards);
  });

  it('has a shard for every roster index, each shard holding 1 to 100 people', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (total) => {
        // Act
        const shards = shardsOf(total);
        const people = new Map<number, number>();
        for (let index = 0; index < total; index++) {
          const shard = shardOfIndex(index);
          people.set(shard, (people.get(shard) ?? 0) + 1);
        }

        // Assess
        expect(shardSize).toBeLessThanOrEqual(100);
        expect([...people.keys()]).toEqual(shards);
        for (const count of people.values()) {
          expect(count).toBeGreaterThanOrEqual(1);
          expect(count).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('Function: emptyCounts', () => {
  it('has every case status at zero', () => {
    // Act
    const counts = emptyCounts();

    // Assess
    expect(Object.keys(counts).sort()).toEqual([...caseStatuses].sort());
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });
});

describe('Function: linkExpiresAt', () => {
  it('ends personal links at the start of the 60th day after the transfer date, in London', () => {
    // Act
    const expiresAt = linkExpiresAt('2026-10-01');

    // Assess
    expect(expiresAt.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});
