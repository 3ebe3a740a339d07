import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockMoveError, loadLocalClock, sameTimeOfDayOn } from '../../../infra/local/local-clock.ts';

const realNow = Date.parse('2026-03-20T10:30:00Z');

describe('Function: loadLocalClock', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-clock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('moves forward by whole days at the same London time, across the change to summer time', async () => {
    // Prepare: 10:30 GMT on 20 March; British Summer Time starts on 29 March 2026
    const clock = await loadLocalClock(dataDir, () => realNow);

    // Act
    const moved = await clock.advanceDays(14);

    // Assess: 10:30 in London on 3 April is 09:30 UTC
    expect(moved.toISOString()).toBe('2026-04-03T09:30:00.000Z');
    expect(clock.offsetMs()).toBe(14 * 86_400_000 - 3_600_000);
  });

  it('moves to a given date, keeps the offset in DATA_DIR and reads it back on the next start', async () => {
    // Prepare
    const clock = await loadLocalClock(dataDir, () => realNow);

    // Act
    await clock.moveTo('2026-06-01');
    const restarted = await loadLocalClock(dataDir, () => realNow);

    // Assess
    expect(restarted.now().toISOString()).toBe('2026-06-01T09:30:00.000Z');
    expect(JSON.parse(await readFile(join(dataDir, 'clock.json'), 'utf8'))).toEqual({
      offsetMs: restarted.offsetMs(),
    });
  });

  it('refuses to go back (409) or to a date that does not exist (422), and stays where it was', async () => {
    // Prepare
    const clock = await loadLocalClock(dataDir, () => realNow);
    await clock.moveTo('2026-05-01');

    // Act
    const backwards = clock.moveTo('2026-04-30');
    const impossible = clock.moveTo('2026-02-30');
    const negative = clock.advanceDays(-1);

    // Assess
    await expect(backwards).rejects.toMatchObject({ name: 'ClockMoveError', status: 409 });
    await expect(backwards).rejects.toThrow('only moves forward');
    await expect(impossible).rejects.toMatchObject({ status: 422 });
    await expect(negative).rejects.toBeInstanceOf(ClockMoveError);
    expect(clock.now().toISOString()).toBe('2026-05-01T09:30:00.000Z');
  });

  it('moving to today changes nothing', async () => {
    // Prepare
    const clock = await loadLocalClock(dataDir, () => realNow);

    // Act
    const now = await clock.moveTo('2026-03-20');

    // Assess
    expect(now.getTime()).toBe(realNow);
    expect(clock.offsetMs()).toBe(0);
  });
});

describe('Function: sameTimeOfDayOn', () => {
  it('keeps the London wall-clock time when summer time ends', () => {
    // Act: 00:30 BST on 24 October 2026 is 23:30 UTC the day before
    const moved = sameTimeOfDayOn(new Date('2026-10-23T23:30:00Z'), '2026-10-26');

    // Assess: 00:30 GMT on 26 October
    expect(moved.toISOString()).toBe('2026-10-26T00:30:00.000Z');
  });
});
