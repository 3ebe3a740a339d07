import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/cli-error.ts';
import { lineOf, readRosterCsv, rosterChunks, rowProblemsOf } from '../../../cli/roster-file.ts';
import { rosterCsv, rosterRows } from '../../fixtures/rosters.ts';

const header =
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart';
const row = (number: number) =>
  `E${number},Person ${number},p${number}@example.org,Social worker,,,LGPS,permanent,,2015-04-01`;

function problemOf(action: () => unknown): CliError {
  try {
    action();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('Expected a CliError');
}

describe('Function: readRosterCsv', () => {
  it('reads the header row and every row, each with the file line it starts on', () => {
    // Prepare: a byte-order mark, CRLF endings, a blank line and a quoted value over two lines
    const text = `\uFEFF${header}\r\n${row(1)}\r\n\r\nE2,"Smith,\nJo",p2@example.org,Nurse,,,LGPS,permanent,,2015-04-01\r\n${row(3)}\r\n`;

    // Act
    const file = readRosterCsv(text);

    // Assess
    expect(file.header).toEqual(header.split(','));
    expect(file.rows.map((values) => values[0])).toEqual(['E1', 'E2', 'E3']);
    expect(file.rows[1]?.[1]).toBe('Smith,\nJo');
    expect(file.lines).toEqual([2, 4, 6]);
  });

  it('names the missing required columns and the unknown ones before anything is sent', () => {
    // Act
    const error = problemOf(() =>
      readRosterCsv('employeeNumber,name,email,salary\nE1,Jo,jo@example.org,30000\n'),
    );

    // Assess
    expect(error.message).toBe('The header row of the CSV file is not right');
    expect(error.details[0]).toBe(
      'Add the missing columns: jobTitle, currentPensionScheme, contractType, continuousServiceStart',
    );
    expect(error.details[1]).toMatch(
      /^Remove or rename the unknown column: salary \(the columns are employeeNumber,/,
    );
  });

  it('refuses a header row with a column named twice or a column with no name', () => {
    // Act
    const error = problemOf(() => readRosterCsv(`${header},name,\n${row(1)},Jo,\n`));

    // Assess
    expect(error.details).toEqual([
      'Give every column of the header row a name',
      'Name each column once: name',
    ]);
  });

  it('refuses an empty file and a file with a header row only', () => {
    // Act
    const empty = problemOf(() => readRosterCsv('\uFEFF'));
    const headerOnly = problemOf(() => readRosterCsv(`${header}\n`));

    // Assess
    expect(empty.message).toBe('The CSV file is empty: it needs a header row and at least one row');
    expect(headerOnly.message).toBe('The CSV file has a header row but no rows of people');
  });

  it('says at which line the CSV cannot be read', () => {
    // Act
    const error = problemOf(() => readRosterCsv(`${header}\n${row(1)}\nE2,"Jo\n`));

    // Assess
    expect(error.message).toMatch(/^The CSV file could not be read at line \d+: /);
  });
});

describe('Function: rosterChunks', () => {
  it('cuts the rows into chunks of at most the size, each a CSV with the header row', () => {
    // Prepare
    const people = rosterRows(2500, 'chunks');
    const file = readRosterCsv(rosterCsv(people));

    // Act
    const chunks = rosterChunks(file, 1000);

    // Assess
    expect(
      chunks.map(({ number, offset, rows, firstLine, lastLine }) => [
        number,
        offset,
        rows,
        firstLine,
        lastLine,
      ]),
    ).toEqual([
      [1, 0, 1000, 2, 1001],
      [2, 1000, 1000, 1002, 2001],
      [3, 2000, 500, 2002, 2501],
    ]);
    const third = parse(chunks[2]?.csv ?? '', { columns: true }) as Array<Record<string, string>>;
    expect(third).toHaveLength(500);
    expect(third[0]?.employeeNumber).toBe(people[2000]?.employeeNumber);
    expect(Object.keys(third[0] ?? {})).toEqual(header.split(','));
  });

  it('keeps quotes, commas and line breaks in values when it writes a chunk', () => {
    // Prepare: the fixture's first person is called Smith, Jo "JJ"
    const file = readRosterCsv(rosterCsv(rosterRows(3, 'quotes')));

    // Act
    const [chunk] = rosterChunks(file, 2);

    // Assess
    const rows = parse(chunk?.csv ?? '', { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]?.name).toBe('Smith, Jo "JJ"');
  });

  it('refuses a chunk size outside 1 to 5,000', () => {
    // Prepare
    const file = readRosterCsv(`${header}\n${row(1)}\n`);

    // Act / Assess
    expect(() => rosterChunks(file, 0)).toThrow(RangeError);
    expect(() => rosterChunks(file, 5001)).toThrow(RangeError);
    expect(rosterChunks(file, 5000)).toHaveLength(1);
  });
});

describe('Function: rowProblemsOf', () => {
  it("maps each staff[i].field error to the file line of the chunk's row i", () => {
    // Prepare: chunk 3 of 1,000-row chunks starts with the row at index 2000, on line 2002
    const file = readRosterCsv(rosterCsv(rosterRows(2500, 'lines')));
    const chunk = rosterChunks(file, 1000)[2];
    if (chunk === undefined) throw new Error('Expected a third chunk');

    // Act
    const problems = rowProblemsOf(file, chunk, [
      {
        path: 'staff[7].email',
        message: 'Enter the email address in the correct format, like name@example.org',
      },
      { path: 'staff[3]', message: 'Each row must be an object of roster fields' },
      { path: 'staff', message: 'Add at least one row' },
    ]);

    // Assess: line = chunk offset + i + 2
    expect(problems).toEqual([
      { message: 'Add at least one row' },
      { line: 2005, message: 'Each row must be an object of roster fields' },
      {
        line: 2009,
        field: 'email',
        message: 'Enter the email address in the correct format, like name@example.org',
      },
    ]);
  });

  it('uses the real line of a row after blank lines and values over several lines', () => {
    // Prepare
    const file = readRosterCsv(
      `${header}\n\n${row(1)}\nE2,"Smith,\nJo",p2@example.org,Nurse,,,LGPS,permanent,,2015-04-01\n${row(3)}\n`,
    );

    // Act
    const problems = rowProblemsOf(file, { offset: 1 }, [
      { path: 'staff[1].contractType', message: 'Wrong' },
    ]);

    // Assess
    expect(problems).toEqual([{ line: 6, field: 'contractType', message: 'Wrong' }]);
    expect(lineOf(file, 0)).toBe(3);
  });
});
