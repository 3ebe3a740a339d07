import { describe, expect, it } from 'vitest';
import { functions } from '../../../functions/catalog.ts';

describe('Function catalog: Idempotency-Key grants', () => {
  it('gives every function serving a signed-in API POST read-write access to the table its keys live in', () => {
    // Prepare
    const servingApiPosts = functions.filter((spec) =>
      (spec.routes ?? []).some(
        (route) => route.method === 'POST' && route.path.startsWith('/api/') && route.access !== 'public',
      ),
    );

    // Act
    const withoutWrite = servingApiPosts
      .filter((spec) => spec.access.table !== 'write')
      .map((spec) => spec.name);

    // Assess
    expect(servingApiPosts.map((spec) => spec.name)).toEqual(
      expect.arrayContaining([
        'create-transfer',
        'import-staff',
        'launch-transfer',
        'record-objection',
        'create-consultation',
        'record-consultation-outcome',
        'create-contracts',
        'decide-contract',
        'record-justification',
      ]),
    );
    expect(withoutWrite).toEqual([]);
  });
});
