/**
 * Local time: real time plus an offset kept in DATA_DIR/clock.json. It only moves forward (milestones
 * already run cannot be undone) and always to the same London time of day on a later date, so a move
 * across a change to or from summer time still lands on the date asked for. The stack gives this clock
 * to the handlers it runs (functions/composition.ts, supplyClock).
 */
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import {
  addCalendarDays,
  businessDateOf,
  businessTimeZone,
  isBusinessDate,
} from '../../functions/domain/business-dates.ts';
import { readJsonFile, writeJsonFile } from './data-files.ts';

/** A move the clock refuses: 409 for one backwards, 422 for a date that does not exist. */
export class ClockMoveError extends Error {
  override name = 'ClockMoveError';
  constructor(
    message: string,
    readonly status: 409 | 422,
  ) {
    super(message);
  }
}

interface ClockFile {
  offsetMs: number;
}

export interface LocalClock {
  now(): Date;
  offsetMs(): number;
  /** Moves to the given date at the current London time of day; refuses a date before today. */
  moveTo(date: string): Promise<Date>;
  advanceDays(days: number): Promise<Date>;
}

/** The instant on `date` with the same London wall-clock time as `now`. */
export function sameTimeOfDayOn(now: Date, date: string): Date {
  const london = new TZDate(now.getTime(), businessTimeZone);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(
    TZDate.tz(
      businessTimeZone,
      year,
      month - 1,
      day,
      london.getHours(),
      london.getMinutes(),
      london.getSeconds(),
      london.getMilliseconds(),
    ).getTime(),
  );
}

export async function loadLocalClock(dataDir: string, realNow: () => number = Date.now): Promise<LocalClock> {
  const path = join(dataDir, 'clock.json');
  let offset = (await readJsonFile<ClockFile>(path))?.offsetMs ?? 0;
  if (!Number.isFinite(offset) || offset < 0) {
    throw new Error(`${path} holds no valid offset: delete it to return to real time`);
  }

  const now = () => new Date(realNow() + offset);
  const setOffset = async (next: number) => {
    offset = next;
    await writeJsonFile(path, { offsetMs: offset } satisfies ClockFile);
  };

  const moveTo = async (date: string): Promise<Date> => {
    if (!isBusinessDate(date)) {
      throw new ClockMoveError(`${date} is not a real date written as YYYY-MM-DD`, 422);
    }
    const current = now();
    const today = businessDateOf(current);
    if (date < today) {
      throw new ClockMoveError(
        `The local clock only moves forward: today is ${today}, so it cannot go back to ${date}`,
        409,
      );
    }
    const target = sameTimeOfDayOn(current, date);
    await setOffset(offset + Math.max(0, target.getTime() - current.getTime()));
    return now();
  };

  return {
    now,
    offsetMs: () => offset,
    moveTo,
    async advanceDays(days) {
      if (!Number.isInteger(days) || days < 0) {
        throw new ClockMoveError(
          'advanceDays must be a whole number of days, 0 or more: the clock only moves forward',
          422,
        );
      }
      return moveTo(addCalendarDays(businessDateOf(now()), days));
    },
  };
}
