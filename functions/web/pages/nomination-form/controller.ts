/**
 * The nomination form of an election of employee representatives (TUPE reg 14): employee number → "stand as
 * a candidate?" → check answers → confirmation. The final POST to `confirm` carries every answer
 * (`employeeNumber`, `standing`, `_csrf`), so it can be made directly; `standing=yes` records the person as
 * a candidate, once. Wrong employee numbers lock the link as they lock the pension form's (the same count
 * on the person's case): the locked page, on every step, and nothing recorded.
 */
import { EmployeeNumberMismatchError } from '../../../domain/errors.ts';
import { ElectionStageClosedError } from '../../../domain/representatives.ts';
import type {
  RepresentativeFormContext,
  RepresentativeService,
} from '../../../services/representative-service.ts';
import { employeeNumberSchema, mismatchProblem } from '../../employee-number-question.ts';
import { textField } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import { type FormRequest, type FormSteps, formPage, withProblems } from '../../form-page.ts';
import { linkClientOf, lockedPage } from '../../link-locked-page.ts';
import type { WebResult } from '../../page-response.ts';
import { answersSchema, type NominationAnswers, nominationSchema, standingSchema } from './schema.ts';

type NominationRequest = FormRequest<
  { representatives: RepresentativeService },
  RepresentativeFormContext,
  NominationAnswers
>;

/**
 * 410 on GET (nominations are over, or the transfer was cancelled), 409 on POST (the answer came too late);
 * nothing recorded.
 */
function closedPage(request: NominationRequest): WebResult {
  return request.render(
    'closed',
    { refusedSubmission: request.isPost },
    { status: request.isPost ? 409 : 410 },
  );
}

function startPage(
  request: NominationRequest,
  employeeNumber: string,
  problems: FieldProblem[] = [],
): WebResult {
  return request.render(
    'start',
    { formAction: request.path(), values: { employeeNumber } },
    withProblems(problems),
  );
}

function standingPage(
  request: NominationRequest,
  standing: string | undefined,
  alreadyStanding: boolean,
  problems: FieldProblem[] = [],
  cookies: Array<string | undefined> = [],
): WebResult {
  return request.render(
    'standing',
    { formAction: request.path('standing'), backLink: request.path(), standing, alreadyStanding },
    withProblems(problems, { cookies }),
  );
}

/** POST /forms/nomination/{token}: the employee number. */
async function submitEmployeeNumber(request: NominationRequest): Promise<WebResult> {
  const typed = textField(request.fields, 'employeeNumber');
  const checked = request.validate(employeeNumberSchema, request.fields);
  if ('problems' in checked) return startPage(request, typed, checked.problems);
  try {
    const { employeeNumber } = await request.services.representatives.checkNominee(
      request.token,
      typed,
      linkClientOf(request),
    );
    return request.redirect('standing', { employeeNumber });
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return startPage(request, typed, [mismatchProblem]);
    throw error;
  }
}

/** GET /forms/nomination/{token}/standing */
async function showStanding(request: NominationRequest): Promise<WebResult> {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  try {
    const { standing } = await request.services.representatives.checkNominee(
      request.token,
      employeeNumber,
      linkClientOf(request),
    );
    return standingPage(request, request.answers.standing, standing);
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return request.redirect('', {});
    throw error;
  }
}

/** POST /forms/nomination/{token}/standing */
function submitStanding(request: NominationRequest): WebResult {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  const checked = request.validate(standingSchema, request.fields);
  if ('problems' in checked) return standingPage(request, undefined, false, checked.problems);
  return request.redirect('check', { employeeNumber, standing: checked.data.standing });
}

/** GET /forms/nomination/{token}/check */
function showCheckAnswers(request: NominationRequest): WebResult {
  const { answers } = request;
  if (answers.employeeNumber === undefined) return request.redirect('');
  if (answers.standing === undefined || answers.confirmed === true) return request.redirect('standing');
  return request.render('check-answers', {
    formAction: request.path('confirm'),
    backLink: request.path('standing'),
    startUrl: request.path(),
    standingUrl: request.path('standing'),
    answers,
  });
}

/** POST /forms/nomination/{token}/confirm: `employeeNumber`, `standing`, `_csrf` — the one request that records. */
async function confirmNomination(request: NominationRequest): Promise<WebResult> {
  const employeeNumber = textField(request.fields, 'employeeNumber');
  const checked = request.validate(nominationSchema, request.fields);
  if ('problems' in checked) {
    const numberProblems = checked.problems.filter((problem) => problem.field === 'employeeNumber');
    if (numberProblems.length > 0) return startPage(request, employeeNumber, numberProblems);
    return standingPage(request, undefined, false, checked.problems, [request.keep({ employeeNumber })]);
  }
  try {
    if (checked.data.standing === 'yes') {
      await request.services.representatives.stand(request.token, employeeNumber, linkClientOf(request));
    } else {
      // Not standing records nothing; the number is still checked, so the page speaks to the right person.
      await request.services.representatives.checkNominee(
        request.token,
        employeeNumber,
        linkClientOf(request),
      );
    }
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError)
      return startPage(request, employeeNumber, [mismatchProblem]);
    if (error instanceof ElectionStageClosedError) return closedPage(request);
    throw error;
  }
  return request.redirect('confirmation', {
    employeeNumber,
    standing: checked.data.standing,
    confirmed: true,
  });
}

/** GET /forms/nomination/{token}/confirmation: what the service has recorded. */
async function showConfirmation(request: NominationRequest): Promise<WebResult> {
  try {
    const { standing } = await request.services.representatives.checkNominee(
      request.token,
      request.answers.employeeNumber ?? '',
      linkClientOf(request),
    );
    return request.render('confirmation', { standing });
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return request.redirect('', {});
    // The transfer was cancelled since: its election is over.
    if (error instanceof ElectionStageClosedError) return closedPage(request);
    throw error;
  }
}

const steps: FormSteps<NominationRequest> = {
  '': {
    get: (request) => startPage(request, request.answers.employeeNumber ?? ''),
    post: submitEmployeeNumber,
  },
  standing: { get: showStanding, post: submitStanding },
  check: { get: showCheckAnswers },
  confirm: { get: (request) => request.redirect('check'), post: confirmNomination },
  confirmation: {
    get: showConfirmation,
    confirmation: (answers) => answers.confirmed === true && answers.employeeNumber !== undefined,
  },
};

export const nominationForm = formPage('nomination', {
  answers: answersSchema,
  load: (services: { representatives: RepresentativeService }, token) =>
    services.representatives.openNomination(token),
  closed: closedPage,
  refuse: lockedPage,
  steps,
});
