import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { responsesCsv } from '../../../functions/services/consultation-exports.ts';

describe('Function: responsesCsv', () => {
  it('lists every response oldest first, with formulas kept as text', () => {
    // Act
    const csv = responsesCsv([
      {
        respondent: 'public',
        respondedAt: '2026-06-03T10:00:00.000Z',
        firstRespondedAt: '2026-06-03T10:00:00.000Z',
        response: '=HYPERLINK("x")',
        name: 'Sam',
        organisation: 'Forum',
      },
      {
        respondent: 'invited',
        respondedAt: '2026-06-02T10:00:00.000Z',
        firstRespondedAt: '2026-06-01T10:00:00.000Z',
        response: 'Line one\nline two, with a comma',
      },
    ]);

    // Assess
    expect(parse(csv, { columns: true, bom: true })).toEqual([
      {
        respondedAt: '2026-06-02T10:00:00.000Z',
        respondent: 'invited',
        name: '',
        organisation: '',
        response: 'Line one\nline two, with a comma',
      },
      {
        respondedAt: '2026-06-03T10:00:00.000Z',
        respondent: 'public',
        name: 'Sam',
        organisation: 'Forum',
        response: `'=HYPERLINK("x")`,
      },
    ]);
  });
});
