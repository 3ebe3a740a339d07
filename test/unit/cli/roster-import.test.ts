import { InvalidArgumentError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblemError, ApiUnreachableError } from '../../../cli/api-client.ts';
import { parseChunkSize } from '../../../cli/commands/import.ts';
import { readRosterCsv, rosterChunks } from '../../../cli/roster-file.ts';
import { importRoster, importSummary, numberRuns } from '../../../cli/roster-import.ts';
import { rosterCsv, rosterRows } from '../../fixtures/rosters.ts';

const rejection = (errors: Array<{ path: string; message: string }>) =>
  new ApiProblemError('POST', '/api/transfers/T1/staff', {
    title: 'Unprocessable Content',
    status: 422,
    detail: 'Rows have errors; nothing was added',
    errors,
  });

function fiveChunks() {
  const file = readRosterCsv(rosterCsv(rosterRows(450, 'import')));
  return { file, chunks: rosterChunks(file, 100) };
}

describe('Function: importRoster', () => {
  it('sends every chunk in order and adds up what was stored', async () => {
    // Prepare
    const { file, chunks } = fiveChunks();
    let total = 0;
    const importStaffCsv = vi.fn(async (_id: string, csv: string) => {
      const added = csv.trimEnd().split('\n').length - 1;
      total += added;
      return { added, total };
    });
    const sent: number[] = [];

    // Act
    const outcome = await importRoster({ importStaffCsv }, 'T1', file, chunks, (rows) => sent.push(rows));

    // Assess
    expect(importStaffCsv).toHaveBeenCalledTimes(5);
    expect(outcome.added).toBe(450);
    expect(outcome.total).toBe(450);
    expect(outcome.chunks.map((entry) => entry.result)).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
    ]);
    expect(sent).toEqual([100, 200, 300, 400, 450]);
  });

  it('notes a rejected chunk with its rows as file lines and still sends the chunks after it', async () => {
    // Prepare: chunk 2 (rows 100–199, lines 102–201) has two bad rows
    const { file, chunks } = fiveChunks();
    const importStaffCsv = vi
      .fn<(id: string, csv: string) => Promise<{ added: number; total: number }>>()
      .mockResolvedValueOnce({ added: 100, total: 100 })
      .mockRejectedValueOnce(
        rejection([
          { path: 'staff[40].contractType', message: 'The contract type must be permanent or fixed-term' },
          { path: 'staff[3].email', message: 'Enter the email address' },
        ]),
      )
      .mockResolvedValueOnce({ added: 100, total: 200 })
      .mockResolvedValueOnce({ added: 100, total: 300 })
      .mockResolvedValueOnce({ added: 50, total: 350 });

    // Act
    const outcome = await importRoster({ importStaffCsv }, 'T1', file, chunks);

    // Assess
    expect(outcome.added).toBe(350);
    expect(outcome.chunks[1]).toMatchObject({
      result: 'rejected',
      problems: [
        { line: 105, field: 'email', message: 'Enter the email address' },
        { line: 142, field: 'contractType', message: 'The contract type must be permanent or fixed-term' },
      ],
    });
    expect(importStaffCsv).toHaveBeenCalledTimes(5);
  });

  it('stops at a failure that is not a rejection and sends nothing after it', async () => {
    // Prepare
    const { file, chunks } = fiveChunks();
    const unreachable = new ApiUnreachableError('http://localhost:3000', new Error('socket hang up'));
    const importStaffCsv = vi
      .fn<(id: string, csv: string) => Promise<{ added: number; total: number }>>()
      .mockResolvedValueOnce({ added: 100, total: 100 })
      .mockRejectedValueOnce(unreachable);

    // Act
    const outcome = await importRoster({ importStaffCsv }, 'T1', file, chunks);

    // Assess
    expect(importStaffCsv).toHaveBeenCalledTimes(2);
    expect(outcome.stoppedBy).toBe(unreachable);
    expect(outcome.chunks.map((entry) => entry.result)).toEqual([
      'stored',
      'failed',
      'not-sent',
      'not-sent',
      'not-sent',
    ]);
  });
});

describe('Function: importSummary', () => {
  it('says how many rows were added and that none were rejected', async () => {
    // Prepare
    const { file, chunks } = fiveChunks();
    let total = 0;
    const outcome = await importRoster(
      {
        importStaffCsv: async (_id, csv) => {
          const added = csv.trimEnd().split('\n').length - 1;
          total += added;
          return { added, total };
        },
      },
      'T1',
      file,
      chunks,
    );

    // Act
    const summary = importSummary(outcome, 'roster.csv', 'T1');

    // Assess
    expect(summary).toBe(
      [
        'Import of roster.csv into transfer T1',
        'Rows added: 450 (the transfer now has 450 people)',
        'Rows rejected: 0',
        'Chunks stored: 1–5 of 5',
        '',
      ].join('\n'),
    );
  });

  it('lists the rejected chunk with its lines and each problem by file line and field', async () => {
    // Prepare
    const { file, chunks } = fiveChunks();
    const importStaffCsv = vi
      .fn<(id: string, csv: string) => Promise<{ added: number; total: number }>>()
      .mockResolvedValueOnce({ added: 100, total: 100 })
      .mockRejectedValueOnce(rejection([{ path: 'staff[3].email', message: 'Enter the email address' }]))
      .mockResolvedValueOnce({ added: 100, total: 200 })
      .mockRejectedValueOnce(rejection([{ path: 'staff[0]', message: 'Each row must be an object' }]))
      .mockResolvedValueOnce({ added: 50, total: 250 });
    const outcome = await importRoster({ importStaffCsv }, 'T1', file, chunks);

    // Act
    const summary = importSummary(outcome, 'roster.csv', 'T1');

    // Assess
    expect(summary).toContain('Rows added: 250 (the transfer now has 250 people)\n');
    expect(summary).toContain(
      'Rows rejected: 200, in 2 chunks with problems in 2 rows (a chunk is stored whole or not at all)\n',
    );
    expect(summary).toContain('Chunks stored: 1, 3, 5 of 5\n');
    expect(summary).toContain('Chunk 2 rejected (lines 102–201): nothing from it was stored\n');
    expect(summary).toContain('Chunk 4 rejected (lines 302–401): nothing from it was stored\n');
    expect(summary).toContain(
      '  line 105, email: Enter the email address\n  line 302, Each row must be an object\n',
    );
  });

  it('says which chunks were not sent when the import stopped', async () => {
    // Prepare
    const { file, chunks } = fiveChunks();
    const importStaffCsv = vi
      .fn<(id: string, csv: string) => Promise<{ added: number; total: number }>>()
      .mockResolvedValueOnce({ added: 100, total: 100 })
      .mockRejectedValueOnce(new ApiProblemError('POST', '/x', { title: 'Conflict', status: 409 }));
    const outcome = await importRoster({ importStaffCsv }, 'T1', file, chunks);

    // Act
    const summary = importSummary(outcome, 'roster.csv', 'T1');

    // Assess
    expect(summary).toContain('Rows not stored because the import stopped: 350\n');
    expect(summary).toContain('Chunk 2 failed (lines 102–201): the error is below\n');
    expect(summary).toContain('Chunks 3–5 not sent (lines 202–451)\n');
  });
});

describe('Function: parseChunkSize', () => {
  it('takes a whole number of rows from 1 to 5,000', () => {
    // Act / Assess
    expect(parseChunkSize('1')).toBe(1);
    expect(parseChunkSize('5000')).toBe(5000);
    for (const bad of ['0', '5001', '1.5', '-3', 'many', '']) {
      expect(() => parseChunkSize(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('Function: numberRuns', () => {
  it('writes consecutive numbers as runs', () => {
    // Act / Assess
    expect(numberRuns([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8');
    expect(numberRuns([4])).toBe('4');
    expect(numberRuns([])).toBe('');
  });
});
