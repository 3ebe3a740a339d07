/**
 * Creating a consultation: one page (title, what it is about, dates, public or not, invitees, the transfer
 * it belongs to). The page checks what a person can get wrong in a form (blanks, impossible dates, an
 * email address mistyped) in GOV.UK words; the service then checks the rules (the close after the opening,
 * no date in the past) and its field errors land on the fields. Nothing is stored while there are errors.
 */
import { ValidationError } from '../../domain/errors.ts';
import type { TransferSummary } from '../../services/contracts.ts';
import { type DateInputValues, dateInputValuesOf, readDateInput } from '../date-input.ts';
import { formFieldsOf, textField } from '../form-body.ts';
import { type FieldProblem, formErrorsView } from '../form-errors.ts';
import { redirectResponse, type WebResult } from '../page-response.ts';
import { type ConsultationRequest, consultationPath, renderDashboardPage } from './dashboard-page.ts';
import { flashCookie } from './flash.ts';

export interface ConsultationFormValues {
  title: string;
  description: string;
  opensOn: DateInputValues;
  closesOn: DateInputValues;
  /** `yes`, `no`, or '' before a choice is made. */
  public: string;
  shortPeriodJustification: string;
  /** One email address a line, as typed. */
  invitees: string;
  transferId: string;
}

/** What the page sends to ConsultationService.create. */
export interface NewConsultationInput {
  title: string;
  description?: string;
  opensOn: string;
  closesOn: string;
  public: boolean;
  shortPeriodJustification?: string;
  invite?: string[];
  transferId?: string;
}

const blankForm: ConsultationFormValues = {
  title: '',
  description: '',
  opensOn: dateInputValuesOf(undefined),
  closesOn: dateInputValuesOf(undefined),
  public: '',
  shortPeriodJustification: '',
  invitees: '',
  transferId: '',
};

/** Enough to catch a mistyped address; the service and SES have the last word. */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Fields = ReturnType<typeof formFieldsOf>;

/** A textarea's value with its line breaks kept (textField would only trim it). */
function multilineField(fields: Fields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value.replaceAll('\r\n', '\n').trim() : '';
}

function valuesOf(fields: Fields): ConsultationFormValues {
  const date = (name: string) => ({
    day: textField(fields, `${name}-day`),
    month: textField(fields, `${name}-month`),
    year: textField(fields, `${name}-year`),
  });
  return {
    title: textField(fields, 'title'),
    description: multilineField(fields, 'description'),
    opensOn: date('opensOn'),
    closesOn: date('closesOn'),
    public: textField(fields, 'public'),
    shortPeriodJustification: multilineField(fields, 'shortPeriodJustification'),
    invitees: multilineField(fields, 'invitees'),
    transferId: textField(fields, 'transferId'),
  };
}

const dateMessages = {
  opensOn: {
    missing: 'Enter the date the consultation opens',
    incomplete: 'The date the consultation opens must include a day, month and year',
    'not-real': 'The date the consultation opens must be a real date',
  },
  closesOn: {
    missing: 'Enter the date the consultation closes',
    incomplete: 'The date the consultation closes must include a day, month and year',
    'not-real': 'The date the consultation closes must be a real date',
  },
} as const;

/** The invitee lines without blanks, each with its line number for the error message. */
function inviteeLines(invitees: string): Array<{ line: number; email: string }> {
  return invitees
    .split('\n')
    .map((text, index) => ({ line: index + 1, email: text.trim() }))
    .filter((entry) => entry.email !== '');
}

/** Reads the form into the service's input, or says what is missing or mistyped. */
export function readConsultationForm(
  values: ConsultationFormValues,
  transferIds: ReadonlySet<string>,
): { input?: NewConsultationInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (values.title === '') problems.push({ field: 'title', message: 'Enter a title for the consultation' });
  const dates: Partial<Record<'opensOn' | 'closesOn', string>> = {};
  for (const field of ['opensOn', 'closesOn'] as const) {
    const result = readDateInput(values[field]);
    if ('date' in result) dates[field] = result.date;
    else problems.push({ field, targetId: `${field}-day`, message: dateMessages[field][result.problem] });
  }
  if (values.public !== 'yes' && values.public !== 'no') {
    problems.push({ field: 'public', message: 'Select yes if the consultation takes public responses' });
  }
  const invitees = inviteeLines(values.invitees);
  const mistyped = invitees.find((entry) => !emailPattern.test(entry.email));
  if (mistyped) {
    problems.push({
      field: 'invitees',
      message: `Enter the email address on line ${mistyped.line} in the correct format, like name@example.com`,
    });
  }
  if (values.transferId !== '' && !transferIds.has(values.transferId)) {
    problems.push({ field: 'transferId', message: 'Select a transfer from the list, or none' });
  }
  if (problems.length > 0 || dates.opensOn === undefined || dates.closesOn === undefined) return { problems };
  const isPublic = values.public === 'yes';
  return {
    problems,
    input: {
      title: values.title,
      ...(values.description === '' ? {} : { description: values.description }),
      opensOn: dates.opensOn,
      closesOn: dates.closesOn,
      public: isPublic,
      // The justification belongs to a public consultation only: typed for one that is not, it is dropped.
      ...(isPublic && values.shortPeriodJustification !== ''
        ? { shortPeriodJustification: values.shortPeriodJustification }
        : {}),
      ...(invitees.length === 0 ? {} : { invite: [...new Set(invitees.map((entry) => entry.email))] }),
      ...(values.transferId === '' ? {} : { transferId: values.transferId }),
    },
  };
}

/** The service's field paths (`closesOn`, `invite[2]`, `invite.2`) → the field on this page. */
export function problemForServicePath(path: string, message: string): FieldProblem {
  if (/^invite(\[\d+\]|\.\d+)?$/.test(path)) return { field: 'invitees', message };
  switch (path) {
    case 'title':
    case 'description':
    case 'public':
    case 'shortPeriodJustification':
    case 'transferId':
      return { field: path, message };
    case 'opensOn':
    case 'closesOn':
      return { field: path, targetId: `${path}-day`, message };
    default:
      // A rule about the whole consultation: shown in the summary, linked to its first field.
      return { field: `consultation:${path}`, targetId: 'title', message };
  }
}

function createPage(
  request: ConsultationRequest,
  values: ConsultationFormValues,
  transfers: TransferSummary[],
  problems: FieldProblem[] = [],
): WebResult {
  return renderDashboardPage(
    request,
    'create-consultation.njk',
    {
      backLink: '/consultations',
      values,
      transferItems: [
        { value: '', text: 'None: a standalone consultation', selected: values.transferId === '' },
        ...[...transfers]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((transfer) => ({
            value: transfer.id,
            text: transfer.name,
            selected: transfer.id === values.transferId,
          })),
      ],
    },
    {
      section: 'consultations',
      status: problems.length > 0 ? 422 : 200,
      errors: formErrorsView(problems),
    },
  );
}

/** GET /consultations/new */
export async function showCreateConsultation(request: ConsultationRequest): Promise<WebResult> {
  return createPage(request, blankForm, await request.transfers.list());
}

/** POST /consultations */
export async function submitCreateConsultation(request: ConsultationRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values = valuesOf(fields);
  const transfers = await request.transfers.list();
  const { input, problems } = readConsultationForm(values, new Set(transfers.map((transfer) => transfer.id)));
  if (input === undefined) return createPage(request, values, transfers, problems);
  try {
    const consultation = await request.consultations.create(input, request.actor);
    const path = consultationPath(consultation.id);
    return redirectResponse(path, [flashCookie(request.event, path, { kind: 'consultation-created' })]);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const serviceProblems = (error.errors ?? [{ path: '', message: error.message }]).map((problem) =>
      problemForServicePath(problem.path, problem.message),
    );
    return createPage(request, values, transfers, serviceProblems);
  }
}
