/**
 * `/contracts/upload` (HR): add contracts from a CSV file, as `POST /api/contracts` takes them. Every row is
 * checked and either all are added or none; the problems are listed by row so HR can fix the file.
 */
import { DomainError, ValidationError } from '../../../domain/errors.ts';
import { type ContractRequest, renderDashboardPage } from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { formFieldsOf } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import { fileProblemsOf, type UploadProblems, uploadProblemsView } from '../upload-roster/controller.ts';

/** A column of the CSV file as the page lists it; `required` ones must have a value on every row. */
const required = (name: string, description: string) => ({ name, description, required: true });
const optional = (name: string, description: string) => ({ name, description, required: false });

export const contractColumns = [
  required('kind', 'employment or agreement'),
  required('title', 'What the contract is, for example Fixed-term social worker'),
  required('parties', 'The parties, separated by ;'),
  required('managerEmail', "The manager's email address: the reminders go here"),
  required('startDate', 'YYYY-MM-DD'),
  required('endDate', 'YYYY-MM-DD, in the future'),
  optional('noticeDays', 'Days before the end to decide by (30 if empty)'),
  optional('reminderDays', 'Days before the end to remind, separated by ; (90;60;30;14;7 if empty)'),
  optional('employeeNumber', 'Employment contracts only'),
  optional('employeeName', "Employment contracts only: the employee's name"),
  optional('continuousServiceStart', 'Employment contracts only: YYYY-MM-DD'),
  optional('requiresConsultation', 'Agreements only: yes if renewing needs a consultation'),
];

function uploadPage(request: ContractRequest, options: UploadProblems = {}): WebResult {
  const { errors, table } = uploadProblemsView('contracts', options);
  return renderDashboardPage(
    request,
    'upload-contracts/view.njk',
    { backLink: '/contracts', columns: contractColumns, ...table },
    { section: 'contracts', status: options.status ?? 200, errors },
  );
}

/** GET /contracts/upload */
export async function showUploadContracts(request: ContractRequest): Promise<WebResult> {
  return uploadPage(request);
}

const onFileField = (message: string): FieldProblem => ({ field: 'contracts', message });

/** The service's `contracts.3.endDate` as the roster's `rows[3].endDate`, so one reader numbers the rows. */
const asRowPath = (path: string) => path.replace(/^contracts\.(\d+)(?=\.|$)/, 'rows[$1]');

/** POST /contracts/upload (multipart/form-data with the `contracts` file) */
export async function submitContracts(request: ContractRequest): Promise<WebResult> {
  const file = formFieldsOf(request.event).contracts;
  if (typeof file !== 'object' || file.filename === '' || file.content.length === 0) {
    return uploadPage(request, { status: 422, problems: [onFileField('Select a CSV file')] });
  }
  try {
    const created = await request.contracts.createFromCsv(file.content.toString('utf8'), request.actor);
    return redirectResponse('/contracts', [
      flashCookie(request.event, '/contracts', { kind: 'contracts-added', added: created.length }),
    ]);
  } catch (error) {
    if (error instanceof ValidationError) {
      const errors = (error.errors ?? []).map((problem) => ({ ...problem, path: asRowPath(problem.path) }));
      const emptyFile = errors.some((problem) => problem.path === 'contracts');
      if (emptyFile) {
        return uploadPage(request, {
          status: 422,
          problems: [onFileField('The selected file has no contracts in it')],
        });
      }
      const { rows, problems } = fileProblemsOf(new ValidationError(error.message, { errors }), 'contracts');
      return uploadPage(request, { status: 422, rows, problems });
    }
    if (error instanceof DomainError && error.status < 500) {
      return uploadPage(request, { status: error.status, problems: [onFileField(error.message)] });
    }
    throw error;
  }
}
