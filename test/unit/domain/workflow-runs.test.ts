import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timerKinds } from '../../../functions/domain/timer.ts';
import { executionNameOf, runNameOf } from '../../../functions/domain/workflow-runs.ts';

const transferId = '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90';

describe('Function: executionNameOf', () => {
  it('joins the transfer id, the milestone and its due date', () => {
    // Act
    const name = executionNameOf(transferId, 'election-closes', '2026-09-15');

    // Assess
    expect(name).toBe(`${transferId}-election-closes-2026-09-15`);
  });

  it('leaves out a missing due date', () => {
    // Act
    const name = executionNameOf(transferId, 'launch');

    // Assess
    expect(name).toBe(`${transferId}-launch`);
  });

  it('is at most 80 characters, allowed by Step Functions, and made only of the ids it is given', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.constantFrom('launch', 'election-closes', 'transfer-day'),
        fc.option(fc.constantFrom('2026-09-15', '2027-01-04'), { nil: undefined }),
        (id, milestone, dueOn) => {
          // Act
          const name = executionNameOf(id, milestone, dueOn);

          // Assess
          expect(name.length).toBeLessThanOrEqual(80);
          expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(name).toBe([id, milestone, dueOn].filter(Boolean).join('-'));
        },
      ),
    );
  });

  it('cuts a name that would be longer than 80 characters', () => {
    // Act
    const name = executionNameOf('t'.repeat(70), 'election-closes', '2026-09-15');

    // Assess
    expect(name).toHaveLength(80);
  });
});

describe('Function: runNameOf', () => {
  it('names the first run as executionNameOf does, and later ones with -a{n}', () => {
    // Act
    const first = runNameOf(transferId, 'election-closes', '2026-09-15', 1);
    const third = runNameOf(transferId, 'election-closes', '2026-09-15', 3);

    // Assess
    expect(first).toBe(executionNameOf(transferId, 'election-closes', '2026-09-15'));
    expect(third).toBe(`${transferId}-election-closes-2026-09-15-a3`);
  });

  it("keeps a later run of the longest timer within 80 characters, with the owner's id and the date whole", () => {
    // Act
    const name = runNameOf(transferId, 'representative-nominations-close', '2026-09-15', 2);

    // Assess: the first run's name takes all 80 characters
    expect(runNameOf(transferId, 'representative-nominations-close', '2026-09-15', 1)).toHaveLength(80);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.startsWith(`${transferId}-representative-nominations-`)).toBe(true);
    expect(name.endsWith('-2026-09-15-a2')).toBe(true);
  });

  it('is at most 80 characters for every timer and attempt, and tells attempts and due dates apart', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.constantFrom(...timerKinds.map((kind) => `${kind}-90`), ...timerKinds),
        fc.constantFrom('2026-09-15', '2027-01-04'),
        fc.integer({ min: 1, max: 200 }),
        (id, kind, dueOn, attempt) => {
          // Act
          const name = runNameOf(id, kind, dueOn, attempt);

          // Assess
          expect(name.length).toBeLessThanOrEqual(80);
          expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(name).not.toBe(runNameOf(id, kind, dueOn, attempt + 1));
          expect(name).not.toBe(
            runNameOf(id, kind, dueOn === '2026-09-15' ? '2027-01-04' : '2026-09-15', attempt),
          );
        },
      ),
    );
  });
});
