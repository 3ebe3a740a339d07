import { describe, expect, it } from 'vitest';
import {
  formatBusinessDate,
  formatDate,
  formatDayAndMonth,
  formatInstant,
  formatShortBusinessDate,
  formatTimeOfDay,
  withDatesInWords,
} from '../../../functions/web/date-formats.ts';
import { dateInputValuesOf, readDateInput } from '../../../functions/web/date-input.ts';

describe('Function: formatBusinessDate', () => {
  it('writes the day of the week, the day, the month in words and the year', () => {
    expect(formatBusinessDate('2026-01-16')).toBe('Friday 16 January 2026');
    expect(formatShortBusinessDate('2026-10-01')).toBe('1 Oct 2026');
  });

  it('refuses something that is not a YYYY-MM-DD date', () => {
    expect(() => formatBusinessDate('16/01/2026')).toThrow(RangeError);
  });
});

describe('Function: formatInstant', () => {
  it('writes the time on the clock in England, in winter and in summer', () => {
    expect(formatInstant('2026-01-09T14:05:00.000Z')).toBe('9 January 2026 at 2:05pm');
    expect(formatInstant('2026-07-01T23:30:00.000Z')).toBe('2 July 2026 at 12:30am');
  });
});

describe('Function: formatDate', () => {
  it('writes the day, the month in words and the year, without the day of the week', () => {
    expect(formatDate('2026-12-01')).toBe('1 December 2026');
    expect(formatDayAndMonth('2026-12-01')).toBe('1 Dec');
  });
});

describe('Function: formatTimeOfDay', () => {
  it('writes the time on the clock in England, GOV.UK style', () => {
    expect(formatTimeOfDay('2026-07-01T13:05:00.000Z')).toBe('2:05pm');
    expect(formatTimeOfDay('2026-12-01T09:30:00.000Z')).toBe('9:30am');
  });
});

describe('Function: withDatesInWords', () => {
  it('writes the ISO dates and instants inside a message in words', () => {
    expect(withDatesInWords('The new end date must be after the current end date, 2027-03-31')).toBe(
      'The new end date must be after the current end date, 31 March 2027',
    );
    expect(withDatesInWords('from: 2026-10-01, to: 2026-11-02')).toBe(
      'from: 1 October 2026, to: 2 November 2026',
    );
    expect(withDatesInWords('started at 2026-07-01T13:05:00.000Z.')).toBe(
      'started at 1 July 2026 at 2:05pm.',
    );
    expect(withDatesInWords('before the new end date 2027-09-30: under')).toBe(
      'before the new end date 30 September 2027: under',
    );
  });

  it('leaves what is not a real date as it is', () => {
    for (const text of ['Enter it as YYYY-MM-DD', 'on 2026-13-45', 'ref 2026-10-01-7', 'E1001', '']) {
      expect(withDatesInWords(text)).toBe(text);
    }
  });
});

describe('Function: readDateInput', () => {
  it('reads a day, month and year typed without leading zeros', () => {
    expect(readDateInput({ day: '1', month: '9', year: '2026' })).toEqual({ date: '2026-09-01' });
    expect(readDateInput({ day: ' 01 ', month: '09', year: '2026' })).toEqual({ date: '2026-09-01' });
  });

  it.each([
    [{ day: '', month: '', year: '' }, 'missing'],
    [{ day: '1', month: '', year: '2026' }, 'incomplete'],
    [{ day: '31', month: '2', year: '2026' }, 'not-real'],
    [{ day: '29', month: '2', year: '2026' }, 'not-real'],
    [{ day: '1', month: '13', year: '2026' }, 'not-real'],
    [{ day: 'one', month: '1', year: '2026' }, 'not-real'],
    [{ day: '1', month: '1', year: '26' }, 'not-real'],
  ])('says %j is %s', (values, problem) => {
    expect(readDateInput(values)).toEqual({ problem });
  });

  it('accepts 29 February in a leap year', () => {
    expect(readDateInput({ day: '29', month: '2', year: '2028' })).toEqual({ date: '2028-02-29' });
  });

  it('turns a date back into the values a date input shows', () => {
    expect(dateInputValuesOf('2026-09-01')).toEqual({ day: '1', month: '9', year: '2026' });
    expect(dateInputValuesOf(undefined)).toEqual({ day: '', month: '', year: '' });
  });
});
