import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/domain/errors.ts';
import { exportNamed, payrollChangesCsv, schemeCsv } from '../../../functions/services/transfer-exports.ts';
import { staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const transfer = storedTransfer({ transferDate: '2026-10-01' });
const chose = (option: string, how: 'staff' | 'default' = 'staff') => ({
  option,
  how,
  at: '2026-07-02T09:00:00.000Z',
});

const cases = [
  staffCase({
    employeeNumber: 'E1003',
    name: 'Cara Lee',
    status: 'defaulted',
    election: chose('LGPS', 'default'),
  }),
  staffCase({
    employeeNumber: 'E1001',
    name: '=HYPERLINK("http://evil.example")',
    team: 'Cannock',
    status: 'elected',
    election: chose('NHSPS'),
  }),
  staffCase({
    employeeNumber: 'E1002',
    name: 'Ben Okafor',
    status: 'elected',
    contractType: 'fixed-term',
    contractEndDate: '2027-03-31',
    election: chose('LGPS'),
  }),
  staffCase({ employeeNumber: 'E1004', name: 'Dev Shah', status: 'objected' }),
  staffCase({ employeeNumber: 'E1005', name: 'Eve Moss', status: 'invited' }),
];

const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>;

describe('Function: exportNamed', () => {
  it.each([
    ['scheme-LGPS.csv', { kind: 'scheme', optionCode: 'LGPS' }],
    ['scheme-nhsps.csv', { kind: 'scheme', optionCode: 'NHSPS' }],
    ['payroll-changes.csv', { kind: 'payroll-changes' }],
    ['scheme-.csv', undefined],
    ['payroll.csv', undefined],
    ['scheme-LGPS.xlsx', undefined],
  ])('reads %s', (name, expected) => {
    // Assess
    expect(exportNamed(name)).toEqual(expected);
  });
});

describe('Function: schemeCsv', () => {
  it('lists for a fund the people whose counting choice is its option, chosen or given by default', () => {
    // Act
    const rows = rowsOf(schemeCsv(transfer, cases, 'LGPS'));

    // Assess
    expect(rows.map((row) => row.employeeNumber)).toEqual(['E1002', 'E1003']);
    expect(rows[0]).toEqual({
      employeeNumber: 'E1002',
      name: 'Ben Okafor',
      email: 'asha.patel@council.example.org',
      jobTitle: 'Social worker',
      currentScheme: 'LGPS',
      electionOption: 'LGPS',
      electionOptionLabel: 'Stay in the Local Government Pension Scheme',
      how: 'staff',
      chosenAt: '2026-07-02T09:00:00.000Z',
      continuousServiceStart: '2015-04-01',
      transferDate: '2026-10-01',
      transferee: 'Midlands Partnership NHS Foundation Trust',
    });
    expect(rows[1]?.how).toBe('default');
  });

  it('keeps a cell that starts like a formula from running in a spreadsheet', () => {
    // Act
    const rows = rowsOf(schemeCsv(transfer, cases, 'NHSPS'));

    // Assess
    expect(rows.map((row) => row.name)).toEqual([`'=HYPERLINK("http://evil.example")`]);
  });

  it('answers NotFoundError for an option the transfer does not offer', () => {
    // Act
    const exporting = () => schemeCsv(transfer, cases, 'USS');

    // Assess
    expect(exporting).toThrow(NotFoundError);
  });
});

describe('Function: payrollChangesCsv', () => {
  it('lists everyone moving on transfer day with their terms, leaving out people who objected', () => {
    // Act
    const rows = rowsOf(payrollChangesCsv(transfer, cases));

    // Assess
    expect(rows.map((row) => row.employeeNumber)).toEqual(['E1001', 'E1002', 'E1003', 'E1005']);
    expect(rows[1]).toEqual({
      employeeNumber: 'E1002',
      name: 'Ben Okafor',
      jobTitle: 'Social worker',
      team: '',
      fromEmployer: 'Staffordshire County Council',
      toEmployer: 'Midlands Partnership NHS Foundation Trust',
      effectiveDate: '2026-10-01',
      pensionScheme: 'LGPS',
      contractType: 'fixed-term',
      contractEndDate: '2027-03-31',
      continuousServiceStart: '2015-04-01',
      managerEmail: 'sam.jones@council.example.org',
    });
    expect(rows[3]?.pensionScheme).toBe('');
  });
});
