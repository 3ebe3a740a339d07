/**
 * A roster CSV read once and cut into chunks the API takes (at most 5,000 rows a request), each chunk a
 * CSV of its own with the header row repeated. Each row remembers the file line it starts on, so the
 * API's `staff[i].field` errors can be told back as lines of the file HR edits.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { maxRowsPerRequest, rosterRowSchema } from '../functions/domain/roster.ts';
import { CliError } from './cli-error.ts';

export const defaultChunkSize = 1000;
export const largestChunkSize = maxRowsPerRequest;

export const rosterColumns: readonly string[] = Object.keys(rosterRowSchema.shape);
/** The columns a row cannot do without: those whose field schema refuses a missing value. */
export const requiredRosterColumns: readonly string[] = Object.entries(rosterRowSchema.shape)
  .filter(([, field]) => !field.safeParse(undefined).success)
  .map(([column]) => column);

export interface RosterFile {
  header: string[];
  rows: string[][];
  /** The file line each row starts on (line 1 is the header row). */
  lines: number[];
}

export interface RosterChunk {
  /** 1-based, as told to people. */
  number: number;
  /** Index of the chunk's first row among all rows. */
  offset: number;
  rows: number;
  firstLine: number;
  lastLine: number;
  csv: string;
}

export interface RowProblem {
  /** The file line, or undefined for a problem with the chunk as a whole. */
  line?: number;
  field?: string;
  message: string;
}

function checkHeader(header: string[]): void {
  const problems: string[] = [];
  const missing = requiredRosterColumns.filter((column) => !header.includes(column));
  if (missing.length > 0)
    problems.push(`Add the missing ${plural(missing.length, 'column')}: ${missing.join(', ')}`);
  const unknown = header.filter((column) => column !== '' && !rosterColumns.includes(column));
  if (unknown.length > 0) {
    problems.push(
      `Remove or rename the unknown ${plural(unknown.length, 'column')}: ${unknown.join(', ')} (the columns are ${rosterColumns.join(', ')})`,
    );
  }
  if (header.includes('')) problems.push('Give every column of the header row a name');
  const repeated = header.filter((column, index) => column !== '' && header.indexOf(column) !== index);
  if (repeated.length > 0) problems.push(`Name each column once: ${[...new Set(repeated)].join(', ')}`);
  if (problems.length > 0)
    throw new CliError('The header row of the CSV file is not right', { details: problems });
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

/** The newlines inside a record's quoted values: the record started that many lines before it ended. */
function newlinesIn(record: readonly string[]): number {
  return record.reduce((count, value) => count + (value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

/** Reads the whole file; throws CliError for CSV it cannot read, a wrong header row or no rows. */
export function readRosterCsv(content: string | Buffer): RosterFile {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, each record comes with the parser's position; the sync typings do not say so.
    records = parse(content, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
    throw new CliError(`The CSV file could not be read${line}: ${error.message}`, { cause: error });
  }
  const [first, ...rest] = records;
  if (first === undefined)
    throw new CliError('The CSV file is empty: it needs a header row and at least one row');
  const header = first.record.map((column) => column.trim());
  checkHeader(header);
  if (rest.length === 0) throw new CliError('The CSV file has a header row but no rows of people');
  return {
    header,
    rows: rest.map(({ record }) => record),
    lines: rest.map(({ record, info }) => info.lines - newlinesIn(record)),
  };
}

/** Chunks of at most `size` rows, each a CSV with the header row; `size` is 1 to 5,000. */
export function rosterChunks(file: RosterFile, size: number): RosterChunk[] {
  if (!Number.isInteger(size) || size < 1 || size > largestChunkSize) {
    throw new RangeError(`A chunk holds 1 to ${largestChunkSize} rows, not ${size}`);
  }
  const chunks: RosterChunk[] = [];
  for (let offset = 0; offset < file.rows.length; offset += size) {
    const rows = file.rows.slice(offset, offset + size);
    chunks.push({
      number: chunks.length + 1,
      offset,
      rows: rows.length,
      firstLine: lineOf(file, offset),
      lastLine: lineOf(file, offset + rows.length - 1),
      csv: stringify([file.header, ...rows]),
    });
  }
  return chunks;
}

/** The file line of the row at `index` among all rows. */
export function lineOf(file: RosterFile, index: number): number {
  // One row a line after the header row, unless the file says otherwise (blank lines, multi-line values).
  return file.lines[index] ?? index + 2;
}

/** The API's errors for one chunk as file lines: `staff[i].field` → the line of row offset + i. */
export function rowProblemsOf(
  file: RosterFile,
  chunk: Pick<RosterChunk, 'offset'>,
  errors: ReadonlyArray<{ path: string; message: string }>,
): RowProblem[] {
  return errors
    .map((error): RowProblem => {
      const match = /^staff\[(\d+)\](?:\.(.+))?$/.exec(error.path);
      if (!match) return { message: error.message };
      return {
        line: lineOf(file, chunk.offset + Number(match[1])),
        ...(match[2] === undefined ? {} : { field: match[2] }),
        message: error.message,
      };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
