/** Reads an uploaded roster CSV (header row first) into row objects for the service to check. */
import { CsvError, parse } from 'csv-parse/sync';
import { maxRowsPerRequest } from '../../domain/roster.ts';

export type RosterFileResult = { rows: Record<string, string>[] } | { problem: string };

export function readRosterFile(content: Buffer): RosterFileResult {
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(content, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim()),
      trim: true,
      skip_empty_lines: true,
      // One past the limit is enough to say the file is too long without reading the rest.
      to: maxRowsPerRequest + 1,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? ` on line ${error.lines}` : '';
    return {
      problem: `The selected file could not be read as CSV${line}. Save it as CSV and upload it again`,
    };
  }
  if (records.length === 0) return { problem: 'The selected file has no people in it' };
  if (records.length > maxRowsPerRequest) {
    return {
      problem: `The selected file must have ${maxRowsPerRequest.toLocaleString('en-GB')} people or fewer. Upload the rest in another file`,
    };
  }
  // An empty cell leaves its field out, as in the JSON API.
  return {
    rows: records.map((record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')),
    ),
  };
}
