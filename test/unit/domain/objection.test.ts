import { describe, expect, it } from 'vitest';
import { milestonesToCancel, toldOfCancellation } from '../../../functions/domain/cancellation.ts';
import { tallyChanges, transferDayChange } from '../../../functions/domain/election.ts';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { objectionChange } from '../../../functions/domain/objection.ts';
import { noonToday, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const transfer = storedTransfer(); // transfer date 2026-10-01; today 2026-06-01
const chose = { option: 'NHSPS', how: 'staff' as const, at: '2026-05-20T10:00:00.000Z' };

function refusal(act: () => unknown): ValidationError | ConflictError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Function: objectionChange', () => {
  it('makes the person objected, takes their election out of the tallies and records who and when', () => {
    // Prepare
    const person = staffCase({ status: 'elected', election: chose });

    // Act
    const change = objectionChange(
      transfer,
      person,
      { receivedOn: '2026-05-28', note: 'Letter filed in HR' },
      'hr@council.example.org',
      noonToday,
    );

    // Assess
    expect(change).toMatchObject({
      expectedStatus: 'elected',
      status: 'objected',
      previousElection: chose,
      objection: {
        receivedOn: '2026-05-28',
        note: 'Letter filed in HR',
        recordedAt: noonToday.toISOString(),
        recordedBy: 'hr@council.example.org',
        electionBefore: chose,
      },
      event: {
        at: noonToday.toISOString(),
        by: 'hr@council.example.org',
        action: 'objected',
        from: 'elected',
        to: 'objected',
        receivedOn: '2026-05-28',
      },
    });
    expect(change?.election).toBeUndefined();
    expect(JSON.stringify(change?.event)).not.toContain('Letter filed');
    expect(tallyChanges(change ? [change] : [])).toEqual({
      counts: { elected: -1, objected: 1 },
      elections: { NHSPS: -1 },
    });
  });

  it('ends the employment of someone who objected on transfer day', () => {
    // Prepare
    const change = objectionChange(transfer, staffCase(), { receivedOn: '2026-06-01' }, 'hr', noonToday);

    // Act
    const onTransferDay = transferDayChange(
      { ...staffCase(), status: change?.status ?? 'invited' },
      noonToday,
    );

    // Assess
    expect(onTransferDay?.status).toBe('employment-ended');
  });

  it('answers no change when the same objection is recorded again', () => {
    // Prepare
    const objected = staffCase({
      status: 'objected',
      objection: { receivedOn: '2026-05-28', recordedAt: 'x', recordedBy: 'hr' },
    });

    // Act
    const change = objectionChange(transfer, objected, { receivedOn: '2026-05-28' }, 'hr', noonToday);

    // Assess
    expect(change).toBeUndefined();
  });

  it.each([
    [{}, 'receivedOn', 'Enter the date the objection was received as YYYY-MM-DD'],
    [
      { receivedOn: '2026-13-01' },
      'receivedOn',
      'The date the objection was received must be a real date written as YYYY-MM-DD',
    ],
    [
      { receivedOn: '2026-06-02' },
      'receivedOn',
      'The date the objection was received cannot be in the future',
    ],
    [{ receivedOn: '2026-05-01', reason: 'x' }, 'reason', 'Unknown field: reason'],
    [
      { receivedOn: '2026-05-01', note: 'x'.repeat(2001) },
      'note',
      'The note must be 2,000 characters or fewer',
    ],
  ])('refuses %j with a 422 on %s', (input, path, message) => {
    // Act
    const error = refusal(() => objectionChange(transfer, staffCase(), input, 'hr', noonToday));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toContainEqual({ path, message });
  });

  it('refuses an objection received on or after the transfer date (TUPE reg 4(7))', () => {
    // Prepare
    const onTransferDay = new Date('2026-10-01T12:00:00Z');

    // Act
    const error = refusal(() =>
      objectionChange(
        { ...transfer, status: 'election-closed' },
        staffCase(),
        { receivedOn: '2026-10-01' },
        'hr',
        onTransferDay,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual([
      { path: 'receivedOn', message: 'The objection must have been received before the transfer date' },
    ]);
  });

  it.each(['objected', 'transferred', 'employment-ended', 'excluded'] as const)(
    'refuses with a 409 for a person who is %s',
    (status) => {
      // Act
      const error = refusal(() =>
        objectionChange(transfer, staffCase({ status }), { receivedOn: '2026-05-28' }, 'hr', noonToday),
      );

      // Assess
      expect(error).toBeInstanceOf(ConflictError);
    },
  );

  it.each(['completed', 'cancelled'] as const)('refuses with a 409 when the transfer is %s', (status) => {
    // Act
    const error = refusal(() =>
      objectionChange({ ...transfer, status }, staffCase(), { receivedOn: '2026-05-28' }, 'hr', noonToday),
    );

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe('Function: milestonesToCancel', () => {
  it('answers the pending milestones and leaves the others', () => {
    // Act
    const kinds = milestonesToCancel({ status: 'election-closed' }, [
      { kind: 'election-closes', status: 'done' },
      { kind: 'transfer-day', status: 'pending' },
    ]);

    // Assess
    expect(kinds).toEqual(['transfer-day']);
  });

  it('refuses with a 409 to cancel a completed transfer', () => {
    // Act
    const error = refusal(() => milestonesToCancel({ status: 'completed' }, []));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe('Function: toldOfCancellation', () => {
  it('tells the people who were told of a launched transfer, and no one on a draft', () => {
    // Prepare
    const launched = { launchedAt: '2026-05-02T09:00:00.000Z' };

    // Assess
    expect(toldOfCancellation(launched, { status: 'invited' })).toBe(true);
    expect(toldOfCancellation(launched, { status: 'objected' })).toBe(true);
    expect(toldOfCancellation(launched, { status: 'imported' })).toBe(false);
    expect(toldOfCancellation({}, { status: 'invited' })).toBe(false);
  });
});

describe('Function: objectionChange (bad input)', () => {
  it.each([
    [
      { receivedOn: '0001-01-01' },
      'receivedOn',
      'The date the objection was received must be in 1900 or later',
    ],
    [
      { receivedOn: '2026-06-01', note: 'Received by post\u0000\u001b[31m' },
      'note',
      'The note must not contain control characters',
    ],
  ])('refuses %j with a 422 on %s', (input, path, message) => {
    // Act
    const act = () => objectionChange(storedTransfer(), staffCase(), input, 'hr', noonToday);

    // Assess
    expect(act).toThrow(ValidationError);
    try {
      act();
    } catch (error) {
      expect((error as ValidationError).errors).toContainEqual({ path, message });
    }
  });

  it('keeps the line breaks of a note', () => {
    // Act
    const change = objectionChange(
      storedTransfer(),
      staffCase(),
      { receivedOn: '2026-06-01', note: 'Letter of 1 June.\r\nSigned by the employee.' },
      'hr',
      noonToday,
    );

    // Assess
    expect(JSON.stringify(change)).toContain('Letter of 1 June.\\r\\nSigned by the employee.');
  });
});
