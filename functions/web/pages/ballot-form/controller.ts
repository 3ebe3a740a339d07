/**
 * The secret ballot of an election of employee representatives (TUPE reg 14): employee number → choose one
 * candidate → check answers → confirmation. The final POST to `confirm` carries every answer
 * (`employeeNumber`, `candidate` = the candidate's employee number, `_csrf`). One vote a person: a second
 * is refused with a page that says they have voted. Nothing here logs or keeps who voted how. Wrong
 * employee numbers lock the link as they lock the pension form's (the same count on the person's case): the
 * locked page, on every step, and nothing recorded.
 */
import { EmployeeNumberMismatchError, ValidationError } from '../../../domain/errors.ts';
import { AlreadyVotedError, ElectionStageClosedError } from '../../../domain/representatives.ts';
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
import { answersSchema, type BallotAnswers, ballotSchema, candidateSchema } from './schema.ts';

type BallotRequest = FormRequest<
  { representatives: RepresentativeService },
  RepresentativeFormContext,
  BallotAnswers
>;

/**
 * 410 on GET (the ballot is over, or the transfer was cancelled), 409 on POST (the vote came too late);
 * nothing recorded.
 */
function closedPage(request: BallotRequest): WebResult {
  return request.render(
    'closed',
    { refusedSubmission: request.isPost },
    { status: request.isPost ? 409 : 410 },
  );
}

/** 409: this person has voted; their vote stands and nothing more is recorded. */
function votedPage(request: BallotRequest): WebResult {
  return request.render('voted', { refusedSubmission: request.isPost }, { status: 409 });
}

function startPage(request: BallotRequest, employeeNumber: string, problems: FieldProblem[] = []): WebResult {
  return request.render(
    'start',
    { formAction: request.path(), values: { employeeNumber } },
    withProblems(problems),
  );
}

function candidatePage(
  request: BallotRequest,
  selected: string | undefined,
  problems: FieldProblem[] = [],
  cookies: Array<string | undefined> = [],
): WebResult {
  return request.render(
    'candidate',
    { formAction: request.path('candidate'), backLink: request.path(), selected },
    withProblems(problems, { cookies }),
  );
}

/** The voter once the number is theirs: the voted page when they have voted, else `next`. */
async function asVoter(
  request: BallotRequest,
  typed: string,
  next: (employeeNumber: string) => WebResult | Promise<WebResult>,
): Promise<WebResult> {
  try {
    const { employeeNumber, voted } = await request.services.representatives.checkVoter(
      request.token,
      typed,
      linkClientOf(request),
    );
    return voted ? votedPage(request) : await next(employeeNumber);
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return startPage(request, typed, [mismatchProblem]);
    throw error;
  }
}

/** POST /forms/ballot/{token}: the employee number. */
async function submitEmployeeNumber(request: BallotRequest): Promise<WebResult> {
  const typed = textField(request.fields, 'employeeNumber');
  const checked = request.validate(employeeNumberSchema, request.fields);
  if ('problems' in checked) return startPage(request, typed, checked.problems);
  return asVoter(request, typed, (employeeNumber) => request.redirect('candidate', { employeeNumber }));
}

/** GET /forms/ballot/{token}/candidate */
async function showCandidates(request: BallotRequest): Promise<WebResult> {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  return asVoter(request, employeeNumber, () => candidatePage(request, request.answers.candidate));
}

/** POST /forms/ballot/{token}/candidate */
function submitCandidate(request: BallotRequest): WebResult {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  const checked = request.validate(candidateSchema(request.form.candidates), request.fields);
  if ('problems' in checked) return candidatePage(request, undefined, checked.problems);
  return request.redirect('check', { employeeNumber, candidate: checked.data.candidate });
}

/** GET /forms/ballot/{token}/check */
function showCheckAnswers(request: BallotRequest): WebResult {
  const { answers } = request;
  if (answers.employeeNumber === undefined) return request.redirect('');
  const chosen = request.form.candidates.find((candidate) => candidate.employeeNumber === answers.candidate);
  if (chosen === undefined) return request.redirect('candidate');
  return request.render('check-answers', {
    formAction: request.path('confirm'),
    backLink: request.path('candidate'),
    startUrl: request.path(),
    candidateUrl: request.path('candidate'),
    answers,
    chosen,
  });
}

/** POST /forms/ballot/{token}/confirm: `employeeNumber`, `candidate`, `_csrf` — the one request that records. */
async function confirmVote(request: BallotRequest): Promise<WebResult> {
  const employeeNumber = textField(request.fields, 'employeeNumber');
  const checked = request.validate(ballotSchema(request.form.candidates), request.fields);
  if ('problems' in checked) {
    const numberProblems = checked.problems.filter((problem) => problem.field === 'employeeNumber');
    if (numberProblems.length > 0) return startPage(request, employeeNumber, numberProblems);
    return candidatePage(request, undefined, checked.problems, [request.keep({ employeeNumber })]);
  }
  try {
    await request.services.representatives.vote(
      request.token,
      employeeNumber,
      checked.data.candidate,
      linkClientOf(request),
    );
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError)
      return startPage(request, employeeNumber, [mismatchProblem]);
    if (error instanceof AlreadyVotedError) return votedPage(request);
    if (error instanceof ElectionStageClosedError) return closedPage(request);
    if (error instanceof ValidationError) {
      const problems = (error.errors ?? []).map(({ message }) => ({ field: 'candidate', message }));
      return candidatePage(request, undefined, problems, [request.keep({ employeeNumber })]);
    }
    throw error;
  }
  return request.redirect('confirmation', { employeeNumber, confirmed: true });
}

const steps: FormSteps<BallotRequest> = {
  '': {
    get: (request) => startPage(request, request.answers.employeeNumber ?? ''),
    post: submitEmployeeNumber,
  },
  candidate: { get: showCandidates, post: submitCandidate },
  check: { get: showCheckAnswers },
  confirm: { get: (request) => request.redirect('check'), post: confirmVote },
  confirmation: {
    get: (request) => request.render('confirmation', {}),
    confirmation: (answers) => answers.confirmed === true && answers.employeeNumber !== undefined,
  },
};

export const ballotForm = formPage('ballot', {
  answers: answersSchema,
  load: (services: { representatives: RepresentativeService }, token) =>
    services.representatives.openBallot(token),
  closed: closedPage,
  refuse: lockedPage,
  steps,
});
