/**
 * `/transfers/{id}/staff`: upload the roster as a CSV file. Every row is checked and either all are
 * added or none; the problems are listed by row so HR can fix the file and upload it again.
 */
import { DomainError, TransferNotDraftError, ValidationError } from '../../../domain/errors.ts';
import type { TransferView } from '../../../services/contracts.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { formFieldsOf } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import { readRosterFile } from './roster-file.ts';

export const rosterColumns = [
  { name: 'employeeNumber', description: 'Up to 20 letters, digits, - or /', required: true },
  { name: 'name', description: 'Full name', required: true },
  { name: 'email', description: 'Work email address: the invitation goes here', required: true },
  { name: 'jobTitle', description: 'Job title', required: true },
  { name: 'team', description: 'Team or service', required: false },
  { name: 'managerEmail', description: "The manager's email address", required: false },
  { name: 'currentPensionScheme', description: 'For example, LGPS', required: true },
  { name: 'contractType', description: 'permanent or fixed-term', required: true },
  { name: 'contractEndDate', description: 'YYYY-MM-DD, for fixed-term contracts only', required: false },
  { name: 'continuousServiceStart', description: 'YYYY-MM-DD', required: true },
];

/** The most rows the page lists problems for: enough to see the pattern, not a page of thousands. */
const maximumRowsShown = 100;

export interface RowProblems {
  row: number;
  problems: Array<{ column: string; message: string }>;
}

/** `staff[3].email` (or `rows[3].email`) → row 4 (the first person after the header row is row 1). */
export function rowProblemsOf(errors: Array<{ path: string; message: string }>): {
  rows: RowProblems[];
  other: string[];
} {
  const byRow = new Map<number, RowProblems>();
  const other: string[] = [];
  for (const error of errors) {
    const match = /^(?:staff|rows)\[(\d+)\](?:\.(.+))?$/.exec(error.path);
    if (!match) {
      other.push(error.message);
      continue;
    }
    const row = Number(match[1]) + 1;
    const entry = byRow.get(row) ?? { row, problems: [] };
    entry.problems.push({ column: match[2] ?? '', message: error.message });
    byRow.set(row, entry);
  }
  return { rows: [...byRow.values()].sort((a, b) => a.row - b.row), other };
}

/**
 * A file's ValidationError as the page shows it: the problems by row for the table and, since every problem
 * is in the file, summary lines (the first ten rows) that all link to the file input `field`.
 */
export function fileProblemsOf(
  error: ValidationError,
  field: string,
): { rows: RowProblems[]; problems: FieldProblem[] } {
  const { rows, other } = rowProblemsOf(error.errors ?? []);
  const general = other.length > 0 || rows.length > 0 ? other : [error.message];
  const problems: FieldProblem[] = [
    ...general.map((message) => ({ message })),
    ...rows.slice(0, 10).map((entry) => ({
      message: `Row ${entry.row}: ${entry.problems.map((problem) => problem.message).join('; ')}`,
    })),
    ...(rows.length > 10
      ? [{ message: `${rows.length - 10} more rows have problems: see the list below` }]
      : []),
  ].map(({ message }, index) => ({
    field: index === 0 ? field : `${field}-${index}`,
    targetId: field,
    message,
  }));
  return { rows, problems };
}

export interface UploadProblems {
  problems?: FieldProblem[];
  rows?: RowProblems[];
  status?: number;
}

/**
 * An upload page's errors and its table of rows with problems (the first hundred): beside the file input
 * `field`, one line for the whole file; the summary and the table give each row.
 */
export function uploadProblemsView(field: string, options: UploadProblems) {
  const rows = options.rows ?? [];
  const errors = formErrorsView(options.problems ?? []);
  if (rows.length > 0) {
    errors.fieldErrors[field] =
      `Fix the problems in ${rows.length.toLocaleString('en-GB')} ${rows.length === 1 ? 'row' : 'rows'} of the file`;
  }
  return {
    errors,
    table: {
      rowsWithProblems: rows.slice(0, maximumRowsShown),
      rowsNotShown: Math.max(rows.length - maximumRowsShown, 0),
      rowCount: rows.length,
    },
  };
}

function uploadPage(
  request: DashboardRequest,
  transfer: TransferView,
  options: UploadProblems = {},
): WebResult {
  const { errors, table } = uploadProblemsView('roster', options);
  return renderDashboardPage(
    request,
    'upload-roster/view.njk',
    {
      backLink: transferPath(transfer.id),
      transfer,
      formAction: transferPath(transfer.id, '/staff'),
      columns: rosterColumns,
      ...table,
      isDraft: transfer.status === 'draft',
    },
    { status: options.status ?? 200, errors },
  );
}

/** GET /transfers/{id}/staff */
export async function showUploadRoster(request: DashboardRequest): Promise<WebResult> {
  return uploadPage(request, await request.transfers.get(request.transferId));
}

const onFileField = (message: string): FieldProblem => ({ field: 'roster', message });

/** POST /transfers/{id}/staff (multipart/form-data with the `roster` file) */
export async function submitRoster(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const transfer = await request.transfers.get(request.transferId);
  const file = fields.roster;
  if (typeof file !== 'object' || file.filename === '' || file.content.length === 0) {
    return uploadPage(request, transfer, { status: 422, problems: [onFileField('Select a CSV file')] });
  }
  const read = readRosterFile(file.content);
  if ('problem' in read)
    return uploadPage(request, transfer, { status: 422, problems: [onFileField(read.problem)] });

  try {
    const result = await request.transfers.importStaff(transfer.id, read.rows, request.actor);
    return redirectResponse(transferPath(transfer.id), [
      flashCookie(request.event, transferPath(transfer.id), {
        kind: 'staff-added',
        added: result.added,
        total: result.total,
      }),
    ]);
  } catch (error) {
    if (error instanceof ValidationError) {
      const { rows, problems } = fileProblemsOf(error, 'roster');
      return uploadPage(request, transfer, { status: 422, rows, problems });
    }
    if (error instanceof TransferNotDraftError) {
      return uploadPage(request, transfer, {
        status: 409,
        problems: [onFileField('People can only be added while the transfer is a draft')],
      });
    }
    if (error instanceof DomainError && error.status < 500) {
      return uploadPage(request, transfer, { status: error.status, problems: [onFileField(error.message)] });
    }
    throw error;
  }
}
