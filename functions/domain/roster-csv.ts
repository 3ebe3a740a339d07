/** Reads a roster CSV (UTF-8, with or without a BOM, header row first, quoted fields) into row objects. */
import { CsvError, parse } from 'csv-parse/sync';
import { MalformedRequestError } from './errors.ts';
import { maxRowsPerRequest } from './roster.ts';
import { utf8TextOf } from './utf8-text.ts';

const csvProblems: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  INVALID_OPENING_QUOTE: 'a quote appears inside a value that is not quoted',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'the row does not have as many values as the header row',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the row does not have as many values as the header row',
};

function checkedHeader(header: string[]): string[] {
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw new MalformedRequestError('The CSV header row has a column with no name');
    if (seen.has(name)) throw new MalformedRequestError(`The CSV header row names ${name} twice`);
    seen.add(name);
  }
  return header;
}

/**
 * CSV rows as objects keyed by the header row; an empty cell leaves its field out. At most `maxRows` are
 * read: pass one past a request's limit to tell that it is too long without reading the rest.
 */
export function rosterRowsFromCsv(
  text: string | Buffer,
  maxRows = maxRowsPerRequest + 1,
): Record<string, string>[] {
  const csv = typeof text === 'string' ? text : utf8TextOf(text, 'The file');
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(csv, {
      bom: true,
      columns: checkedHeader,
      trim: true,
      skip_empty_lines: true,
      to: maxRows,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
    const problem = csvProblems[error.code] ?? 'it is not valid CSV';
    throw new MalformedRequestError(`The CSV could not be read${line}: ${problem}`, { cause: error });
  }
  return records.map((record) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')),
  );
}
