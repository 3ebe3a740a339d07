/**
 * Creating a consultation: one page (title, what it is about, the proposal, dates, public or not, invitees, the transfer
 * it belongs to). The page checks what a person can get wrong in a form (blanks, impossible dates, an
 * email address mistyped) in GOV.UK words; the service then checks the rules (the close after the opening,
 * no date in the past) and its field errors land on the fields. Nothing is stored while there are errors.
 */
import {
  type ConsultationTextField,
  type ConsultationTexts,
  consultationTextFields,
} from '../../../domain/consultation.ts';
import { definedFields } from '../../../domain/defined-fields.ts';
import { ValidationError } from '../../../domain/errors.ts';
import type { TransferSummary } from '../../../services/contracts.ts';
import {
  type ConsultationRequest,
  consultationPath,
  renderDashboardPage,
} from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { formFieldsOf, multilineField, textField } from '../../form-body.ts';
import { type FieldProblem, fieldProblemsOf, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import { createConsultationSchema } from './schema.ts';

export interface ConsultationFormValues extends Record<ConsultationTextField, string> {
  title: string;
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
export interface NewConsultationInput extends ConsultationTexts {
  title: string;
  opensOn: string;
  closesOn: string;
  public: boolean;
  shortPeriodJustification?: string;
  invite?: string[];
  transferId?: string;
}

const blankTexts = Object.fromEntries(consultationTextFields.map((field) => [field, ''])) as Record<
  ConsultationTextField,
  string
>;

const blankForm: ConsultationFormValues = {
  title: '',
  ...blankTexts,
  opensOn: dateInputValuesOf(undefined),
  closesOn: dateInputValuesOf(undefined),
  public: '',
  shortPeriodJustification: '',
  invitees: '',
  transferId: '',
};

type Fields = ReturnType<typeof formFieldsOf>;

function valuesOf(fields: Fields): ConsultationFormValues {
  const date = (name: string) => dateInputFields(fields, name);
  return {
    title: textField(fields, 'title'),
    description: multilineField(fields, 'description'),
    proposalSummary: multilineField(fields, 'proposalSummary'),
    proposalDocumentUrl: textField(fields, 'proposalDocumentUrl'),
    organisation: textField(fields, 'organisation'),
    privacyNoticeUrl: textField(fields, 'privacyNoticeUrl'),
    opensOn: date('opensOn'),
    closesOn: date('closesOn'),
    public: textField(fields, 'public'),
    shortPeriodJustification: multilineField(fields, 'shortPeriodJustification'),
    invitees: multilineField(fields, 'invitees'),
    transferId: textField(fields, 'transferId'),
  };
}

/** Reads the form into the service's input with the page's schema, or says what is missing or mistyped. */
export function readConsultationForm(
  values: ConsultationFormValues,
  transferIds: ReadonlySet<string>,
): { input?: NewConsultationInput; problems: FieldProblem[] } {
  const parsed = createConsultationSchema(transferIds).safeParse(values);
  if (!parsed.success) {
    const problems = fieldProblemsOf(parsed.error.issues, {
      targetOf: (field) => (field === 'opensOn' || field === 'closesOn' ? `${field}-day` : undefined),
    });
    return { problems };
  }
  const { title, opensOn, closesOn, shortPeriodJustification, invitees, transferId } = parsed.data;
  const isPublic = parsed.data.public === 'yes';
  return {
    problems: [],
    input: {
      title,
      ...definedFields(parsed.data, consultationTextFields),
      opensOn,
      closesOn,
      public: isPublic,
      // The justification belongs to a public consultation only: typed for one that is not, it is dropped.
      ...(isPublic && shortPeriodJustification !== undefined ? { shortPeriodJustification } : {}),
      ...(invitees.length === 0 ? {} : { invite: invitees }),
      ...(transferId === '' ? {} : { transferId }),
    },
  };
}

/** The service's field paths (`closesOn`, `invite[2]`, `invite.2`) → the field on this page. */
export function problemForServicePath(path: string, message: string): FieldProblem {
  if (/^invite(\[\d+\]|\.\d+)?$/.test(path)) return { field: 'invitees', message };
  if ((consultationTextFields as readonly string[]).includes(path)) return { field: path, message };
  switch (path) {
    case 'title':
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
    'create-consultation/view.njk',
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
