/**
 * The pension election form (DESIGN §2, §6): employee number → option → check answers → confirmation.
 * One folder for the whole flow: its steps share one schema, one answers cookie and one test, and are
 * declared together in one formPage(). Each POST redirects to the next page (post/redirect/get); a POST
 * with problems shows its page again with the errors (422). The final POST to `confirm` carries every
 * answer itself, so it can be made directly.
 */
import { ElectionClosedError, EmployeeNumberMismatchError, ValidationError } from '../../../domain/errors.ts';
import type { Election, PensionOption } from '../../../domain/transfer.ts';
import type { ElectionFormContext, ElectionService } from '../../../services/contracts.ts';
import { employeeNumberSchema, mismatchProblem } from '../../employee-number-question.ts';
import { textField } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import { type FormRequest, type FormSteps, formPage, withProblems } from '../../form-page.ts';
import { linkClientOf, lockedPage } from '../../link-locked-page.ts';
import type { WebResult } from '../../page-response.ts';
import { answersSchema, choiceSchema, optionSchema, type PensionAnswers } from './schema.ts';

type PensionRequest = FormRequest<{ elections: ElectionService }, ElectionFormContext, PensionAnswers>;

/** Not a rule of the input: what the service found when it compared the number with the link's. */

function optionByCode(form: ElectionFormContext, code: string | undefined): PensionOption | undefined {
  return form.options.find((option) => option.code === code);
}

/** What to say about an election: its option's label beside when and how it was made. */
function describeElection(form: ElectionFormContext, election: Election | undefined) {
  if (election === undefined) return undefined;
  return { ...election, label: optionByCode(form, election.option)?.label ?? election.option };
}

/** The election recorded for the person the number names, or undefined when it names no one on this link. */
async function recordedElection(
  request: PensionRequest,
  employeeNumber: string,
): Promise<Election | undefined> {
  try {
    return (
      await request.services.elections.checkEmployeeNumber(
        request.token,
        employeeNumber,
        linkClientOf(request),
      )
    ).currentElection;
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return undefined;
    throw error;
  }
}

/**
 * The closed page: 410 Gone on GET (the form is no longer there to fill in, and DESIGN §6 asks for a
 * 4xx), 409 Conflict on POST (the answer conflicts with the closed election). It says what was
 * recorded for the person when we know who they are.
 */
async function closedPage(request: PensionRequest): Promise<WebResult> {
  const employeeNumber = textField(request.fields, 'employeeNumber') || request.answers.employeeNumber;
  const recorded = employeeNumber ? await recordedElection(request, employeeNumber) : undefined;
  return request.render(
    'closed',
    {
      recorded: describeElection(request.form, recorded),
      defaultOption: optionByCode(request.form, request.form.defaultOption),
      refusedSubmission: request.isPost,
    },
    { status: request.isPost ? 409 : 410 },
  );
}

function startPage(
  request: PensionRequest,
  employeeNumber: string,
  problems: FieldProblem[] = [],
): WebResult {
  return request.render(
    'start',
    {
      formAction: request.path(),
      values: { employeeNumber },
      currentElection: describeElection(request.form, request.form.currentElection),
    },
    withProblems(problems),
  );
}

async function optionPage(
  request: PensionRequest,
  answers: PensionAnswers & { employeeNumber: string },
  problems: FieldProblem[] = [],
  cookies: Array<string | undefined> = [],
): Promise<WebResult> {
  const { currentElection } = await request.services.elections.checkEmployeeNumber(
    request.token,
    answers.employeeNumber,
    linkClientOf(request),
  );
  return request.render(
    'option',
    {
      formAction: request.path('option'),
      backLink: request.path(),
      selected: answers.option ?? currentElection?.option,
      currentElection: describeElection(request.form, currentElection),
    },
    withProblems(problems, { cookies }),
  );
}

/** GET /forms/pension/{token} */
function showStart(request: PensionRequest): WebResult {
  return startPage(request, request.answers.employeeNumber ?? '');
}

/** POST /forms/pension/{token}: the employee number. */
async function submitEmployeeNumber(request: PensionRequest): Promise<WebResult> {
  const typed = textField(request.fields, 'employeeNumber');
  const checked = request.validate(employeeNumberSchema, request.fields);
  if ('problems' in checked) return startPage(request, typed, checked.problems);
  let employeeNumber: string;
  try {
    // Kept as the roster records it, so the check page shows SCC100001 however it was typed.
    ({ employeeNumber } = await request.services.elections.checkEmployeeNumber(
      request.token,
      typed,
      linkClientOf(request),
    ));
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError) return startPage(request, typed, [mismatchProblem]);
    throw error;
  }

  // Changing the number from the check page keeps the option already picked and goes back there.
  const previous = request.answers;
  const keepOption =
    previous.employeeNumber === employeeNumber &&
    previous.confirmed !== true &&
    optionByCode(request.form, previous.option);
  return keepOption
    ? request.redirect('check', { employeeNumber, option: keepOption.code })
    : request.redirect('option', { employeeNumber });
}

/** GET /forms/pension/{token}/option */
async function showOption(request: PensionRequest): Promise<WebResult> {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  try {
    return await optionPage(request, { ...request.answers, employeeNumber });
  } catch (error) {
    // The number kept from earlier no longer matches (another person's answers on a shared computer).
    if (error instanceof EmployeeNumberMismatchError) return request.redirect('', {});
    throw error;
  }
}

/** POST /forms/pension/{token}/option */
async function submitOption(request: PensionRequest): Promise<WebResult> {
  const { employeeNumber } = request.answers;
  if (employeeNumber === undefined) return request.redirect('');
  const checked = request.validate(optionSchema(request.form.options), request.fields);
  if ('problems' in checked) return optionPage(request, { employeeNumber }, checked.problems);
  return request.redirect('check', { employeeNumber, option: checked.data.option });
}

/** GET /forms/pension/{token}/check */
function showCheckAnswers(request: PensionRequest): WebResult {
  const { answers } = request;
  if (answers.employeeNumber === undefined) return request.redirect('');
  const chosenOption = optionByCode(request.form, answers.option);
  if (chosenOption === undefined || answers.confirmed === true) return request.redirect('option');
  return request.render('check-answers', {
    formAction: request.path('confirm'),
    backLink: request.path('option'),
    startUrl: request.path(),
    optionUrl: request.path('option'),
    answers,
    chosenOption,
  });
}

/** POST /forms/pension/{token}/confirm: `employeeNumber`, `option`, `_csrf` — the one request that records. */
async function confirmChoice(request: PensionRequest): Promise<WebResult> {
  const employeeNumber = textField(request.fields, 'employeeNumber');
  const checked = request.validate(choiceSchema(request.form.options), request.fields);
  if ('problems' in checked) {
    // The number first: the option page can only be shown to the person the number names.
    const numberProblems = checked.problems.filter((problem) => problem.field === 'employeeNumber');
    if (numberProblems.length > 0) return startPage(request, employeeNumber, numberProblems);
  }
  const keepNumber = request.keep({ employeeNumber });
  try {
    if ('problems' in checked)
      return await optionPage(request, { employeeNumber }, checked.problems, [keepNumber]);
    await request.services.elections.confirm(
      request.token,
      employeeNumber,
      checked.data.option,
      linkClientOf(request),
    );
    return request.redirect('confirmation', { employeeNumber, option: checked.data.option, confirmed: true });
  } catch (error) {
    if (error instanceof EmployeeNumberMismatchError)
      return startPage(request, employeeNumber, [mismatchProblem]);
    if (error instanceof ElectionClosedError) return closedPage(request);
    if (error instanceof ValidationError) {
      const problems = (error.errors ?? []).map(({ message }) => ({ field: 'option', message }));
      return optionPage(request, { employeeNumber }, problems, [keepNumber]);
    }
    throw error;
  }
}

/** GET /forms/pension/{token}/confirmation: shows what the service has recorded, not what the cookie says. */
async function showConfirmation(request: PensionRequest): Promise<WebResult> {
  const election = await recordedElection(request, request.answers.employeeNumber ?? '');
  const chosenOption = optionByCode(request.form, election?.option);
  if (election === undefined || chosenOption === undefined) return request.redirect('');
  return request.render('confirmation', { election, chosenOption });
}

/** The flow's pages by step ('' is the start page). */
const steps: FormSteps<PensionRequest> = {
  '': { get: showStart, post: submitEmployeeNumber },
  option: { get: showOption, post: submitOption },
  check: { get: showCheckAnswers },
  // A refresh or a bookmark of `confirm`: the check page is where confirming starts.
  confirm: { get: (request) => request.redirect('check'), post: confirmChoice },
  confirmation: {
    get: showConfirmation,
    confirmation: (answers) => answers.confirmed === true && answers.employeeNumber !== undefined,
  },
};

export const pensionForm = formPage('pension', {
  answers: answersSchema,
  load: (services: { elections: ElectionService }, token) => services.elections.openLink(token),
  closed: closedPage,
  // A locked link, or a client over its limit of wrong numbers: the page every link's form shows.
  refuse: lockedPage,
  steps,
});
