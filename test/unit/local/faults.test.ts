import { describe, expect, it } from 'vitest';
import { FaultSettingsError, faultRandom, parseFaults, seededRandom } from '../../../infra/local/faults.ts';

describe('Function: parseFaults', () => {
  it('reads each probability and the seed from TRANSFER_DESK_FAULTS', () => {
    // Act
    const settings = parseFaults('ses:0.1,dynamodb:0.05,step-crash:0.02,seed=42');

    // Assess
    expect(settings).toEqual({ ses: 0.1, dynamodb: 0.05, stepCrash: 0.02, seed: 42 });
  });

  it('means no faults when unset or empty', () => {
    // Act, Assess
    expect(parseFaults(undefined)).toMatchObject({ ses: 0, dynamodb: 0, stepCrash: 0 });
    expect(parseFaults('  ')).toMatchObject({ ses: 0, dynamodb: 0, stepCrash: 0 });
  });

  it('refuses an unknown fault or a probability above 1, naming the part', () => {
    // Act, Assess
    expect(() => parseFaults('s3:0.1')).toThrow(FaultSettingsError);
    expect(() => parseFaults('ses:1.5')).toThrow(/ses:1\.5/);
  });
});

describe('Function: seededRandom', () => {
  it('gives the same numbers in [0, 1) for the same seed and others for another seed', () => {
    // Prepare
    const take = (next: () => number) => Array.from({ length: 1_000 }, () => next());

    // Act
    const first = take(seededRandom(42));
    const again = take(seededRandom(42));
    const other = take(seededRandom(43));

    // Assess
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('keeps each service on its own sequence from one seed', () => {
    // Prepare
    const settings = parseFaults('seed=7');

    // Act, Assess
    expect(faultRandom(settings, 'ses')()).toBe(faultRandom(settings, 'ses')());
    expect(faultRandom(settings, 'ses')()).not.toBe(faultRandom(settings, 'dynamodb')());
  });
});
