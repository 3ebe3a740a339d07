import { responseLimits } from '../../../domain/consultation.ts';
import { ConsultationClosedError, TooManyResponsesError, ValidationError } from '../../../domain/errors.ts';
import type { ConsultationFormContext, ConsultationService } from '../../../services/contracts.ts';
import { textField } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import {
  type FormRequest,
  type FormSteps,
  formPage,
  type RenderOptions,
  withProblems,
} from '../../form-page.ts';
import type { WebResult } from '../../page-response.ts';
import { type Receipt, receiptSchema, responseSchema } from './schema.ts';

export const tooManyResponsesMessage = 'You have sent several responses in a short time. Try again later.';

/** What the form calls: opening a link and answering, nothing HR does. */
export type FormConsultations = Pick<ConsultationService, 'openLink' | 'respond'>;

type ConsultationRequest = FormRequest<
  { consultations: FormConsultations },
  ConsultationFormContext,
  Receipt
>;

type Field = 'response' | 'name' | 'organisation' | 'email';
const publicFields: readonly Field[] = ['name', 'organisation', 'email'];
type ResponseValues = Record<Field, string>;

/**
 * The posted answers. Browsers send a textarea's line breaks as CRLF; they count as one character in the
 * character count, so they do here too. Name, organisation and email exist only on the public form.
 */
function valuesOf(request: ConsultationRequest): ResponseValues {
  const { fields, form } = request;
  return {
    response: textField(fields, 'response').replaceAll('\r\n', '\n'),
    name: form.isPublic ? textField(fields, 'name') : '',
    organisation: form.isPublic ? textField(fields, 'organisation') : '',
    email: form.isPublic ? textField(fields, 'email') : '',
  };
}

/** The answers checked by the rules the service records with (functions/domain/consultation-rules.ts). */
function checked(request: ConsultationRequest, values: ResponseValues) {
  const { response, name, organisation, email } = values;
  return request.validate(
    responseSchema(request.form.isPublic),
    request.form.isPublic ? { response, name, organisation, email } : { response },
  );
}

/** The service's field paths → the fields on the question page. */
function problemsFromService(error: ValidationError): FieldProblem[] {
  const problems = (error.errors ?? []).map(({ path, message }): FieldProblem => {
    const field: Field = publicFields.find((name) => name === path) ?? 'response';
    return { field, message };
  });
  return problems.length > 0 ? problems : [{ field: 'response', message: error.message }];
}

/** Blank lines in the description or the proposal start new paragraphs. */
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
function closedPage(request: ConsultationRequest): WebResult {
  const notYetOpen = request.form.status === 'scheduled';
  return request.render(
    'closed',
    { notYetOpen, refusedSubmission: request.isPost },
    { status: request.isPost || notYetOpen ? 409 : 410 },
  );
}

function questionPage(request: ConsultationRequest, values: ResponseValues, problems: FieldProblem[] = []) {
  return request.render(
    'response',
    {
      formAction: request.path('check'),
      descriptionParagraphs: paragraphsOf(request.form.description),
      proposalParagraphs: paragraphsOf(request.form.proposalSummary),
      responseLimit: responseLimits.response,
      values,
    },
    withProblems(problems),
  );
}

function checkPage(request: ConsultationRequest, values: ResponseValues, options: RenderOptions = {}) {
  return request.render(
    'check-answers',
    { formAction: request.path('confirm'), changeAction: request.path(), values },
    options,
  );
}

/** GET /forms/consultation/{token}: an invitee who has responded sees their response, to change it. */
function showQuestion(request: ConsultationRequest): WebResult {
  return questionPage(request, {
    response: request.form.currentResponse?.response ?? '',
    name: '',
    organisation: '',
    email: '',
  });
}

/** POST /forms/consultation/{token}: "Change" on the check page brings the answers back to the question. */
function reviseResponse(request: ConsultationRequest): WebResult {
  return questionPage(request, valuesOf(request));
}

/** POST /forms/consultation/{token}/check: the question's answers, shown back before sending. */
function checkResponse(request: ConsultationRequest): WebResult {
  const values = valuesOf(request);
  const answers = checked(request, values);
  if ('problems' in answers) return questionPage(request, values, answers.problems);
  return checkPage(request, values);
}

/**
 * POST /forms/consultation/{token}/confirm: `response` (and `name`, `organisation`, `email`), `_csrf` — the
 * one that records.
 */
async function confirmResponse(request: ConsultationRequest): Promise<WebResult> {
  const values = valuesOf(request);
  const answers = checked(request, values);
  if ('problems' in answers) return questionPage(request, values, answers.problems);
  try {
    // The client's address is only for the service's rate limit on public responses: never logged here.
    const receipt = await request.services.consultations.respond(request.token, answers.data, {
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    // The receipt says only whether an address was left, never the address.
    return request.redirect('confirmation', {
      respondedAt: receipt.respondedAt,
      changed: receipt.changed,
      ...('email' in answers.data && answers.data.email !== undefined ? { outcomeEmailed: true } : {}),
    });
  } catch (error) {
    if (error instanceof ValidationError) return questionPage(request, values, problemsFromService(error));
    if (error instanceof ConsultationClosedError) {
      // Closed meanwhile: the page says so as of now.
      request.form = await request.services.consultations.openLink(request.token);
      return closedPage(request);
    }
    if (error instanceof TooManyResponsesError) {
      // Keep the answers on the page so the person can send them later without typing them again.
      return checkPage(request, values, {
        status: 429,
        errors: { errorList: [{ text: tooManyResponsesMessage }], fieldErrors: {} },
      });
    }
    throw error;
  }
}

/** GET /forms/consultation/{token}/confirmation */
function showConfirmation(request: ConsultationRequest): WebResult {
  const { respondedAt, changed, outcomeEmailed } = request.answers;
  // An invitee's link shows what the service holds; the public link has only the receipt to go on.
  return request.render('confirmation', {
    respondedAt: request.form.currentResponse?.respondedAt ?? respondedAt,
    changed: changed === true,
    outcomeEmailed: outcomeEmailed === true,
  });
}

/** GET on a step that only takes posts (a refresh or a bookmark): the question is where it starts. */
const startAgain = (request: ConsultationRequest) => request.redirect('');

/** The flow's pages by step ('' is the start page). */
const steps: FormSteps<ConsultationRequest> = {
  '': { get: showQuestion, post: reviseResponse },
  check: { get: startAgain, post: checkResponse },
  confirm: { get: startAgain, post: confirmResponse },
  confirmation: { get: showConfirmation, confirmation: (receipt) => receipt.respondedAt !== undefined },
};

export const consultationForm = formPage('consultation', {
  answers: receiptSchema,
  load: (services: { consultations: FormConsultations }, token) => services.consultations.openLink(token),
  closed: closedPage,
  steps,
});
