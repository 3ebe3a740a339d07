/** Reads an uploaded roster CSV into row objects for the service to check, or says what is wrong with it. */
import { MalformedRequestError } from '../../../domain/errors.ts';
import { maxRowsPerRequest } from '../../../domain/roster.ts';
import { rosterRowsFromCsv } from '../../../domain/roster-csv.ts';

export type RosterFileResult = { rows: Record<string, string>[] } | { problem: string };

export function readRosterFile(content: Buffer): RosterFileResult {
  let rows: Record<string, string>[];
  try {
    rows = rosterRowsFromCsv(content);
  } catch (error) {
    if (!(error instanceof MalformedRequestError)) throw error;
    return { problem: `${error.message}. Save the file as CSV and upload it again` };
  }
  if (rows.length === 0) return { problem: 'The selected file has no people in it' };
  if (rows.length > maxRowsPerRequest) {
    return {
      problem: `The selected file must have ${maxRowsPerRequest.toLocaleString('en-GB')} people or fewer. Upload the rest in another file`,
    };
  }
  return { rows };
}
