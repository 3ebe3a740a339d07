import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../../functions/domain/business-dates.ts';
import { BankHolidaysUnknownError } from '../../../functions/domain/errors.ts';
import {
  bankHolidayCalendar,
  bankHolidayYears,
  isWorkingDay,
  workingDayOnOrBefore,
} from '../../../functions/domain/working-days.ts';

/** Years that break the standing pattern by royal proclamation: their extra days and the days that differ. */
const oneOffYears: Record<number, { extra: number; dates: string[] }> = {
  // The Platinum Jubilee (with the spring bank holiday moved to Thursday 2 June); the Queen's state funeral.
  2022: { extra: 2, dates: ['2022-06-02', '2022-06-03', '2022-09-19'] },
  // The coronation of King Charles III.
  2023: { extra: 1, dates: ['2023-05-08'] },
};

const holidaysOf = (year: number) =>
  bankHolidayCalendar.events.filter((holiday) => holiday.date.startsWith(`${year}-`));

const coveredYears = Array.from(
  { length: bankHolidayYears.last - bankHolidayYears.first + 1 },
  (_, offset) => bankHolidayYears.first + offset,
);

/** Computed independently of the file: the standing pattern in England and Wales. */
function standingBankHolidays(year: number): string[] {
  const utc = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
  const mondayFrom = (date: Date, step: 1 | -1) => {
    let day = date;
    while (day.getUTCDay() !== 1) day = plusDays(day, step);
    return day;
  };
  // Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const easter = utc(Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
  const newYear = utc(1, 1);
  const newYearOff = newYear.getUTCDay() === 6 ? 2 : newYear.getUTCDay() === 0 ? 1 : 0;
  // Christmas and Boxing Day: a day on a weekend is made up on the next free weekday.
  const christmas = utc(12, 25).getUTCDay();
  const [christmasOff, boxingOff] =
    christmas === 6 ? [2, 2] : christmas === 5 ? [0, 2] : christmas === 0 ? [2, 0] : [0, 0];
  return [
    iso(plusDays(newYear, newYearOff)),
    iso(plusDays(easter, -2)),
    iso(plusDays(easter, 1)),
    iso(mondayFrom(utc(5, 1), 1)),
    iso(mondayFrom(utc(5, 31), -1)),
    iso(mondayFrom(utc(8, 31), -1)),
    iso(plusDays(utc(12, 25), christmasOff)),
    iso(plusDays(utc(12, 26), boxingOff)),
  ].sort();
}

describe('Data: bank-holidays-england-and-wales.json', () => {
  it('names its source and says it must be refreshed from GOV.UK every year', () => {
    // Assess
    expect(bankHolidayCalendar.source).toContain('https://www.gov.uk/bank-holidays.json');
    expect(bankHolidayCalendar.division).toBe('england-and-wales');
    expect(bankHolidayCalendar.note).toMatch(/refresh this file from GOV\.UK every year/i);
  });

  it('covers 2024 to 2030 at least', () => {
    // Assess
    expect(bankHolidayYears.first).toBeLessThanOrEqual(2024);
    expect(bankHolidayYears.last).toBeGreaterThanOrEqual(2030);
  });

  it('has every year from its first to its last, so no year inside its range is silently missing', () => {
    // Act
    const missing = coveredYears.filter((year) => holidaysOf(year).length === 0);

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(coveredYears)('lists exactly 8 bank holidays in %i, plus its known one-off ones', (year) => {
    // Act
    const holidays = holidaysOf(year);

    // Assess
    expect(holidays).toHaveLength(8 + (oneOffYears[year]?.extra ?? 0));
    for (const date of oneOffYears[year]?.dates ?? []) {
      expect(holidays.map((holiday) => holiday.date)).toContain(date);
    }
  });

  it.each(coveredYears.filter((year) => !oneOffYears[year]))(
    'agrees in %i with the standing pattern, substitute days included',
    (year) => {
      // Act
      const dates = holidaysOf(year)
        .map((holiday) => holiday.date)
        .sort();

      // Assess
      expect(dates).toEqual(standingBankHolidays(year));
    },
  );

  it('lists real dates, each once, in order, none on a weekend, each with a title', () => {
    // Prepare
    const dates = bankHolidayCalendar.events.map((holiday) => holiday.date);

    // Assess
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const holiday of bankHolidayCalendar.events) {
      const weekday = new Date(`${holiday.date}T00:00:00Z`).getUTCDay();
      expect([0, 6], holiday.date).not.toContain(weekday);
      expect(holiday.title, holiday.date).not.toBe('');
    }
  });

  it.each([
    ['2024-03-29', 'Good Friday'],
    ['2024-04-01', 'Easter Monday'],
    ['2025-04-18', 'Good Friday'],
    ['2025-04-21', 'Easter Monday'],
    ['2026-04-03', 'Good Friday'],
    ['2026-04-06', 'Easter Monday'],
    ['2026-12-28', 'Boxing Day'],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
    ['2027-12-27', 'Christmas Day'],
    ['2027-12-28', 'Boxing Day'],
    ['2028-01-03', 'New Year’s Day'],
    ['2028-04-14', 'Good Friday'],
    ['2028-04-17', 'Easter Monday'],
    ['2029-03-30', 'Good Friday'],
    ['2029-04-02', 'Easter Monday'],
    ['2030-04-19', 'Good Friday'],
    ['2030-04-22', 'Easter Monday'],
  ])('has %s as %s', (date, title) => {
    // Act
    const found = bankHolidayCalendar.events.find((holiday) => holiday.date === date);

    // Assess
    expect(found?.title).toBe(title);
  });
});

describe('Function: isWorkingDay', () => {
  it.each([
    ['2027-03-24', true, 'a Wednesday'],
    ['2027-03-26', false, 'Good Friday'],
    ['2027-03-27', false, 'a Saturday'],
    ['2027-03-28', false, 'a Sunday'],
    ['2027-03-29', false, 'Easter Monday'],
    ['2027-03-30', true, 'the Tuesday after Easter'],
    ['2026-12-28', false, 'the substitute Boxing Day'],
    ['2026-12-29', true, 'the Tuesday after Christmas'],
  ])('answers %s → %s (%s)', (date, expected) => {
    // Act
    const answer = isWorkingDay(date);

    // Assess
    expect(answer).toBe(expected);
  });

  it('refuses a date after the last year the file covers rather than guess, naming the file to refresh', () => {
    // Prepare
    const afterCoverage = `${bankHolidayYears.last + 1}-06-04`;

    // Act
    const ask = () => isWorkingDay(afterCoverage);

    // Assess
    expect(ask).toThrow(BankHolidaysUnknownError);
    expect(ask).toThrow(/refresh it from GOV\.UK/);
  });

  it('refuses something that is not a date', () => {
    expect(() => isWorkingDay('2027-02-30')).toThrow(RangeError);
  });
});

describe('Function: workingDayOnOrBefore', () => {
  it.each([
    ['2027-03-24', '2027-03-24', 'a working day is itself'],
    ['2027-03-29', '2027-03-25', 'Easter Monday goes back past the weekend and Good Friday'],
    ['2027-03-27', '2027-03-25', 'a Saturday before Easter goes back past Good Friday'],
    ['2026-06-07', '2026-06-05', 'a Sunday goes to the Friday'],
    ['2027-12-28', '2027-12-24', 'both substitute Christmas days and the weekend go to Christmas Eve'],
    ['2028-01-03', '2027-12-31', 'the substitute New Year’s Day goes back into the old year'],
  ])('moves %s to %s (%s)', (date, expected) => {
    // Act
    const answer = workingDayOnOrBefore(date);

    // Assess
    expect(answer).toBe(expected);
  });

  it('answers a working day, never after the date, with no working day in between', () => {
    // Any date of the covered years, from a week into the first (so stepping back stays inside).
    const firstDay = Date.UTC(bankHolidayYears.first, 0, 8);
    const lastDay = Date.UTC(bankHolidayYears.last, 11, 31);
    const anyCoveredDate = fc
      .integer({ min: 0, max: (lastDay - firstDay) / 86_400_000 })
      .map((offset) => new Date(firstDay + offset * 86_400_000).toISOString().slice(0, 10));

    fc.assert(
      fc.property(anyCoveredDate, (date) => {
        // Act
        const answer = workingDayOnOrBefore(date);

        // Assess
        expect(isWorkingDay(answer)).toBe(true);
        expect(answer <= date).toBe(true);
        for (let day = addCalendarDays(answer, 1); day <= date; day = addCalendarDays(day, 1)) {
          expect(isWorkingDay(day), `${day} lies between ${answer} and ${date}`).toBe(false);
        }
      }),
      { examples: [['2027-03-29'], ['2027-12-28'], ['2026-12-28']] },
    );
  });
});
