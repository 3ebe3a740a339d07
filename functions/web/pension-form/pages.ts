/**
 * The pension election form: employee number → option → check answers → confirmation. Each POST
 * redirects to the next page (post/redirect/get); a POST with problems shows its page again with the
 * errors (422). The final POST to `confirm` carries every answer itself, so it can be made directly.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  ElectionClosedError,
  EmployeeNumberMismatchError,
  LinkLockedError,
  TooManyAttemptsError,
  ValidationError,
} from '../../domain/errors.ts';
import type { Election, PensionOption } from '../../domain/transfer.ts';
import type { ElectionFormContext, ElectionService, LinkClient } from '../../services/contracts.ts';
import { type CsrfToken, csrfFieldName, csrfTokenFor, verifyCsrf } from '../csrf.ts';
import { formatTimeOfDay } from '../date-formats.ts';
import { formFieldsOf, textField } from '../form-body.ts';
import { type FieldProblem, type FormErrorsView, formErrorsView, noFormErrors } from '../form-errors.ts';
import { pageResponse, redirectResponse, type WebResult } from '../page-response.ts';
import { answersCookie, formPath, type PensionAnswers, readAnswers } from './answers-cookie.ts';

export interface PensionFormRequest {
  event: APIGatewayProxyEventV2;
  token: string;
  elections: ElectionService;
}

export const employeeNumberMessages = {
  missing: 'Enter your employee number',
  tooLong: 'Employee number must be 50 characters or fewer',
  mismatch: 'The employee number does not match our records for this link',
} as const;

export const optionMessages = {
  missing: 'Select a pension scheme',
} as const;

const maximumEmployeeNumberLength = 50;

interface RenderOptions {
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

function render(
  request: PensionFormRequest,
  template: string,
  form: ElectionFormContext,
  context: object,
  options: RenderOptions = {},
): WebResult {
  const csrf: CsrfToken = csrfTokenFor(request.event);
  const errors = options.errors ?? noFormErrors;
  return pageResponse(
    `pension-form/${template}`,
    {
      ...context,
      form,
      homeUrl: formPath(request.token),
      csrfToken: csrf.token,
      errorList: errors.errorList,
      fieldErrors: errors.fieldErrors,
    },
    { status: options.status ?? 200, cookies: [csrf.setCookie, ...(options.cookies ?? [])] },
  );
}

function optionByCode(form: ElectionFormContext, code: string | undefined): PensionOption | undefined {
  return form.options.find((option) => option.code === code);
}

/** What to say about an election: its option's label beside when and how it was made. */
function describeElection(form: ElectionFormContext, election: Election | undefined) {
  if (election === undefined) return undefined;
  return { ...election, label: optionByCode(form, election.option)?.label ?? election.option };
}

/** The client's address, only for the service's limit on wrong numbers across links: never logged here. */
function clientOf(request: PensionFormRequest): LinkClient {
  return { sourceIp: request.event.requestContext.http.sourceIp };
}

function verifiedForm(request: PensionFormRequest): ReturnType<typeof formFieldsOf> {
  const fields = formFieldsOf(request.event);
  verifyCsrf(request.event, fields[csrfFieldName]);
  return fields;
}

/**
 * The closed page: 410 Gone on GET (the form is no longer there to fill in, and DESIGN §6 asks for a
 * 4xx), 409 Conflict on POST (the answer conflicts with the closed election). It says what was
 * recorded for the person when we know who they are.
 */
async function closedPage(
  request: PensionFormRequest,
  form: ElectionFormContext,
  employeeNumber: string | undefined,
): Promise<WebResult> {
  const isPost = request.event.requestContext.http.method === 'POST';
  let recorded: Election | undefined;
  if (employeeNumber !== undefined && employeeNumber !== '') {
    try {
      recorded = (
        await request.elections.checkEmployeeNumber(request.token, employeeNumber, clientOf(request))
      ).currentElection;
    } catch (error) {
      if (!(error instanceof EmployeeNumberMismatchError)) throw error;
    }
  }
  return render(
    request,
    'closed.njk',
    form,
    {
      recorded: describeElection(form, recorded),
      defaultOption: optionByCode(form, form.defaultOption),
      refusedSubmission: isPost,
    },
    { status: isPost ? 409 : 410 },
  );
}

function startPage(
  request: PensionFormRequest,
  form: ElectionFormContext,
  employeeNumber: string,
  problems: FieldProblem[] = [],
): WebResult {
  return render(
    request,
    'start.njk',
    form,
    { formAction: formPath(request.token), values: { employeeNumber } },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

async function optionPage(
  request: PensionFormRequest,
  form: ElectionFormContext,
  answers: PensionAnswers & { employeeNumber: string },
  problems: FieldProblem[] = [],
  cookies: Array<string | undefined> = [],
): Promise<WebResult> {
  const { currentElection } = await request.elections.checkEmployeeNumber(
    request.token,
    answers.employeeNumber,
    clientOf(request),
  );
  return render(
    request,
    'option.njk',
    form,
    {
      formAction: formPath(request.token, 'option'),
      backLink: formPath(request.token),
      selected: answers.option ?? currentElection?.option,
      currentElection: describeElection(form, currentElection),
    },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems), cookies },
  );
}

function employeeNumberProblem(employeeNumber: string): FieldProblem | undefined {
  if (employeeNumber === '') return { field: 'employeeNumber', message: employeeNumberMessages.missing };
  if (employeeNumber.length > maximumEmployeeNumberLength) {
    return { field: 'employeeNumber', message: employeeNumberMessages.tooLong };
  }
  return undefined;
}

const mismatchProblem: FieldProblem = { field: 'employeeNumber', message: employeeNumberMessages.mismatch };
const optionProblem: FieldProblem = { field: 'option', message: optionMessages.missing };

/** GET /forms/pension/{token} */
export async function showStart(request: PensionFormRequest): Promise<WebResult> {
  const form = await request.elections.openLink(request.token);
  const answers = readAnswers(request.event);
  if (!form.open) return closedPage(request, form, answers.employeeNumber);
  return startPage(request, form, answers.employeeNumber ?? '');
}

/** POST /forms/pension/{token}: the employee number. */
export async function submitEmployeeNumber(request: PensionFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.elections.openLink(request.token);
  const employeeNumber = textField(fields, 'employeeNumber');
  if (!form.open) return closedPage(request, form, employeeNumber);

  const problem = employeeNumberProblem(employeeNumber);
  if (problem) return startPage(request, form, employeeNumber, [problem]);
  try {
    await request.elections.checkEmployeeNumber(request.token, employeeNumber, clientOf(request));
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError)
      return startPage(request, form, employeeNumber, [mismatchProblem]);
    throw error;
  }

  // Changing the number from the check page keeps the option already picked and goes back there.
  const previous = readAnswers(request.event);
  const keepOption =
    previous.employeeNumber === employeeNumber &&
    previous.confirmed !== true &&
    optionByCode(form, previous.option);
  const answers: PensionAnswers = keepOption
    ? { employeeNumber, option: keepOption.code }
    : { employeeNumber };
  return redirectResponse(formPath(request.token, keepOption ? 'check' : 'option'), [
    answersCookie(request.event, request.token, answers),
  ]);
}

/** GET /forms/pension/{token}/option */
export async function showOption(request: PensionFormRequest): Promise<WebResult> {
  const form = await request.elections.openLink(request.token);
  const answers = readAnswers(request.event);
  if (!form.open) return closedPage(request, form, answers.employeeNumber);
  const { employeeNumber } = answers;
  if (employeeNumber === undefined) return redirectResponse(formPath(request.token));
  try {
    return await optionPage(request, form, { ...answers, employeeNumber });
  } catch (error) {
    // The number kept from earlier no longer matches (another person's answers on a shared computer).
    if (error instanceof EmployeeNumberMismatchError) {
      return redirectResponse(formPath(request.token), [answersCookie(request.event, request.token, {})]);
    }
    throw error;
  }
}

/** POST /forms/pension/{token}/option */
export async function submitOption(request: PensionFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.elections.openLink(request.token);
  const answers = readAnswers(request.event);
  if (!form.open) return closedPage(request, form, answers.employeeNumber);
  const { employeeNumber } = answers;
  if (employeeNumber === undefined) return redirectResponse(formPath(request.token));

  const option = optionByCode(form, textField(fields, 'option'));
  if (option === undefined) return optionPage(request, form, { employeeNumber }, [optionProblem]);
  return redirectResponse(formPath(request.token, 'check'), [
    answersCookie(request.event, request.token, { employeeNumber, option: option.code }),
  ]);
}

/** GET /forms/pension/{token}/check */
export async function showCheckAnswers(request: PensionFormRequest): Promise<WebResult> {
  const form = await request.elections.openLink(request.token);
  const answers = readAnswers(request.event);
  if (!form.open) return closedPage(request, form, answers.employeeNumber);
  if (answers.employeeNumber === undefined) return redirectResponse(formPath(request.token));
  const chosenOption = optionByCode(form, answers.option);
  if (chosenOption === undefined || answers.confirmed === true) {
    return redirectResponse(formPath(request.token, 'option'));
  }
  return render(request, 'check-answers.njk', form, {
    formAction: formPath(request.token, 'confirm'),
    backLink: formPath(request.token, 'option'),
    startUrl: formPath(request.token),
    optionUrl: formPath(request.token, 'option'),
    answers,
    chosenOption,
  });
}

/** POST /forms/pension/{token}/confirm: `employeeNumber`, `option`, `_csrf` — the one request that records. */
export async function confirmChoice(request: PensionFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.elections.openLink(request.token);
  const employeeNumber = textField(fields, 'employeeNumber');
  if (!form.open) return closedPage(request, form, employeeNumber);

  const numberProblem = employeeNumberProblem(employeeNumber);
  if (numberProblem) return startPage(request, form, employeeNumber, [numberProblem]);
  const keepNumber = answersCookie(request.event, request.token, { employeeNumber });
  const option = optionByCode(form, textField(fields, 'option'));

  try {
    if (option === undefined)
      return await optionPage(request, form, { employeeNumber }, [optionProblem], [keepNumber]);
    await request.elections.confirm(request.token, employeeNumber, option.code, clientOf(request));
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError)
      return startPage(request, form, employeeNumber, [mismatchProblem]);
    if (error instanceof ElectionClosedError) return closedPage(request, form, employeeNumber);
    if (error instanceof ValidationError) {
      return optionPage(request, form, { employeeNumber }, [optionProblem], [keepNumber]);
    }
    throw error;
  }
  return redirectResponse(formPath(request.token, 'confirmation'), [
    answersCookie(request.event, request.token, { employeeNumber, option: option.code, confirmed: true }),
  ]);
}

/** GET /forms/pension/{token}/confirmation: shows what the service has recorded, not what the cookie says. */
export async function showConfirmation(request: PensionFormRequest): Promise<WebResult> {
  const form = await request.elections.openLink(request.token);
  const answers = readAnswers(request.event);
  if (answers.confirmed !== true || answers.employeeNumber === undefined) {
    return redirectResponse(formPath(request.token));
  }
  let election: Election | undefined;
  try {
    election = (
      await request.elections.checkEmployeeNumber(request.token, answers.employeeNumber, clientOf(request))
    ).currentElection;
  } catch (error) {
    if (!(error instanceof EmployeeNumberMismatchError)) throw error;
  }
  const chosenOption = optionByCode(form, election?.option);
  if (election === undefined || chosenOption === undefined) return redirectResponse(formPath(request.token));
  return render(request, 'confirmation.njk', form, { election, chosenOption });
}

/** GET /forms/pension/{token}/confirm (a refresh or a bookmark): the check page is where confirming starts. */
export async function showConfirmRedirect(request: PensionFormRequest): Promise<WebResult> {
  return redirectResponse(formPath(request.token, 'check'));
}

/**
 * Every page of the form, refusing a locked link (423, saying until when) or a client over its limit on
 * wrong numbers (429) with a page that says so; nothing is recorded.
 */
export function refusingLockedLinks(
  pages: Readonly<Record<string, (request: PensionFormRequest) => Promise<WebResult>>>,
): Record<string, (request: PensionFormRequest) => Promise<WebResult>> {
  const refusing =
    (page: (request: PensionFormRequest) => Promise<WebResult>) => async (request: PensionFormRequest) => {
      try {
        return await page(request);
      } catch (error) {
        if (!(error instanceof LinkLockedError || error instanceof TooManyAttemptsError)) throw error;
        const form = await request.elections.openLink(request.token);
        return render(
          request,
          'locked.njk',
          form,
          error instanceof LinkLockedError ? { lockedUntil: formatTimeOfDay(error.until) } : {},
          { status: error.status },
        );
      }
    };
  return Object.fromEntries(Object.entries(pages).map(([route, page]) => [route, refusing(page)]));
}
