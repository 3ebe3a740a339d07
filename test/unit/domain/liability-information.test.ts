import { describe, expect, it } from 'vitest';
import {
  ageOn,
  correctedLiability,
  dateOfBirthProblem,
  twoYearWindowStart,
} from '../../../functions/domain/liability-information.ts';
import { validateRosterImport } from '../../../functions/domain/roster.ts';

const person = {
  employeeNumber: 'E1001',
  name: 'Asha Patel',
  jobTitle: 'Care worker',
  team: 'North',
  contractType: 'permanent' as const,
  continuousServiceStart: '2015-04-01',
  currentPensionScheme: 'LGPS',
};

describe('Function: ageOn', () => {
  it('counts whole years, a birthday on the day itself included', () => {
    // Prepare, Act, Assess
    expect(ageOn('1980-10-01', '2026-10-01')).toBe(46);
    expect(ageOn('1980-10-02', '2026-10-01')).toBe(45);
    expect(ageOn('2004-02-29', '2026-02-28')).toBe(21);
    expect(ageOn('2004-02-29', '2026-03-01')).toBe(22);
  });
});

describe('Function: dateOfBirthProblem', () => {
  it('accepts a real past date of someone 14 to 100 and refuses the rest', () => {
    // Prepare
    const today = '2026-06-01';

    // Act, Assess
    expect(dateOfBirthProblem('1980-05-17', today)).toBeUndefined();
    expect(dateOfBirthProblem('2012-06-01', today)).toBeUndefined();
    expect(dateOfBirthProblem('2012-06-02', today)).toMatch(/at least 14/);
    expect(dateOfBirthProblem('1925-05-31', today)).toMatch(/at most 100/);
    expect(dateOfBirthProblem('2026-07-01', today)).toMatch(/past/);
    expect(dateOfBirthProblem('1980-02-30', today)).toMatch(/real date/);
  });
});

describe('Function: twoYearWindowStart', () => {
  it('goes back two years from the day the information is given, 29 February to 28 February', () => {
    // Prepare, Act, Assess
    expect(twoYearWindowStart('2026-08-27')).toBe('2024-08-27');
    expect(twoYearWindowStart('2028-02-29')).toBe('2026-02-28');
  });
});

describe('Function: correctedLiability', () => {
  it('changes the fields given, clears those sent empty, and names what changed', () => {
    // Prepare
    const before = { dateOfBirth: '1980-01-01', claims: 'Tribunal claim 2025' };

    // Act
    const { after, changed } = correctedLiability(before, {
      claims: null,
      disciplinaryGrievance: 'Warning, 2025',
    });

    // Assess
    expect(after).toEqual({ dateOfBirth: '1980-01-01', disciplinaryGrievance: 'Warning, 2025' });
    expect(changed).toEqual(['disciplinaryGrievance', 'claims']);
  });
});

describe('Function: validateRosterImport', () => {
  it('keeps the liability fields apart from the row the case is made of', () => {
    // Prepare
    const row = { ...person, email: 'asha@example.org', dateOfBirth: '1980-10-02', claims: 'None known' };

    // Act
    const [imported] = validateRosterImport([row], new Set(), '2026-06-01');

    // Assess
    expect(imported?.row).not.toHaveProperty('dateOfBirth');
    expect(imported?.row).not.toHaveProperty('claims');
    expect(imported?.liability).toEqual({ dateOfBirth: '1980-10-02', claims: 'None known' });
  });

  it('refuses a date of birth of someone younger than 14', () => {
    // Prepare
    const row = { ...person, email: 'asha@example.org', dateOfBirth: '2020-01-01' };

    // Act, Assess
    expect(() => validateRosterImport([row], new Set(), '2026-06-01')).toThrow(/row has errors/);
  });
});
