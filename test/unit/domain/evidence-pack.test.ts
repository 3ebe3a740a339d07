import { describe, expect, it } from 'vitest';
import {
  evidencePackKey,
  evidencePackRunName,
  evidencePartKey,
  fitsInline,
  inlineEvidenceLimit,
  personFileName,
  progressOf,
  reusablePack,
} from '../../../functions/domain/evidence-pack.ts';

describe('Function: fitsInline', () => {
  it('serves the pack inline up to the limit and as a ZIP beyond it', () => {
    // Assess
    expect(fitsInline(0)).toBe(true);
    expect(fitsInline(inlineEvidenceLimit)).toBe(true);
    expect(fitsInline(inlineEvidenceLimit + 1)).toBe(false);
    expect(fitsInline(50_000)).toBe(false);
  });
});

describe('Function: progressOf', () => {
  it('counts the shards written as 90 % and reaches 100 % only when ready', () => {
    // Assess
    expect(progressOf({ status: 'building', shardsDone: 0, shardsTotal: 500 })).toEqual({
      shardsDone: 0,
      shardsTotal: 500,
      percent: 0,
    });
    expect(progressOf({ status: 'building', shardsDone: 250, shardsTotal: 500 }).percent).toBe(45);
    expect(progressOf({ status: 'building', shardsDone: 500, shardsTotal: 500 }).percent).toBe(90);
    expect(progressOf({ status: 'ready', shardsDone: 500, shardsTotal: 500 }).percent).toBe(100);
  });

  it('is assembling at once when the roster is empty', () => {
    // Assess
    expect(progressOf({ status: 'building', shardsDone: 0, shardsTotal: 0 }).percent).toBe(90);
  });
});

describe('Function: personFileName', () => {
  it('names each person by employee number, upper case, with only safe characters', () => {
    // Assess
    expect(personFileName('e1001')).toBe('people/E1001.html');
    expect(personFileName('AB/12-3')).toBe('people/AB-12-3.html');
  });
});

describe('Function: evidencePartKey and evidencePackKey', () => {
  it('keep parts and packs under their own prefixes, named by ids only, parts in shard order', () => {
    // Prepare
    const transferId = '9b2f1c1e-0000-4000-8000-000000000001';
    const packId = '5d6e7f80-0000-4000-8000-000000000002';

    // Assess
    expect(evidencePartKey(transferId, packId, 7)).toBe(`parts/${transferId}/${packId}/00007.json.gz`);
    expect(evidencePackKey(transferId, packId)).toBe(`packs/${transferId}/${packId}.zip`);
    expect(evidencePackRunName(packId)).toBe(`evidence-pack-${packId}`);
    expect(evidencePackRunName(packId).length).toBeLessThanOrEqual(80);
  });
});

describe('Function: reusablePack', () => {
  const now = new Date('2026-07-01T12:00:00.000Z');
  const pack = (
    packId: string,
    status: 'building' | 'ready' | 'failed',
    requestedAt: string,
    finishedAt?: string,
  ) => ({ packId, status, requestedAt, ...(finishedAt ? { finishedAt } : {}) });

  it('gives the newest pack still building, before any ready one', () => {
    // Prepare
    const packs = [
      pack('ready-recent', 'ready', '2026-07-01T11:40:00.000Z', '2026-07-01T11:50:00.000Z'),
      pack('building-older', 'building', '2026-07-01T11:10:00.000Z'),
      pack('building-newer', 'building', '2026-07-01T11:30:00.000Z'),
    ];

    // Act
    const chosen = reusablePack(packs, now);

    // Assess
    expect(chosen).toBe('building-newer');
  });

  it('gives the newest pack made within the hour when none is building', () => {
    // Prepare
    const packs = [
      pack('ready-older', 'ready', '2026-07-01T11:00:00.000Z', '2026-07-01T11:05:00.000Z'),
      pack('ready-newer', 'ready', '2026-07-01T11:20:00.000Z', '2026-07-01T11:25:00.000Z'),
      pack('failed', 'failed', '2026-07-01T11:50:00.000Z', '2026-07-01T11:51:00.000Z'),
    ];

    // Act
    const chosen = reusablePack(packs, now);

    // Assess
    expect(chosen).toBe('ready-newer');
  });

  it('gives none when the only packs failed, were made over an hour ago or stalled building', () => {
    // Prepare
    const packs = [
      pack('failed', 'failed', '2026-07-01T11:50:00.000Z', '2026-07-01T11:51:00.000Z'),
      pack('ready-old', 'ready', '2026-07-01T10:30:00.000Z', '2026-07-01T10:59:59.000Z'),
      pack('stalled', 'building', '2026-07-01T10:59:00.000Z'),
    ];

    // Act
    const chosen = reusablePack(packs, now);

    // Assess
    expect(chosen).toBeUndefined();
    expect(reusablePack([], now)).toBeUndefined();
  });
});
