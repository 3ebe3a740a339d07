/**
 * The consultation response form, for an invitee's personal link and for the public link: the response
 * (and, on the public form, an optional name and organisation) → check answers → confirmation.
 *
 * A response may be 5,000 characters, too long for a cookie, so the answers travel in the pages
 * themselves: the question posts to `check`, which shows them back with hidden fields; "Change" posts them
 * back to the question. The final POST to `confirm` carries every answer, so it can be made directly, and
 * redirects to the confirmation (post/redirect/get).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { responseLimits } from '../../domain/consultation.ts';
import { ConsultationClosedError, TooManyResponsesError, ValidationError } from '../../domain/errors.ts';
import type { ConsultationFormContext, ConsultationService } from '../../services/contracts.ts';
import { type CsrfToken, csrfFieldName, csrfTokenFor, verifyCsrf } from '../csrf.ts';
import { formFieldsOf, textField } from '../form-body.ts';
import { type FieldProblem, type FormErrorsView, formErrorsView, noFormErrors } from '../form-errors.ts';
import { pageResponse, redirectResponse, type WebResult } from '../page-response.ts';
import { formPath, readReceipt, receiptCookie } from './receipt-cookie.ts';

export interface ConsultationFormRequest {
  event: APIGatewayProxyEventV2;
  token: string;
  consultations: ConsultationService;
}

const characters = (limit: number) => new Intl.NumberFormat('en-GB').format(limit);

export const responseMessages = {
  missing: 'Enter your response',
  tooLong: `Your response must be ${characters(responseLimits.response)} characters or fewer`,
} as const;

export const nameMessages = {
  tooLong: `Your name must be ${characters(responseLimits.name)} characters or fewer`,
} as const;

export const organisationMessages = {
  tooLong: `The name of your organisation must be ${characters(responseLimits.organisation)} characters or fewer`,
} as const;

export const tooManyResponsesMessage = 'You have sent several responses in a short time. Try again later.';

type Field = 'response' | 'name' | 'organisation';
type ResponseValues = Record<Field, string>;

interface RenderOptions {
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

function render(
  request: ConsultationFormRequest,
  template: string,
  form: ConsultationFormContext,
  context: object,
  options: RenderOptions = {},
): WebResult {
  const csrf: CsrfToken = csrfTokenFor(request.event);
  const errors = options.errors ?? noFormErrors;
  return pageResponse(
    `consultation-form/${template}`,
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

function verifiedForm(request: ConsultationFormRequest): ReturnType<typeof formFieldsOf> {
  const fields = formFieldsOf(request.event);
  verifyCsrf(request.event, fields[csrfFieldName]);
  return fields;
}

/**
 * The posted answers. Browsers send a textarea's line breaks as CRLF; they count as one character in the
 * character count, so they do here too. Name and organisation exist only on the public form.
 */
function valuesOf(fields: ReturnType<typeof formFieldsOf>, form: ConsultationFormContext): ResponseValues {
  return {
    response: textField(fields, 'response').replaceAll('\r\n', '\n'),
    name: form.isPublic ? textField(fields, 'name') : '',
    organisation: form.isPublic ? textField(fields, 'organisation') : '',
  };
}

function problemsWith(values: ResponseValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (values.response === '') problems.push({ field: 'response', message: responseMessages.missing });
  else if (values.response.length > responseLimits.response) {
    problems.push({ field: 'response', message: responseMessages.tooLong });
  }
  if (values.name.length > responseLimits.name)
    problems.push({ field: 'name', message: nameMessages.tooLong });
  if (values.organisation.length > responseLimits.organisation) {
    problems.push({ field: 'organisation', message: organisationMessages.tooLong });
  }
  return problems;
}

/** The service's field paths → the fields on the question page. */
function problemsFromService(error: ValidationError): FieldProblem[] {
  const problems = (error.errors ?? []).map(({ path, message }): FieldProblem => {
    const field: Field = path === 'name' || path === 'organisation' ? path : 'response';
    return { field, message };
  });
  return problems.length > 0 ? problems : [{ field: 'response', message: error.message }];
}

/** Blank lines in the description start new paragraphs. */
function paragraphsOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/**
 * The page for a consultation not taking responses: 410 Gone on GET once it has closed, 409 Conflict on a
 * POST (and before it opens: the form will be there, just not yet). It records nothing.
 */
function closedPage(request: ConsultationFormRequest, form: ConsultationFormContext): WebResult {
  const isPost = request.event.requestContext.http.method === 'POST';
  const notYetOpen = form.status === 'scheduled';
  return render(
    request,
    'closed.njk',
    form,
    { notYetOpen, refusedSubmission: isPost },
    { status: isPost || notYetOpen ? 409 : 410 },
  );
}

function questionPage(
  request: ConsultationFormRequest,
  form: ConsultationFormContext,
  values: ResponseValues,
  problems: FieldProblem[] = [],
): WebResult {
  return render(
    request,
    'response.njk',
    form,
    {
      formAction: formPath(request.token, 'check'),
      descriptionParagraphs: paragraphsOf(form.description),
      responseLimit: responseLimits.response,
      values,
    },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

function checkPage(
  request: ConsultationFormRequest,
  form: ConsultationFormContext,
  values: ResponseValues,
  options: RenderOptions = {},
): WebResult {
  return render(
    request,
    'check-answers.njk',
    form,
    { formAction: formPath(request.token, 'confirm'), changeAction: formPath(request.token), values },
    options,
  );
}

/** GET /forms/consultation/{token}: an invitee who has responded sees their response, to change it. */
export async function showQuestion(request: ConsultationFormRequest): Promise<WebResult> {
  const form = await request.consultations.openLink(request.token);
  if (!form.open) return closedPage(request, form);
  return questionPage(request, form, {
    response: form.currentResponse?.response ?? '',
    name: '',
    organisation: '',
  });
}

/** POST /forms/consultation/{token}: "Change" on the check page brings the answers back to the question. */
export async function reviseResponse(request: ConsultationFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.consultations.openLink(request.token);
  const values = valuesOf(fields, form);
  if (!form.open) return closedPage(request, form);
  return questionPage(request, form, values);
}

/** POST /forms/consultation/{token}/check: the question's answers, shown back before sending. */
export async function checkResponse(request: ConsultationFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.consultations.openLink(request.token);
  const values = valuesOf(fields, form);
  if (!form.open) return closedPage(request, form);
  const problems = problemsWith(values);
  if (problems.length > 0) return questionPage(request, form, values, problems);
  return checkPage(request, form, values);
}

/** POST /forms/consultation/{token}/confirm: `response` (and `name`, `organisation`), `_csrf` — the one that records. */
export async function confirmResponse(request: ConsultationFormRequest): Promise<WebResult> {
  const fields = verifiedForm(request);
  const form = await request.consultations.openLink(request.token);
  const values = valuesOf(fields, form);
  if (!form.open) return closedPage(request, form);
  const problems = problemsWith(values);
  if (problems.length > 0) return questionPage(request, form, values, problems);

  const input = {
    response: values.response,
    ...(values.name === '' ? {} : { name: values.name }),
    ...(values.organisation === '' ? {} : { organisation: values.organisation }),
  };
  try {
    // The client's address is only for the service's rate limit on public responses: never logged here.
    const receipt = await request.consultations.respond(request.token, input, {
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    return redirectResponse(formPath(request.token, 'confirmation'), [
      receiptCookie(request.event, request.token, receipt),
    ]);
  } catch (error) {
    if (error instanceof ValidationError)
      return questionPage(request, form, values, problemsFromService(error));
    if (error instanceof ConsultationClosedError) {
      return closedPage(request, await request.consultations.openLink(request.token));
    }
    if (error instanceof TooManyResponsesError) {
      // Keep the answers on the page so the person can send them later without typing them again.
      return checkPage(request, form, values, {
        status: 429,
        errors: { errorList: [{ text: tooManyResponsesMessage }], fieldErrors: {} },
      });
    }
    throw error;
  }
}

/** GET /forms/consultation/{token}/confirmation */
export async function showConfirmation(request: ConsultationFormRequest): Promise<WebResult> {
  const receipt = readReceipt(request.event);
  if (receipt === undefined) return redirectResponse(formPath(request.token));
  const form = await request.consultations.openLink(request.token);
  // An invitee's link shows what the service holds; the public link has only the receipt to go on.
  const respondedAt = form.currentResponse?.respondedAt ?? receipt.respondedAt;
  return render(request, 'confirmation.njk', form, { respondedAt, changed: receipt.changed });
}

/** GET on a step that only takes posts (a refresh or a bookmark): the question is where it starts. */
export async function showStartRedirect(request: ConsultationFormRequest): Promise<WebResult> {
  return redirectResponse(formPath(request.token));
}
