import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  businessDateOf,
  isBusinessDate,
  startOfBusinessDate,
} from '../../../functions/domain/business-dates.ts';

/** Any real calendar date from 1970 to 2199, written `YYYY-MM-DD`. */
const anyBusinessDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const utcDayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe('Function: isBusinessDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30'])(
    'accepts the real date %s',
    (date) => {
      // Act
      const accepted = isBusinessDate(date);

      // Assess
      expect(accepted).toBe(true);
    },
  );

  it.each([
    ['2026-02-29', 'not a leap year'],
    ['1900-02-29', 'a century that is not a leap year'],
    ['2026-02-30', 'February has no 30th'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'there is no 13th month'],
    ['2026-00-10', 'there is no month 0'],
    ['2026-01-00', 'there is no day 0'],
    ['2026-01-32', 'there is no 32nd'],
  ])('rejects %s because %s', (date) => {
    // Act
    const accepted = isBusinessDate(date);

    // Assess
    expect(accepted).toBe(false);
  });

  it.each([
    '2026-1-05',
    '26-01-05',
    '2026/01/05',
    '05/01/2026',
    '20260105',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05\n',
    '2026-01-05T00:00:00Z',
    '+2026-01-05',
    '２０２６-01-05',
    '',
  ])('rejects the wrong shape %j', (value) => {
    // Act
    const accepted = isBusinessDate(value);

    // Assess
    expect(accepted).toBe(false);
  });

  it('accepts every real calendar date', () => {
    fc.assert(
      fc.property(anyBusinessDate, (date) => {
        expect(isBusinessDate(date)).toBe(true);
      }),
    );
  });
});

describe('Function: startOfBusinessDate', () => {
  it.each([
    ['2026-07-01', '2026-06-30T23:00:00.000Z', 'summer (BST)'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z', 'winter (GMT)'],
    ['2026-03-29', '2026-03-29T00:00:00.000Z', 'the day the clocks go forward (midnight is still GMT)'],
    ['2026-03-30', '2026-03-29T23:00:00.000Z', 'the first whole day of BST'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z', 'the day the clocks go back (midnight is still BST)'],
    ['2026-10-26', '2026-10-26T00:00:00.000Z', 'the first whole day of GMT'],
    ['2027-01-01', '2027-01-01T00:00:00.000Z', 'new year'],
  ])('starts %s at %s in %s', (date, instant) => {
    // Act
    const start = startOfBusinessDate(date);

    // Assess
    expect(start.toISOString()).toBe(instant);
  });

  it('starts each date at the instant London moves on to it from the day before', () => {
    fc.assert(
      fc.property(anyBusinessDate, (date) => {
        // Act
        const start = startOfBusinessDate(date);

        // Assess
        expect(businessDateOf(start)).toBe(date);
        expect(businessDateOf(new Date(start.getTime() - 1))).toBe(addCalendarDays(date, -1));
      }),
    );
  });
});

describe('Function: addCalendarDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-10-01', -28, '2026-09-03'],
    ['2026-06-15', 0, '2026-06-15'],
    ['2026-12-25', 60, '2027-02-23'],
  ])('moves %s by %i days to %s', (date, days, expected) => {
    // Act
    const moved = addCalendarDays(date, days);

    // Assess
    expect(moved).toBe(expected);
  });

  it('moves a date by exactly the calendar days asked for, both ways', () => {
    fc.assert(
      fc.property(anyBusinessDate, fc.integer({ min: -4000, max: 4000 }), (date, days) => {
        // Act
        const moved = addCalendarDays(date, days);

        // Assess
        expect(isBusinessDate(moved)).toBe(true);
        expect(utcDayNumber(moved) - utcDayNumber(date)).toBe(days);
        expect(addCalendarDays(moved, -days)).toBe(date);
      }),
    );
  });
});

describe('Function: businessDateOf', () => {
  it.each([
    ['2026-07-01T23:30:00.000Z', '2026-07-02', 'late evening UTC in summer is already tomorrow in London'],
    ['2026-07-01T22:59:59.999Z', '2026-07-01', 'the last instant of a summer day'],
    ['2026-06-30T23:00:00.000Z', '2026-07-01', 'the first instant of a summer day'],
    ['2026-12-01T23:30:00.000Z', '2026-12-01', 'late evening UTC in winter is still today'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31', 'the last instant of the year in GMT'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29', 'just before the clocks go forward'],
    ['2026-10-25T00:30:00.000Z', '2026-10-25', 'the repeated hour when the clocks go back'],
  ])('places %s on %s (%s)', (instant, expected) => {
    // Act
    const date = businessDateOf(new Date(instant));

    // Assess
    expect(date).toBe(expected);
  });
});

describe('Domain: business dates on a machine in another time zone', () => {
  const machineZone = process.env.TZ;

  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  it.each(['Pacific/Auckland', 'America/Sao_Paulo', 'America/Los_Angeles', 'Asia/Kolkata'])(
    'gives London answers when the machine is in %s',
    (zone) => {
      // Prepare
      process.env.TZ = zone;

      // Act
      const answers = {
        real: isBusinessDate('2024-02-29'),
        impossible: isBusinessDate('2026-02-30'),
        summerStart: startOfBusinessDate('2026-07-01').toISOString(),
        clocksForward: addCalendarDays('2026-03-28', 2),
        clocksBack: addCalendarDays('2026-10-24', 2),
        yearEnd: addCalendarDays('2026-12-31', 1),
        lateEvening: businessDateOf(new Date('2026-07-01T23:30:00.000Z')),
      };

      // Assess
      expect(answers).toEqual({
        real: true,
        impossible: false,
        summerStart: '2026-06-30T23:00:00.000Z',
        clocksForward: '2026-03-30',
        clocksBack: '2026-10-26',
        yearEnd: '2027-01-01',
        lateEvening: '2026-07-02',
      });
    },
  );
});
