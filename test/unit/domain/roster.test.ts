import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldError, PayloadTooLargeError, ValidationError } from '../../../functions/domain/errors.ts';
import { employeeKey, maxRowsPerRequest, validateRoster } from '../../../functions/domain/roster.ts';
import { rosterRow, rosterRows, today } from '../../fixtures/domain/transfers.ts';

const nothingStored: ReadonlySet<string> = new Set();

/** The error validateRoster throws for `rows`, or fails the test if it accepts them. */
function rosterErrorFor(rows: unknown[], alreadyStored = nothingStored): ValidationError {
  try {
    validateRoster(rows, alreadyStored, today);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('validateRoster accepted the rows');
}

const pathsOf = (errors: FieldError[] | undefined) => (errors ?? []).map((error) => error.path);

describe('Function: validateRoster', () => {
  it('returns every row, trimmed, when all of them are valid', () => {
    // Prepare
    const rows = [
      rosterRow({
        employeeNumber: ' E1001 ',
        name: ' Asha Patel ',
        email: ' asha.patel@council.example.org ',
      }),
      rosterRow({
        employeeNumber: 'E1002',
        name: 'Ben Okafor',
        email: 'ben.okafor@council.example.org',
        contractType: 'fixed-term',
        contractEndDate: '2027-03-31',
      }),
    ];

    // Act
    const valid = validateRoster(rows, nothingStored, today);

    // Assess
    expect(valid).toEqual([
      rosterRow({ employeeNumber: 'E1001', name: 'Asha Patel', email: 'asha.patel@council.example.org' }),
      rows[1],
    ]);
  });

  it('accepts a row without the optional team, manager and end date', () => {
    // Prepare
    const { team: _team, managerEmail: _manager, ...row } = rosterRow();

    // Act
    const [valid] = validateRoster([row], nothingStored, today);

    // Assess
    expect(valid).toEqual(row);
  });

  it('refuses the whole roster for one bad row, pointing only at that row', () => {
    // Prepare
    const rows = rosterRows(5);
    rows[3] = { ...rows[3], email: 'not-an-email' };

    // Act
    const error = rosterErrorFor(rows);

    // Assess
    expect(error.errors).toEqual([
      {
        path: 'staff[3].email',
        message: 'Enter the email address in the correct format, like name@example.org',
      },
    ]);
    expect(error.message).toContain('1 row');
  });

  it('gives an error for each bad field of each bad row', () => {
    // Prepare
    const rows = rosterRows(4);
    rows[0] = { ...rows[0], jobTitle: '  ', contractType: 'casual' };
    const { email: _email, ...withoutEmail } = rows[2] as Record<string, unknown>;
    rows[2] = { ...withoutEmail, continuousServiceStart: '2015-02-29' };

    // Act
    const error = rosterErrorFor(rows);

    // Assess
    expect(pathsOf(error.errors).sort()).toEqual([
      'staff[0].contractType',
      'staff[0].jobTitle',
      'staff[2].continuousServiceStart',
      'staff[2].email',
    ]);
    expect(error.message).toBe('2 rows have errors; nothing was added');
  });

  it.each([
    ['null', null],
    ['a string', 'E1001,Asha Patel'],
    ['a list', ['E1001']],
  ])('points at the row itself when a row is %s', (_, row) => {
    // Act
    const error = rosterErrorFor([rosterRow(), row]);

    // Assess
    expect(pathsOf(error.errors)).toEqual(['staff[1]']);
  });

  it.each([
    ['the employee number', { employeeNumber: 'E 1001' }, 'staff[0].employeeNumber'],
    ['the employee number', { employeeNumber: 'E'.repeat(21) }, 'staff[0].employeeNumber'],
    ['the employee number', { employeeNumber: 1001 }, 'staff[0].employeeNumber'],
    ['the email', { email: 'asha.patel' }, 'staff[0].email'],
    ['the email', { email: 'asha@' }, 'staff[0].email'],
    ['the email', { email: 'asha patel@council.example.org' }, 'staff[0].email'],
    ["the manager's email", { managerEmail: 'sam.jones' }, 'staff[0].managerEmail'],
    ['the name', { name: 'x'.repeat(201) }, 'staff[0].name'],
    ['the pension scheme', { currentPensionScheme: '' }, 'staff[0].currentPensionScheme'],
    ['the service start', { continuousServiceStart: '01/04/2015' }, 'staff[0].continuousServiceStart'],
  ])('refuses a bad value of %s (%j)', (_, overrides, path) => {
    // Act
    const error = rosterErrorFor([rosterRow(overrides)]);

    // Assess
    expect(pathsOf(error.errors)).toEqual([path]);
  });

  it('refuses an employee number repeated in the file, whatever its case, each row naming the others', () => {
    // Prepare
    const rows = [
      rosterRow({ employeeNumber: 'E1001' }),
      rosterRow({ employeeNumber: 'E1002' }),
      rosterRow({ employeeNumber: ' e1001 ' }),
      rosterRow({ employeeNumber: 'E1001' }),
    ];

    // Act
    const error = rosterErrorFor(rows);

    // Assess
    expect(error.errors).toEqual([
      { path: 'staff[0].employeeNumber', message: 'The employee number E1001 is also on rows 3 and 4' },
      { path: 'staff[2].employeeNumber', message: 'The employee number e1001 is also on rows 1 and 4' },
      { path: 'staff[3].employeeNumber', message: 'The employee number E1001 is also on rows 1 and 3' },
    ]);
  });

  it("reports a repeated employee number in the same pass as the row's other errors, naming both rows", () => {
    // Prepare
    const rows = [
      rosterRow({ employeeNumber: 'E1001' }),
      rosterRow({ employeeNumber: 'E1001', email: 'nobody', contractType: 'fixed-term' }),
    ];

    // Act
    const error = rosterErrorFor(rows);

    // Assess
    expect(error.errors).toEqual([
      { path: 'staff[0].employeeNumber', message: 'The employee number E1001 is also on row 2' },
      {
        path: 'staff[1].email',
        message: 'Enter the email address in the correct format, like name@example.org',
      },
      {
        path: 'staff[1].contractEndDate',
        message: 'Enter the contract end date of a fixed-term contract',
      },
      { path: 'staff[1].employeeNumber', message: 'The employee number E1001 is also on row 1' },
    ]);
    expect(error.message).toBe('2 rows have errors; nothing was added');
  });

  it("reports a number already on the roster and a future service start with the row's other errors", () => {
    // Prepare
    const alreadyStored = new Set([employeeKey('E1001')]);
    const rows = [rosterRow({ employeeNumber: 'E1001', name: '', continuousServiceStart: '2099-01-01' })];

    // Act
    const error = rosterErrorFor(rows, alreadyStored);

    // Assess
    expect(error.errors).toEqual([
      { path: 'staff[0].name', message: 'Enter the name' },
      {
        path: 'staff[0].employeeNumber',
        message: "The employee number E1001 is already on this transfer's roster",
      },
      {
        path: 'staff[0].continuousServiceStart',
        message: 'The continuous service start date must be today or earlier',
      },
    ]);
  });

  it('refuses an employee number already on the roster, whatever its case', () => {
    // Prepare
    const alreadyStored = new Set([employeeKey('e1001'), employeeKey('E2002')]);
    const rows = [rosterRow({ employeeNumber: 'e1001' }), rosterRow({ employeeNumber: 'E3003' })];

    // Act
    const error = rosterErrorFor(rows, alreadyStored);

    // Assess
    expect(error.errors).toEqual([
      {
        path: 'staff[0].employeeNumber',
        message: "The employee number e1001 is already on this transfer's roster",
      },
    ]);
  });

  it('refuses a fixed-term contract without an end date', () => {
    // Act
    const error = rosterErrorFor([rosterRow({ contractType: 'fixed-term' })]);

    // Assess
    expect(error.errors).toEqual([
      { path: 'staff[0].contractEndDate', message: 'Enter the contract end date of a fixed-term contract' },
    ]);
  });

  it('refuses a permanent contract with an end date', () => {
    // Act
    const error = rosterErrorFor([rosterRow({ contractType: 'permanent', contractEndDate: '2027-03-31' })]);

    // Assess
    expect(error.errors).toEqual([
      { path: 'staff[0].contractEndDate', message: 'A permanent contract has no end date' },
    ]);
  });

  it('refuses an unknown column, naming it', () => {
    // Act
    const error = rosterErrorFor([rosterRow(), rosterRow({ employeeNumber: 'E1002', salary: '31000' })]);

    // Assess
    expect(error.errors).toHaveLength(1);
    expect(error.errors?.[0]?.path).toMatch(/^staff\[1\]/);
    expect(error.errors?.[0]?.message).toContain('salary');
  });

  it('puts an unknown column in the error path', () => {
    // Act
    const error = rosterErrorFor([rosterRow({ salary: '31000' })]);

    // Assess
    expect(pathsOf(error.errors)).toEqual(['staff[0].salary']);
  });

  it('treats empty strings and nulls in optional fields as absent', () => {
    // Prepare
    const rows = [
      rosterRow({ team: '', managerEmail: '', contractEndDate: '' }),
      rosterRow({ employeeNumber: 'E1002', team: null, managerEmail: null, contractEndDate: null }),
    ];

    // Act
    const valid = validateRoster(rows, nothingStored, today);

    // Assess
    for (const row of valid) {
      expect(row.team).toBeUndefined();
      expect(row.managerEmail).toBeUndefined();
      expect(row.contractEndDate).toBeUndefined();
    }
  });

  it('treats optional cells holding only spaces as empty, as a spreadsheet shows them', () => {
    // Prepare
    const rows = [rosterRow({ team: '  ', managerEmail: ' ', contractEndDate: '   ' })];

    // Act
    const valid = validateRoster(rows, nothingStored, today);

    // Assess
    expect(valid[0]?.team).toBeUndefined();
    expect(valid[0]?.managerEmail).toBeUndefined();
    expect(valid[0]?.contractEndDate).toBeUndefined();
  });

  it('refuses a continuous service start in the future and accepts one today', () => {
    // Prepare
    const rows = [
      rosterRow({ employeeNumber: 'E1001', continuousServiceStart: today }),
      rosterRow({ employeeNumber: 'E1002', continuousServiceStart: '2026-06-02' }),
    ];

    // Act
    const error = rosterErrorFor(rows);

    // Assess
    expect(error.errors).toEqual([
      {
        path: 'staff[1].continuousServiceStart',
        message: 'The continuous service start date must be today or earlier',
      },
    ]);
  });

  it('refuses an empty roster', () => {
    // Act
    const error = rosterErrorFor([]);

    // Assess
    expect(error.errors).toEqual([{ path: 'staff', message: 'Add at least one row' }]);
  });

  it(`refuses more than ${maxRowsPerRequest} rows as too large, before checking them`, () => {
    // Prepare
    const rows = Array.from({ length: maxRowsPerRequest + 1 }, () => ({ not: 'checked' }));

    // Act
    const validating = () => validateRoster(rows, nothingStored, today);

    // Assess
    expect(validating).toThrow(PayloadTooLargeError);
  });

  it(`accepts exactly ${maxRowsPerRequest} rows`, () => {
    // Prepare
    const rows = rosterRows(maxRowsPerRequest);

    // Act
    const valid = validateRoster(rows, nothingStored, today);

    // Assess
    expect(valid).toHaveLength(maxRowsPerRequest);
  });

  it('points at exactly the rows that are bad, whichever they are', () => {
    const corruptions: Array<(row: Record<string, unknown>) => unknown> = [
      (row) => ({ ...row, email: 'nobody' }),
      (row) => ({ ...row, contractType: 'fixed-term' }),
      (row) => ({ ...row, continuousServiceStart: '2030-01-01' }),
      (row) => ({ ...row, employeeNumber: 'E0000' }),
      (row) => ({ ...row, extra: 'column' }),
      () => 'not a row',
    ];
    const repeatsFirstNumber = 3;
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.uniqueArray(fc.integer({ min: 1, max: count - 1 }), { minLength: 1 }),
              fc.nat(corruptions.length - 1),
            ),
          ),
        ([count, badRows, corruption]) => {
          // Prepare
          const rows: unknown[] = rosterRows(count);
          for (const index of badRows) {
            rows[index] = corruptions[corruption]?.(rows[index] as Record<string, unknown>);
          }

          // Act
          const error = rosterErrorFor(rows);

          // Assess
          // A repeated E0000 names row 1 as well, where the number first appears.
          const namedRows = corruption === repeatsFirstNumber ? [0, ...badRows] : badRows;
          const rowsWithErrors = new Set(pathsOf(error.errors).map((path) => path.split('.')[0]));
          expect([...rowsWithErrors].sort()).toEqual(namedRows.map((index) => `staff[${index}]`).sort());
        },
      ),
    );
  });
});

describe('Function: employeeKey', () => {
  it('compares employee numbers without regard to case or surrounding spaces', () => {
    // Act
    const keys = [employeeKey('e1001'), employeeKey(' E1001 '), employeeKey('E1001')];

    // Assess
    expect(new Set(keys)).toEqual(new Set(['E1001']));
  });
});
