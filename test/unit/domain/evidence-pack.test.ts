import { describe, expect, it } from 'vitest';
import {
  evidencePackKey,
  evidencePackRunName,
  evidencePartKey,
  fitsInline,
  inlineEvidenceLimit,
  personFileName,
  progressOf,
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
