/**
 * `npm run chaos` at 1,000 people with a fixed seed (issue 8): the same scenario module, on its own stack
 * run as a child process, with SES 10 % and DynamoDB 5 % faults, step crashes, one `kill -9` of the whole
 * stack and one of DynamoDB Local. Nothing lost, nothing doubled, nothing stuck, tallies that agree and
 * no record claiming what did not happen.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/scenario.ts';

describe('Chaos at 1,000 people (seed 42)', () => {
  it('loses, doubles and falsifies nothing under faults, crashes and kills', {
    timeout: 900_000,
  }, async () => {
    // Act
    const results = await runChaos({
      people: 1_000,
      seed: 42,
      phaseDeadlineMs: 180_000,
      stallMs: 30_000,
      log: (line) => console.log(`[chaos] ${line}`),
    });

    // Assess
    expect(
      {
        lost: results.lost,
        duplicates: results.duplicates,
        stuck: results.stuck,
        tallyMismatches: results.tallyMismatches,
        falseDone: results.falseDone,
      },
      JSON.stringify(results.details),
    ).toEqual({ lost: 0, duplicates: 0, stuck: 0, tallyMismatches: 0, falseDone: 0 });
  });
});
