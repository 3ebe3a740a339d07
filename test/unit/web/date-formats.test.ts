import { describe, expect, it } from 'vitest';
import {
  formatBusinessDate,
  formatInstant,
  formatShortBusinessDate,
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
