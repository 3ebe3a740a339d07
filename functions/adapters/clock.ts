/**
 * The clock every rule reads. In AWS it is the real time. The local stack moves time forward for demos
 * and tests by setting CLOCK_OFFSET_MS in its own process, read on every call (it changes at run time).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const businessTimeZone = 'Europe/London';
export const clockOffsetVariable = 'CLOCK_OFFSET_MS';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now() {
    const offset = Number(process.env[clockOffsetVariable] ?? 0);
    return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
  },
};

/** The Europe/London business date (`YYYY-MM-DD`) of an instant. */
export function businessDateOf(instant: Date): string {
  return format(new TZDate(instant.getTime(), businessTimeZone), 'yyyy-MM-dd');
}
