/**
 * `POST /api/transfers/{id}/staff`: adds roster rows sent as JSON `{"staff":[row…]}` or as CSV with a
 * header row. Rows are counted before anything checks them (413 over the limit); the service then checks
 * every row and stores all of them or none.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { services } from '../composition.ts';
import { MalformedRequestError, PayloadTooLargeError } from '../domain/errors.ts';
import { maxRowsPerRequest } from '../domain/roster.ts';
import type { Services } from '../services/contracts.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { mediaTypeOf } from './http/parse-body.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const pathParameters = z.object({ id: z.string().min(1) });
const staffBody = z.strictObject({ staff: z.array(z.unknown()) });

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

/** CSV rows as objects keyed by the header row; an empty cell leaves its field out. */
function rowsFromCsv(text: string): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(text, {
      bom: true,
      columns: checkedHeader,
      trim: true,
      skip_empty_lines: true,
      // One past the limit is enough to answer 413 without reading the rest.
      to: maxRowsPerRequest + 1,
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

export function createHandler(getServices: () => Pick<Services, 'transfers'> = services) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { id } = pathParameters.parse(event.pathParameters);
    const rows =
      mediaTypeOf(event.headers) === 'text/csv' && typeof event.body === 'string'
        ? rowsFromCsv(event.body)
        : staffBody.parse(event.body).staff;
    if (rows.length > maxRowsPerRequest) {
      throw new PayloadTooLargeError(
        `Send at most ${maxRowsPerRequest.toLocaleString('en-GB')} rows a request, then the rest in further requests`,
      );
    }
    const result = await getServices().transfers.importStaff(id, rows, actorOf(context));
    return jsonResponse(200, result);
  }).use(jsonApi({ access: 'hr', accept: ['application/json', 'text/csv'] }));
}

export const handler = createHandler();
