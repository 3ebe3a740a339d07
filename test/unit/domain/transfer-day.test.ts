import { describe, expect, it } from 'vitest';
import {
  digestPageCount,
  digestPageOf,
  type ManagerDigest,
  mergedDigests,
} from '../../../functions/domain/transfer-day.ts';

describe('Function: digestPageCount', () => {
  it.each([
    [0, 0],
    [1, 1],
    [10, 1],
    [11, 2],
    [500, 50],
  ])('gives %i shards %i pages of managers', (shards, pages) => {
    // Act
    const count = digestPageCount(shards);

    // Assess
    expect(count).toBe(pages);
  });
});

describe('Function: digestPageOf', () => {
  it('puts a manager on the same page whatever the case of their address, and every page within the count', () => {
    // Prepare
    const managers = Array.from({ length: 2_000 }, (_, index) => `manager${index}@council.example.org`);

    // Act
    const pages = managers.map((manager) => digestPageOf(manager, 50));

    // Assess
    expect(digestPageOf('Kim.Lee@Council.example.org', 50)).toBe(
      digestPageOf('kim.lee@council.example.org', 50),
    );
    expect(pages.every((page) => Number.isInteger(page) && page >= 0 && page < 50)).toBe(true);
    // Spread over the pages: none holds more than twice its share of 40.
    const perPage = Object.values(Object.groupBy(pages, (page) => page)).map((onPage) => onPage?.length ?? 0);
    expect(perPage).toHaveLength(50);
    expect(Math.max(...perPage)).toBeLessThan(80);
  });
});

describe('Function: mergedDigests', () => {
  it("makes each manager's parts from several shards one digest, their people by name", () => {
    // Prepare
    const parts: ManagerDigest[] = [
      {
        managerEmail: 'sam.jones@council.example.org',
        moved: [{ name: 'Zoe Ward', employeeNumber: 'E2', jobTitle: 'Care manager' }],
        notMoved: [],
      },
      {
        managerEmail: 'kim.lee@council.example.org',
        moved: [{ name: 'Cal Moss', employeeNumber: 'E9', jobTitle: 'Social worker' }],
        notMoved: [],
      },
      {
        managerEmail: 'Sam.Jones@council.example.org',
        moved: [{ name: 'Adam Cole', employeeNumber: 'E7', jobTitle: 'Care manager' }],
        notMoved: [{ name: 'Beth Rowe', employeeNumber: 'E5', jobTitle: 'Social worker' }],
      },
    ];

    // Act
    const digests = mergedDigests(parts);

    // Assess
    expect(digests).toEqual([
      {
        managerEmail: 'sam.jones@council.example.org',
        moved: [
          { name: 'Adam Cole', employeeNumber: 'E7', jobTitle: 'Care manager' },
          { name: 'Zoe Ward', employeeNumber: 'E2', jobTitle: 'Care manager' },
        ],
        notMoved: [{ name: 'Beth Rowe', employeeNumber: 'E5', jobTitle: 'Social worker' }],
      },
      {
        managerEmail: 'kim.lee@council.example.org',
        moved: [{ name: 'Cal Moss', employeeNumber: 'E9', jobTitle: 'Social worker' }],
        notMoved: [],
      },
    ]);
  });
});
