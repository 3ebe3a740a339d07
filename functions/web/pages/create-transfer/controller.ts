/**
 * Creating a transfer: one page of fieldsets (the transfer, its dates, its pension options). The page
 * checks its fields with its schema (schema.ts: the API's field rules, and dates and option rows as the
 * page takes them); the service then checks the rules between fields (dates in order, codes unique) and
 * its field errors land on the fields.
 */
import { ValidationError } from '../../../domain/errors.ts';
import { legalBases } from '../../../domain/transfer.ts';
import type { NewTransferInput } from '../../../services/contracts.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { legalBasisDescriptions } from '../../dashboard/labels.ts';
import { dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { type FormFields, formFieldsOf, textField } from '../../form-body.ts';
import { type FieldProblem, fieldProblemsOf, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import {
  createTransferSchema,
  fieldOfIssue,
  filledRows,
  hrContactInputOf,
  optionInputOf,
  optionRows,
  transfereeContactInputOf,
} from './schema.ts';

type Fields = FormFields;

export interface TransferFormValues {
  name: string;
  transferor: string;
  transferee: string;
  legalBasis: string;
  transferDate: { day: string; month: string; year: string };
  electionClosesOn: { day: string; month: string; year: string };
  options: Array<{ code: string; label: string; description: string; guidanceUrl: string }>;
  defaultOption: string;
  hrContact: { name: string; email: string; phone: string };
  transfereeContact: { name: string; email: string };
  retentionYears: string;
}

const blankForm: TransferFormValues = {
  name: '',
  transferor: '',
  transferee: '',
  legalBasis: '',
  transferDate: dateInputValuesOf(undefined),
  electionClosesOn: dateInputValuesOf(undefined),
  options: [
    { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme', description: '', guidanceUrl: '' },
    { code: 'NHSPS', label: 'Join the NHS Pension Scheme', description: '', guidanceUrl: '' },
    { code: '', label: '', description: '', guidanceUrl: '' },
  ],
  defaultOption: '',
  hrContact: { name: '', email: '', phone: '' },
  transfereeContact: { name: '', email: '' },
  retentionYears: '',
};

function valuesOf(fields: Fields): TransferFormValues {
  const date = (name: string) => dateInputFields(fields, name);
  return {
    name: textField(fields, 'name'),
    transferor: textField(fields, 'transferor'),
    transferee: textField(fields, 'transferee'),
    legalBasis: textField(fields, 'legalBasis'),
    transferDate: date('transferDate'),
    electionClosesOn: date('electionClosesOn'),
    options: optionRows.map((row) => ({
      code: textField(fields, optionInputOf(row, 'code')).toUpperCase(),
      label: textField(fields, optionInputOf(row, 'label')),
      description: textField(fields, optionInputOf(row, 'description')),
      guidanceUrl: textField(fields, optionInputOf(row, 'guidanceUrl')),
    })),
    defaultOption: textField(fields, 'defaultOption'),
    hrContact: {
      name: textField(fields, hrContactInputOf('name')),
      email: textField(fields, hrContactInputOf('email')),
      phone: textField(fields, hrContactInputOf('phone')),
    },
    transfereeContact: {
      name: textField(fields, transfereeContactInputOf('name')),
      email: textField(fields, transfereeContactInputOf('email')),
    },
    retentionYears: textField(fields, 'retentionYears'),
  };
}

interface ReadForm {
  input?: NewTransferInput;
  problems: FieldProblem[];
  /** Which form row each option sent to the service came from (blank rows are left out). */
  optionRowOf: number[];
}

/** Reads the form into the service's input with the page's schema, or says what is missing. */
export function readTransferForm(values: TransferFormValues): ReadForm {
  const { options, defaultOption, ...transfer } = values;
  const filled = filledRows(options);
  const optionRowOf = filled.map((option) => option.row);
  const parsed = createTransferSchema.safeParse({ ...transfer, pension: { options, defaultOption } });
  if (!parsed.success) {
    const problems = fieldProblemsOf(parsed.error.issues, {
      fieldOf: fieldOfIssue,
      targetOf: (field) =>
        field === 'transferDate' || field === 'electionClosesOn' ? `${field}-day` : undefined,
    });
    return { problems, optionRowOf };
  }
  const { pension, electionClosesOn, hrContact, transfereeContact, retentionYears, ...checked } = parsed.data;
  return {
    problems: [],
    optionRowOf,
    input: {
      ...checked,
      ...(hrContact ? { hrContact } : {}),
      ...(transfereeContact ? { transfereeContact } : {}),
      ...(retentionYears === undefined ? {} : { retentionYears }),
      pension: {
        // Blank optional fields are left out, as the API leaves them out.
        options: filled.map(({ row: _row, ...option }) => {
          const given = Object.entries(option).filter(([, value]) => value !== '');
          return Object.fromEntries(given) as typeof option;
        }),
        defaultOption: options[Number(pension.defaultOption) - 1]?.code ?? '',
        electionClosesOn,
      },
    },
  };
}

/** The service's field paths (`pension.options[1].code`) → the field on this page. */
export function problemForServicePath(path: string, message: string, optionRowOf: number[]): FieldProblem {
  const option = /^pension\.options\[(\d+)\]\.(\w+)$/.exec(path);
  if (option) return { field: optionInputOf(optionRowOf[Number(option[1])] ?? 1, option[2]), message };
  const contact = /^hrContact\.(\w+)$/.exec(path);
  if (contact) return { field: hrContactInputOf(contact[1]), message };
  const transfereeContact = /^transfereeContact\.(\w+)$/.exec(path);
  if (transfereeContact) return { field: transfereeContactInputOf(transfereeContact[1]), message };
  switch (path) {
    case 'name':
    case 'transferor':
    case 'transferee':
    case 'legalBasis':
    case 'retentionYears':
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
    'create-transfer/view.njk',
    {
      backLink: '/',
      values,
      legalBasisItems: legalBases.map((basis) => ({
        value: basis,
        text: legalBasisDescriptions[basis].name,
        hint: { text: legalBasisDescriptions[basis].hint },
        checked: values.legalBasis === basis,
      })),
      optionRows: optionRows.map((row) => ({
        row,
        ...(values.options[row - 1] ?? { code: '', label: '', description: '', guidanceUrl: '' }),
      })),
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
