import { describe, expect, it } from 'vitest';
import { countToldOfCancellation } from '../../../functions/domain/cancellation.ts';
import {
  affectedByDateChange,
  countToldOfDateChange,
  planDateChange,
} from '../../../functions/domain/date-change.ts';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import type { Milestone, MilestoneStatus } from '../../../functions/domain/transfer.ts';
import { emptyCounts, milestonesOf } from '../../../functions/domain/transfer-rules.ts';
import { bankHolidayYears } from '../../../functions/domain/working-days.ts';
import { noonToday, storedTransfer } from '../../fixtures/domain/transfers.ts';

/** Launched 2026-05: election closes 2026-09-15, transfer 2026-10-01; today is 2026-06-01. */
const launched = storedTransfer();

function milestones(statuses: Partial<Record<Milestone['kind'], MilestoneStatus>> = {}): Milestone[] {
  return milestonesOf(launched).map((milestone) => ({
    ...milestone,
    status: statuses[milestone.kind] ?? milestone.status,
  }));
}

function refusal(act: () => unknown): ValidationError | ConflictError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Function: planDateChange', () => {
  it('moves the transfer date and the pending transfer-day milestone when only the transfer date changes', () => {
    // Act
    const plan = planDateChange(launched, milestones(), { transferDate: '2026-11-02' }, noonToday);

    // Assess
    expect(plan.transferDate).toBe('2026-11-02');
    expect(plan.electionClosesOn).toBe('2026-09-15');
    expect(plan.moves).toEqual([{ field: 'transferDate', from: '2026-10-01', to: '2026-11-02' }]);
    const kinds = plan.milestones.map((milestone) => milestone.kind);
    expect(kinds).toContain('transfer-day');
    expect(kinds).not.toContain('election-closes');
    const transferDay = plan.milestones.find((milestone) => milestone.kind === 'transfer-day');
    expect(transferDay).toMatchObject({
      dueOn: '2026-11-02',
      dueAt: '2026-11-02T00:00:00.000Z',
      previousDueOn: '2026-10-01',
      previousDueAt: '2026-09-30T23:00:00.000Z',
    });
  });

  it('moves both dates and every pending milestone that depends on them', () => {
    // Act
    const plan = planDateChange(
      launched,
      milestones(),
      { transferDate: '2026-12-01', electionClosesOn: '2026-10-30' },
      noonToday,
    );

    // Assess
    expect(plan.moves.map((move) => move.field)).toEqual(['transferDate', 'electionClosesOn']);
    expect(plan.milestones.find((milestone) => milestone.kind === 'election-closes')).toMatchObject({
      dueOn: '2026-10-30',
      dueAt: '2026-10-31T00:00:00.000Z',
    });
  });

  it('leaves milestones that are done, started, failed or cancelled where they are', () => {
    // Prepare
    const settled = milestones({ 'election-closes': 'done' });

    // Act
    const plan = planDateChange(
      { ...launched, status: 'election-closed' },
      settled,
      { transferDate: '2026-11-02' },
      noonToday,
    );

    // Assess
    expect(plan.milestones.map((milestone) => milestone.kind)).not.toContain('election-closes');
    expect(plan.milestones.map((milestone) => milestone.kind)).toContain('transfer-day');
  });

  it('ignores a date given unchanged and moves only the other one', () => {
    // Act
    const plan = planDateChange(
      launched,
      milestones(),
      { transferDate: '2026-10-01', electionClosesOn: '2026-09-01' },
      noonToday,
    );

    // Assess
    expect(plan.moves).toEqual([{ field: 'electionClosesOn', from: '2026-09-15', to: '2026-09-01' }]);
  });

  it.each([
    [{}, '', 'Give transferDate, electionClosesOn or both'],
    [
      { transferDate: '2026-02-30' },
      'transferDate',
      'The transfer date must be a real date written as YYYY-MM-DD',
    ],
    [{ transferDate: 20261001 }, 'transferDate', 'Enter the transfer date as YYYY-MM-DD'],
    [{ transferDate: '2026-11-01', status: 'cancelled' }, 'status', 'Unknown field: status'],
    [{ transferDate: '2026-05-31' }, 'transferDate', 'The transfer date must be in the future'],
    [{ transferDate: '2026-06-01' }, 'transferDate', 'The transfer date must be in the future'],
    [
      { electionClosesOn: '2026-05-31' },
      'electionClosesOn',
      'The election closing date must be today or later',
    ],
    [
      { electionClosesOn: '2026-10-01' },
      'electionClosesOn',
      'The election must close before the transfer date',
    ],
    [{ transferDate: '2026-09-15' }, 'transferDate', 'The election must close before the transfer date'],
    [{ transferDate: '2026-10-01' }, '', 'The dates given are the dates the transfer already has'],
    [
      { transferDate: '9999-12-31' },
      'transferDate',
      `The transfer date must be in ${bankHolidayYears.last} or earlier: later bank holidays are not known yet`,
    ],
    [{ transferDate: '0001-01-01' }, 'transferDate', 'The transfer date must be in 1900 or later'],
  ])('refuses %j with a 422 on %s', (input, path, message) => {
    // Act
    const error = refusal(() => planDateChange(launched, milestones(), input, noonToday));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(error.errors).toContainEqual({ path, message });
  });

  it('refuses a transfer date before the consultation closes', () => {
    // Prepare
    const consulting = { ...launched, consultation: { opensOn: '2026-06-10', closesOn: '2026-09-20' } };

    // Act
    const error = refusal(() =>
      planDateChange(
        consulting,
        milestones(),
        { transferDate: '2026-09-18', electionClosesOn: '2026-09-10' },
        noonToday,
      ),
    );

    // Assess
    expect(error.errors).toContainEqual({
      path: 'transferDate',
      message: 'The transfer date cannot be before the consultation closes',
    });
  });

  it.each(['completed', 'cancelled'] as const)('refuses with a 409 when the transfer is %s', (status) => {
    // Act
    const error = refusal(() =>
      planDateChange({ ...launched, status }, milestones(), { transferDate: '2026-11-02' }, noonToday),
    );

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
  });

  it('refuses with a 409 to move the election deadline once the election has closed', () => {
    // Act
    const closed = refusal(() =>
      planDateChange(
        { ...launched, status: 'election-closed' },
        milestones({ 'election-closes': 'done' }),
        { electionClosesOn: '2026-09-25' },
        noonToday,
      ),
    );
    const closing = refusal(() =>
      planDateChange(
        launched,
        milestones({ 'election-closes': 'running' }),
        { electionClosesOn: '2026-09-25' },
        noonToday,
      ),
    );
    const pastDeadline = refusal(() =>
      planDateChange(
        launched,
        milestones(),
        { electionClosesOn: '2026-09-25' },
        new Date('2026-09-16T10:00:00Z'),
      ),
    );

    // Assess
    for (const error of [closed, closing, pastDeadline]) {
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.errors).toEqual([
        { path: 'electionClosesOn', message: 'The pension election has already closed' },
      ]);
    }
  });

  it('moves the dates of a draft, which has no milestones yet', () => {
    // Act
    const plan = planDateChange(
      { ...launched, status: 'draft' },
      [],
      { electionClosesOn: '2026-09-01' },
      noonToday,
    );

    // Assess
    expect(plan.moves).toHaveLength(1);
    expect(plan.milestones).toEqual([]);
  });
});

describe('Function: affectedByDateChange', () => {
  it.each([
    ['imported', true],
    ['invited', true],
    ['elected', true],
    ['defaulted', true],
    ['objected', false],
    ['excluded', false],
    ['transferred', false],
    ['employment-ended', false],
  ] as const)('answers %s → %s', (status, affected) => {
    // Assess
    expect(affectedByDateChange({ status })).toBe(affected);
  });
});

describe('Function: countToldOfDateChange and countToldOfCancellation', () => {
  const counts = { ...emptyCounts(), invited: 5, elected: 3, defaulted: 2, objected: 1, excluded: 4 };

  it('counts everyone still in scope for a date change, and no one while a draft', () => {
    // Act
    const told = countToldOfDateChange({ status: 'launched', counts });
    const draft = countToldOfDateChange({ status: 'draft', counts: { ...emptyCounts(), imported: 9 } });

    // Assess
    expect([told, draft]).toEqual([10, 0]);
  });

  it('counts everyone who was told of the transfer for a cancel, objectors included, and no one before launch', () => {
    // Act
    const told = countToldOfCancellation({ launchedAt: '2026-05-02T09:00:00.000Z', counts });
    const draft = countToldOfCancellation({ counts: { ...emptyCounts(), imported: 9 } });

    // Assess
    expect([told, draft]).toEqual([11, 0]);
  });
});
