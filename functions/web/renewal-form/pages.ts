/**
 * The renewal decision form: renew (with a new end date) or let it end → check answers → confirmation.
 * Each POST redirects to the next page (post/redirect/get); a POST with problems shows the question again
 * with the errors (422). The final POST to `confirm` carries every answer itself, so it can be made directly.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { addYears, format, parseISO } from 'date-fns';
import type { ContractDecision, ContractKind, RenewalDecision } from '../../domain/contract.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { BusinessDate } from '../../domain/transfer.ts';
import type { ContractService, RenewalFormContext } from '../../services/contracts.ts';
import { type CsrfToken, csrfFieldName, csrfTokenFor, verifyCsrf } from '../csrf.ts';
import {
  type DateInputResult,
  type DateInputValues,
  dateInputValuesOf,
  formatBusinessDate,
  readDateInput,
} from '../date-formats.ts';
import { formFieldsOf, textField } from '../form-body.ts';
import { type FieldProblem, type FormErrorsView, formErrorsView, noFormErrors } from '../form-errors.ts';
import { pageResponse, redirectResponse, type WebResult } from '../page-response.ts';
import { answersCookie, formPath, type RenewalAnswers, readAnswers } from './answers-cookie.ts';

export interface RenewalFormRequest {
  event: APIGatewayProxyEventV2;
  token: string;
  contracts: ContractService;
}

export const decisionMessages = {
  missing: 'Select whether to renew or end the contract',
} as const;

export const newEndDateMessages = {
  missing: 'Enter the new end date',
  incomplete: 'The new end date must include a day, month and year',
  'not-real': 'The new end date must be a real date',
} as const;

export function newEndDateNotAfterMessage(endDate: BusinessDate): string {
  return `The new end date must be after ${formatBusinessDate(endDate)}`;
}

const kindLabels: Record<ContractKind, string> = {
  employment: 'Fixed-term employment contract',
  agreement: 'Agreement between organisations',
};

type DatePart = keyof DateInputValues;
const dateParts: readonly DatePart[] = ['day', 'month', 'year'];

/** A decision the service can be asked to record. */
type DecisionInput = { decision: 'renew'; newEndDate: BusinessDate } | { decision: 'end' };

interface QuestionValues {
  decision: string;
  newEndDate: DateInputValues;
}

interface RenderOptions {
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

function render(
  request: RenewalFormRequest,
  template: string,
  form: RenewalFormContext,
  context: object,
  options: RenderOptions = {},
): WebResult {
  const csrf: CsrfToken = csrfTokenFor(request.event);
  const errors = options.errors ?? noFormErrors;
  return pageResponse(
    `renewal-form/${template}`,
    {
      ...context,
      form,
      kindLabel: kindLabels[form.kind],
      homeUrl: formPath(request.token),
      csrfToken: csrf.token,
      errorList: errors.errorList,
      fieldErrors: errors.fieldErrors,
    },
    { status: options.status ?? 200, cookies: [csrf.setCookie, ...(options.cookies ?? [])] },
  );
}

function verifiedForm(request: RenewalFormRequest): ReturnType<typeof formFieldsOf> {
  const fields = formFieldsOf(request.event);
  verifyCsrf(request.event, fields[csrfFieldName]);
  return fields;
}

function isDecision(value: string): value is RenewalDecision {
  return value === 'renew' || value === 'end';
}

/** A problem with the new end date, and which of its three boxes to mark. */
interface NewEndDateProblem extends FieldProblem {
  parts: DatePart[];
}

/** The new end date as typed or posted, judged against the current term. */
function readNewEndDate(
  form: RenewalFormContext,
  read: DateInputResult,
  values: DateInputValues,
): { date: BusinessDate } | { problem: NewEndDateProblem } {
  const problem = (message: string, parts: DatePart[] = [...dateParts]) => ({
    problem: { field: 'newEndDate', targetId: `newEndDate-${parts[0] ?? 'day'}`, message, parts },
  });
  if ('date' in read) {
    return read.date > form.endDate ? { date: read.date } : problem(newEndDateNotAfterMessage(form.endDate));
  }
  if (read.problem === 'incomplete') {
    // GOV.UK date inputs mark, and link the error to, only the parts still to fill in.
    return problem(
      newEndDateMessages.incomplete,
      dateParts.filter((part) => values[part].trim() === ''),
    );
  }
  return problem(newEndDateMessages[read.problem]);
}

/** Reads the decision and the new end date; a new end date matters only when renewing. */
function checkAnswers(
  form: RenewalFormContext,
  values: QuestionValues,
  read: DateInputResult,
): { input: DecisionInput } | { problems: FieldProblem[] } {
  if (!isDecision(values.decision)) {
    return { problems: [{ field: 'decision', message: decisionMessages.missing }] };
  }
  if (values.decision === 'end') return { input: { decision: 'end' } };
  const newEndDate = readNewEndDate(form, read, values.newEndDate);
  if ('problem' in newEndDate) return { problems: [newEndDate.problem] };
  return { input: { decision: 'renew', newEndDate: newEndDate.date } };
}

/** A `YYYY-MM-DD` date as the confirm request posts it, read the same way as the three boxes. */
function readPostedDate(value: string): { read: DateInputResult; values: DateInputValues } {
  if (value === '') return { read: { problem: 'missing' }, values: { day: '', month: '', year: '' } };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { read: { problem: 'not-real' }, values: { day: '', month: '', year: '' } };
  const values = { day: match[3] ?? '', month: match[2] ?? '', year: match[1] ?? '' };
  return { read: readDateInput(values), values: dateInputValuesOf(value) };
}

function dateItems(values: DateInputValues, errorParts: readonly DatePart[]) {
  return dateParts.map((part) => ({
    name: part,
    value: values[part],
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

/** The parts of the date to mark: those a problem names, else all three when the date has a problem. */
function datePartsInError(problems: readonly FieldProblem[]): DatePart[] {
  const problem = problems.find((each) => each.field === 'newEndDate');
  if (problem === undefined) return [];
  return 'parts' in problem ? (problem as NewEndDateProblem).parts : [...dateParts];
}

function questionPage(
  request: RenewalFormRequest,
  form: RenewalFormContext,
  values: QuestionValues,
  problems: FieldProblem[] = [],
): WebResult {
  return render(
    request,
    'decision.njk',
    form,
    {
      formAction: formPath(request.token),
      decision: values.decision,
      newEndDateItems: dateItems(values.newEndDate, datePartsInError(problems)),
      exampleNewEndDate: format(addYears(parseISO(form.endDate), 1), 'd M yyyy'),
    },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

/** What to say about a decision already recorded. */
function describeDecision(decision: ContractDecision | undefined) {
  if (decision === undefined) return undefined;
  return { ...decision, awaitingConsultation: decision.status === 'awaiting-consultation' };
}

/**
 * The page for a contract that is no longer waiting for a decision: 410 Gone on GET (the form is no
 * longer there to fill in), 409 Conflict on POST (the answer conflicts with the decision already made).
 */
function decidedPage(request: RenewalFormRequest, form: RenewalFormContext): WebResult {
  const isPost = request.event.requestContext.http.method === 'POST';
  return render(
    request,
    'decided.njk',
    form,
    { decided: describeDecision(form.latestDecision), refusedSubmission: isPost },
    { status: isPost ? 409 : 410 },
  );
}

/** The service's field paths → the fields on the question page. */
function problemsFromService(error: ValidationError): FieldProblem[] {
  const problems = (error.errors ?? []).map(
    ({ path, message }): FieldProblem =>
      path === 'decision'
        ? { field: 'decision', message: decisionMessages.missing }
        : { field: 'newEndDate', targetId: 'newEndDate-day', message },
  );
  return problems.length > 0
    ? problems
    : [{ field: 'newEndDate', targetId: 'newEndDate-day', message: error.message }];
}

function valuesOf(answers: RenewalAnswers): QuestionValues {
  return { decision: answers.decision ?? '', newEndDate: dateInputValuesOf(answers.newEndDate) };
}

/** GET /forms/renewal/{token}: the contract and the question, with any answer given earlier. */
export async function showDecision(request: RenewalFormRequest): Promise<WebResult> {
  const form = await request.contracts.openRenewalLink(request.token);
  if (!form.open) return decidedPage(request, form);
  const answers = readAnswers(request.event);
  return questionPage(request, form, valuesOf(answers.confirmed === true ? {} : answers));
}

/** POST /forms/renewal/{token}: the decision and, to renew, the new end date in three boxes. */
export async function submitDecision(request: RenewalFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.contracts.openRenewalLink(request.token);
  if (!form.open) return decidedPage(request, form);
  const values: QuestionValues = {
    decision: textField(fields, 'decision'),
    newEndDate: {
      day: textField(fields, 'newEndDate-day'),
      month: textField(fields, 'newEndDate-month'),
      year: textField(fields, 'newEndDate-year'),
    },
  };
  const checked = checkAnswers(form, values, readDateInput(values.newEndDate));
  if ('problems' in checked) return questionPage(request, form, values, checked.problems);
  return redirectResponse(formPath(request.token, 'check'), [
    answersCookie(request.event, request.token, checked.input),
  ]);
}

/** GET /forms/renewal/{token}/check */
export async function showCheckAnswers(request: RenewalFormRequest): Promise<WebResult> {
  const form = await request.contracts.openRenewalLink(request.token);
  if (!form.open) return decidedPage(request, form);
  const answers = readAnswers(request.event);
  const values = valuesOf(answers);
  const checked = checkAnswers(form, values, readDateInput(values.newEndDate));
  if ('problems' in checked || answers.confirmed === true) return redirectResponse(formPath(request.token));
  return render(request, 'check-answers.njk', form, {
    formAction: formPath(request.token, 'confirm'),
    backLink: formPath(request.token),
    changeUrl: formPath(request.token),
    answers: checked.input,
  });
}

/** POST /forms/renewal/{token}/confirm: `decision`, `newEndDate`, `_csrf` — the one request that records. */
export async function confirmDecision(request: RenewalFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.contracts.openRenewalLink(request.token);
  if (!form.open) return decidedPage(request, form);

  const posted = readPostedDate(textField(fields, 'newEndDate'));
  const values: QuestionValues = { decision: textField(fields, 'decision'), newEndDate: posted.values };
  const checked = checkAnswers(form, values, posted.read);
  if ('problems' in checked) return questionPage(request, form, values, checked.problems);

  let warnings: RenewalAnswers['warnings'];
  try {
    const result = await request.contracts.decideByLink(request.token, checked.input);
    warnings = result.warnings.map((warning) => warning.code);
  } catch (error) {
    if (error instanceof ValidationError)
      return questionPage(request, form, values, problemsFromService(error));
    // Decided meanwhile (another tab, or through the API): say what was recorded instead.
    if (error instanceof ConflictError)
      return decidedPage(request, await request.contracts.openRenewalLink(request.token));
    throw error;
  }
  return redirectResponse(formPath(request.token, 'confirmation'), [
    answersCookie(request.event, request.token, { ...checked.input, confirmed: true, warnings }),
  ]);
}

/** GET /forms/renewal/{token}/confirmation: shows the decision the service recorded, not the cookie's. */
export async function showConfirmation(request: RenewalFormRequest): Promise<WebResult> {
  const answers = readAnswers(request.event);
  if (answers.confirmed !== true) return redirectResponse(formPath(request.token));
  const form = await request.contracts.openRenewalLink(request.token);
  const decided = describeDecision(form.latestDecision);
  if (decided === undefined) return redirectResponse(formPath(request.token));
  return render(request, 'confirmation.njk', form, {
    decided,
    fourYearRule: answers.warnings?.includes('FIXED_TERM_FOUR_YEAR_RULE') ?? false,
  });
}

/** GET /forms/renewal/{token}/confirm (a refresh or a bookmark): the check page is where confirming starts. */
export async function showConfirmRedirect(request: RenewalFormRequest): Promise<WebResult> {
  return redirectResponse(formPath(request.token, 'check'));
}
