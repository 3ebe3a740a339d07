/**
 * Creating a transfer: one page of fieldsets (the transfer, its dates, its pension options). The page
 * checks what a person can get wrong in a form (blanks, impossible dates) with GOV.UK wording; the
 * service then checks the rules (dates in order, codes unique) and its field errors land on the fields.
 */
import { ValidationError } from '../../domain/errors.ts';
import { type LegalBasis, legalBases, type PensionOption } from '../../domain/transfer.ts';
import type { NewTransferInput } from '../../services/contracts.ts';
import { dateInputValuesOf, readDateInput } from '../date-input.ts';
import { formFieldsOf, textField, type UploadedFile } from '../form-body.ts';
import { type FieldProblem, formErrorsView } from '../form-errors.ts';
import { redirectResponse, type WebResult } from '../page-response.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from './dashboard-page.ts';
import { flashCookie } from './flash.ts';
import { legalBasisDescriptions } from './labels.ts';

/** Rows of option inputs: two are expected (e.g. LGPS and NHSPS), the third is there when needed. */
export const optionRows = [1, 2, 3] as const;

type Fields = Record<string, string | UploadedFile>;

export interface TransferFormValues {
  name: string;
  transferor: string;
  transferee: string;
  legalBasis: string;
  transferDate: { day: string; month: string; year: string };
  electionClosesOn: { day: string; month: string; year: string };
  options: Array<{ code: string; label: string }>;
  defaultOption: string;
}

const blankForm: TransferFormValues = {
  name: '',
  transferor: '',
  transferee: '',
  legalBasis: '',
  transferDate: dateInputValuesOf(undefined),
  electionClosesOn: dateInputValuesOf(undefined),
  options: [
    { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
    { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
    { code: '', label: '' },
  ],
  defaultOption: '',
};

function valuesOf(fields: Fields): TransferFormValues {
  const date = (name: string) => ({
    day: textField(fields, `${name}-day`),
    month: textField(fields, `${name}-month`),
    year: textField(fields, `${name}-year`),
  });
  return {
    name: textField(fields, 'name'),
    transferor: textField(fields, 'transferor'),
    transferee: textField(fields, 'transferee'),
    legalBasis: textField(fields, 'legalBasis'),
    transferDate: date('transferDate'),
    electionClosesOn: date('electionClosesOn'),
    options: optionRows.map((row) => ({
      code: textField(fields, `option${row}Code`).toUpperCase(),
      label: textField(fields, `option${row}Label`),
    })),
    defaultOption: textField(fields, 'defaultOption'),
  };
}

const dateMessages = {
  transferDate: {
    missing: 'Enter the transfer date',
    incomplete: 'The transfer date must include a day, month and year',
    'not-real': 'The transfer date must be a real date',
  },
  electionClosesOn: {
    missing: 'Enter the date the pension election closes',
    incomplete: 'The date the pension election closes must include a day, month and year',
    'not-real': 'The date the pension election closes must be a real date',
  },
} as const;

interface ReadForm {
  input?: NewTransferInput;
  problems: FieldProblem[];
  /** Which form row each option sent to the service came from (blank rows are left out). */
  optionRowOf: number[];
}

/** Reads the form into the service's input, or says what is missing. */
export function readTransferForm(values: TransferFormValues): ReadForm {
  const problems: FieldProblem[] = [];
  const required = (field: 'name' | 'transferor' | 'transferee', message: string) => {
    if (values[field] === '') problems.push({ field, message });
  };
  required('name', 'Enter the transfer name');
  required('transferor', 'Enter the transferor, the employer staff are moving from');
  required('transferee', 'Enter the transferee, the employer staff are moving to');
  if (!(legalBases as readonly string[]).includes(values.legalBasis)) {
    problems.push({ field: 'legalBasis', message: 'Select the legal basis for the transfer' });
  }
  const dates: Partial<Record<'transferDate' | 'electionClosesOn', string>> = {};
  for (const field of ['transferDate', 'electionClosesOn'] as const) {
    const result = readDateInput(values[field]);
    if ('date' in result) dates[field] = result.date;
    else problems.push({ field, targetId: `${field}-day`, message: dateMessages[field][result.problem] });
  }

  const options: PensionOption[] = [];
  const optionRowOf: number[] = [];
  values.options.forEach(({ code, label }, index) => {
    const row = index + 1;
    if (code === '' && label === '') return;
    if (code === '') problems.push({ field: `option${row}Code`, message: `Enter a code for option ${row}` });
    if (label === '') {
      problems.push({ field: `option${row}Label`, message: `Enter a description for option ${row}` });
    }
    options.push({ code, label });
    optionRowOf.push(row);
  });
  if (options.length === 0) {
    problems.push({ field: 'option1Code', message: 'Enter at least one pension option' });
  }
  const defaultRow = Number(values.defaultOption);
  const defaultOption = values.options[defaultRow - 1];
  if (!optionRows.some((row) => row === defaultRow)) {
    problems.push({ field: 'defaultOption', message: 'Select the option people get if they do not choose' });
  } else if (defaultOption === undefined || defaultOption.code === '') {
    problems.push({
      field: 'defaultOption',
      message: `Enter option ${defaultRow}, or select an option you have entered as the default`,
    });
  }
  if (problems.length > 0 || dates.transferDate === undefined || dates.electionClosesOn === undefined) {
    return { problems, optionRowOf };
  }
  return {
    problems,
    optionRowOf,
    input: {
      name: values.name,
      transferor: values.transferor,
      transferee: values.transferee,
      transferDate: dates.transferDate,
      legalBasis: values.legalBasis as LegalBasis,
      pension: {
        options,
        defaultOption: defaultOption?.code ?? '',
        electionClosesOn: dates.electionClosesOn,
      },
    },
  };
}

/** The service's field paths (`pension.options[1].code`) → the field on this page. */
export function problemForServicePath(path: string, message: string, optionRowOf: number[]): FieldProblem {
  const option = /^pension\.options\[(\d+)\]\.(code|label)$/.exec(path);
  if (option) {
    const row = optionRowOf[Number(option[1])] ?? 1;
    return { field: `option${row}${option[2] === 'code' ? 'Code' : 'Label'}`, message };
  }
  switch (path) {
    case 'name':
    case 'transferor':
    case 'transferee':
    case 'legalBasis':
      return { field: path, message };
    case 'transferDate':
      return { field: 'transferDate', targetId: 'transferDate-day', message };
    case 'pension.electionClosesOn':
      return { field: 'electionClosesOn', targetId: 'electionClosesOn-day', message };
    case 'pension.options':
      return { field: 'option1Code', message };
    case 'pension.defaultOption':
      return { field: 'defaultOption', message };
    default:
      // A rule about the whole transfer: shown in the summary, linked to its first field.
      return { field: `transfer:${path}`, targetId: 'name', message };
  }
}

function createPage(request: DashboardRequest, values: TransferFormValues, problems: FieldProblem[] = []) {
  return renderDashboardPage(
    request,
    'create-transfer.njk',
    {
      backLink: '/',
      values,
      legalBasisItems: legalBases.map((basis) => ({
        value: basis,
        text: legalBasisDescriptions[basis].name,
        hint: { text: legalBasisDescriptions[basis].hint },
        checked: values.legalBasis === basis,
      })),
      optionRows: optionRows.map((row) => ({ row, ...(values.options[row - 1] ?? { code: '', label: '' }) })),
      defaultOptionItems: optionRows.map((row) => {
        const code = values.options[row - 1]?.code ?? '';
        return {
          value: String(row),
          text: code === '' ? `Option ${row}` : `Option ${row} (${code})`,
          checked: values.defaultOption === String(row),
        };
      }),
    },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

/** GET /transfers/new */
export async function showCreateTransfer(request: DashboardRequest): Promise<WebResult> {
  return createPage(request, blankForm);
}

/** POST /transfers */
export async function submitCreateTransfer(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values = valuesOf(fields);
  const { input, problems, optionRowOf } = readTransferForm(values);
  if (input === undefined) return createPage(request, values, problems);
  try {
    const transfer = await request.transfers.create(input, request.actor);
    return redirectResponse(transferPath(transfer.id), [
      flashCookie(request.event, transferPath(transfer.id), { kind: 'created' }),
    ]);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const serviceProblems = (error.errors ?? [{ path: '', message: error.message }]).map((problem) =>
      problemForServicePath(problem.path, problem.message, optionRowOf),
    );
    return createPage(request, values, serviceProblems);
  }
}
