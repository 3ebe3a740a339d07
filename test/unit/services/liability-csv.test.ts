import { describe, expect, it } from 'vitest';
import { liabilityRowOf } from '../../../functions/domain/liability-information.ts';
import { liabilityCsvOf } from '../../../functions/services/liability-csv.ts';

const person = {
  employeeNumber: 'E1001',
  name: 'Asha Patel',
  jobTitle: 'Care worker',
  team: 'North',
  contractType: 'permanent' as const,
  continuousServiceStart: '2015-04-01',
  currentPensionScheme: 'LGPS',
};

describe('Function: liabilityCsvOf', () => {
  it('writes a row a person, sorted, with the age at the transfer and no cell a spreadsheet would run', () => {
    // Prepare
    const rows = [
      liabilityRowOf({ ...person, employeeNumber: 'E2' }, {}, '2026-10-01'),
      liabilityRowOf(person, { dateOfBirth: '1980-10-02', claims: '=HYPERLINK("x")' }, '2026-10-01'),
    ];

    // Act
    const csv = liabilityCsvOf(rows);

    // Assess
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'employeeNumber,name,dateOfBirth,ageAtTransfer,jobTitle,team,contractType,contractEndDate,continuousServiceStart,pensionScheme,disciplinaryGrievanceLastTwoYears,claims,collectiveAgreements',
    );
    expect(lines[1]).toBe(
      `E1001,Asha Patel,1980-10-02,45,Care worker,North,permanent,,2015-04-01,LGPS,,"'=HYPERLINK(""x"")",`,
    );
    expect(lines[2]).toBe('E2,Asha Patel,,,Care worker,North,permanent,,2015-04-01,LGPS,,,');
  });
});
