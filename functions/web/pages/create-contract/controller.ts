/**
 * Creating a contract (HR): one page with the contract's fields. The page reads what a person types with
 * the API's own fields and messages (dates in three boxes, parties one a line); the service then checks the
 * rules (the end after the start, in the future) and its field errors land on the fields. Nothing is stored
 * while there are errors.
 */
import { ValidationError } from '../../../domain/errors.ts';
import { type ContractRequest, contractPath, renderDashboardPage } from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { type FormFields, formFieldsOf, multilineField, textField } from '../../form-body.ts';
import { type FieldProblem, fieldProblemsOf, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import { createContractSchema } from './schema.ts';

export interface ContractFormValues {
  kind: string;
  title: string;
  /** One party a line, as typed. */
  parties: string;
  managerEmail: string;
  employeeNumber: string;
  employeeName: string;
  startDate: DateInputValues;
  endDate: DateInputValues;
  continuousServiceStart: DateInputValues;
  noticeDays: string;
  /** `yes` when ticked. */
  requiresConsultation: string;
}

const dateFields = new Set(['startDate', 'endDate', 'continuousServiceStart']);
const fieldNames = new Set([
  'kind',
  'title',
  'parties',
  'managerEmail',
  'employeeNumber',
  'employeeName',
  'noticeDays',
  'requiresConsultation',
  ...dateFields,
]);

const blankForm: ContractFormValues = {
  kind: '',
  title: '',
  parties: '',
  managerEmail: '',
  employeeNumber: '',
  employeeName: '',
  startDate: dateInputValuesOf(undefined),
  endDate: dateInputValuesOf(undefined),
  continuousServiceStart: dateInputValuesOf(undefined),
  noticeDays: '',
  requiresConsultation: '',
};

function valuesOf(fields: FormFields): ContractFormValues {
  return {
    kind: textField(fields, 'kind'),
    title: textField(fields, 'title'),
    parties: multilineField(fields, 'parties'),
    managerEmail: textField(fields, 'managerEmail'),
    employeeNumber: textField(fields, 'employeeNumber'),
    employeeName: textField(fields, 'employeeName'),
    startDate: dateInputFields(fields, 'startDate'),
    endDate: dateInputFields(fields, 'endDate'),
    continuousServiceStart: dateInputFields(fields, 'continuousServiceStart'),
    noticeDays: textField(fields, 'noticeDays'),
    requiresConsultation: textField(fields, 'requiresConsultation') === 'yes' ? 'yes' : '',
  };
}

/** A problem on `field` (the API's path's first part), linked to the day box of a date. */
function problemOn(field: string, message: string): FieldProblem {
  if (dateFields.has(field)) return { field, targetId: `${field}-day`, message };
  if (field === 'kind') return { field, targetId: 'kind', message };
  if (fieldNames.has(field)) return { field, message };
  // A rule about the whole contract: in the summary, linked to its first field.
  return { field: `contract:${field}`, targetId: 'kind', message };
}

/** Reads the form into the API's input, or says what is missing or mistyped. */
export function readContractForm(values: ContractFormValues): {
  input?: Record<string, unknown>;
  problems: FieldProblem[];
} {
  const parsed = createContractSchema.safeParse(values);
  if (!parsed.success) {
    const problems = fieldProblemsOf(parsed.error.issues).map(({ field, message }) =>
      problemOn(field, message),
    );
    return { problems };
  }
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed.data)) {
    if (value !== undefined && value !== '') input[name] = value;
  }
  // Only an agreement can need a consultation; a ticked box on an employment contract is refused by the API.
  if (parsed.data.requiresConsultation === 'yes') input.requiresConsultation = true;
  return { input, problems: [] };
}

function createPage(request: ContractRequest, values: ContractFormValues, problems: FieldProblem[] = []) {
  return renderDashboardPage(
    request,
    'create-contract/view.njk',
    { backLink: '/contracts', values },
    { section: 'contracts', status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

/** GET /contracts/new */
export async function showCreateContract(request: ContractRequest): Promise<WebResult> {
  return createPage(request, blankForm);
}

/** POST /contracts */
export async function submitCreateContract(request: ContractRequest): Promise<WebResult> {
  const values = valuesOf(formFieldsOf(request.event));
  const { input, problems } = readContractForm(values);
  if (input === undefined) return createPage(request, values, problems);
  try {
    const [created] = await request.contracts.create(input, request.actor);
    const path = created ? contractPath(created.id) : '/contracts';
    return redirectResponse(path, [flashCookie(request.event, path, { kind: 'created' })]);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const serviceProblems = (error.errors ?? [{ path: '', message: error.message }]).map((problem) =>
      problemOn(problem.path.split('.')[0] ?? '', problem.message),
    );
    return createPage(request, values, serviceProblems);
  }
}
