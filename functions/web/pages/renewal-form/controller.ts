/**
 * The renewal decision form: renew (with a new end date) or let it end → check answers → confirmation.
 * Each POST redirects to the next page (post/redirect/get); a POST with problems shows the question again
 * with the errors (422). The final POST to `confirm` carries every answer itself, so it can be made directly.
 */
import { addYears, format, parseISO } from 'date-fns';
import type { ContractDecision, ContractKind } from '../../../domain/contract.ts';
import { fourYearRuleWarning } from '../../../domain/contract-rules.ts';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { BusinessDate } from '../../../domain/transfer.ts';
import type { ContractService, RenewalFormContext } from '../../../services/contracts.ts';
import {
  type DateInputValues,
  type DatePart,
  dateInputFields,
  dateInputItems,
  dateInputValuesOf,
  dateParts,
  datePartsOf,
} from '../../date-input.ts';
import { textField } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import { type FormRequest, type FormSteps, formPage, withProblems } from '../../form-page.ts';
import type { WebResult } from '../../page-response.ts';
import { answersSchema, decisionSchema, newEndDateSchema, type RenewalAnswers } from './schema.ts';

type RenewalRequest = FormRequest<{ contracts: ContractService }, RenewalFormContext, RenewalAnswers>;

/** A decision the service can be asked to record. */
type DecisionInput = { decision: 'renew'; newEndDate: BusinessDate } | { decision: 'end' };

const kindLabels: Record<ContractKind, string> = {
  employment: 'Fixed-term employment contract',
  agreement: 'Agreement between organisations',
};

interface QuestionValues {
  decision: string;
  newEndDate: DateInputValues;
}

interface Checked {
  input?: DecisionInput;
  problems: FieldProblem[];
  /** The boxes of the new end date to mark. */
  dateParts: DatePart[];
}

/** Reads the decision and the new end date; a new end date matters only when renewing. */
function checkAnswers(form: RenewalFormContext, values: QuestionValues): Checked {
  const decision = decisionSchema.safeParse(values);
  if (!decision.success) {
    return {
      problems: [{ field: 'decision', message: decision.error.issues[0]?.message ?? '' }],
      dateParts: [],
    };
  }
  if (decision.data.decision === 'end') return { input: { decision: 'end' }, problems: [], dateParts: [] };
  const date = newEndDateSchema(form).safeParse(values);
  if (!date.success) {
    const [issue] = date.error.issues;
    const parts = datePartsOf(issue);
    // GOV.UK date inputs mark, and link the error to, only the parts still to fill in.
    const targetId = `newEndDate-${parts[0] ?? 'day'}`;
    return { problems: [{ field: 'newEndDate', targetId, message: issue?.message ?? '' }], dateParts: parts };
  }
  return { input: { decision: 'renew', newEndDate: date.data.newEndDate }, problems: [], dateParts: [] };
}

/**
 * A `YYYY-MM-DD` date as the confirm request posts it, read as the three boxes it would have been typed
 * in: empty is missing, any other shape not a real date.
 */
function postedDate(value: string): DateInputValues {
  if (value === '') return { day: '', month: '', year: '' };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return { day: match?.[3] ?? '?', month: match?.[2] ?? '?', year: match?.[1] ?? '?' };
}

function questionPage(request: RenewalRequest, values: QuestionValues, checked?: Checked): WebResult {
  const problems = checked?.problems ?? [];
  return request.render(
    'decision',
    {
      formAction: request.path(),
      decision: values.decision,
      newEndDateItems: dateInputItems(values.newEndDate, checked?.dateParts ?? []),
      exampleNewEndDate: format(addYears(parseISO(request.form.endDate), 1), 'd M yyyy'),
    },
    withProblems(problems),
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
function decidedPage(request: RenewalRequest): WebResult {
  return request.render(
    'decided',
    { decided: describeDecision(request.form.latestDecision), refusedSubmission: request.isPost },
    { status: request.isPost ? 409 : 410 },
  );
}

/** The service's field paths → the fields on the question page. */
function problemsFromService(error: ValidationError): Checked {
  const problems = (error.errors ?? []).map(
    ({ path, message }): FieldProblem =>
      path === 'decision'
        ? { field: 'decision', message }
        : { field: 'newEndDate', targetId: 'newEndDate-day', message },
  );
  return {
    problems:
      problems.length > 0
        ? problems
        : [{ field: 'newEndDate', targetId: 'newEndDate-day', message: error.message }],
    dateParts: [...dateParts],
  };
}

function valuesOf(answers: RenewalAnswers): QuestionValues {
  return { decision: answers.decision ?? '', newEndDate: dateInputValuesOf(answers.newEndDate) };
}

/** GET /forms/renewal/{token}: the contract and the question, with any answer given earlier. */
function showDecision(request: RenewalRequest): WebResult {
  return questionPage(request, valuesOf(request.answers.confirmed === true ? {} : request.answers));
}

/** POST /forms/renewal/{token}: the decision and, to renew, the new end date in three boxes. */
function submitDecision(request: RenewalRequest): WebResult {
  const values: QuestionValues = {
    decision: textField(request.fields, 'decision'),
    newEndDate: dateInputFields(request.fields, 'newEndDate'),
  };
  const checked = checkAnswers(request.form, values);
  if (checked.input === undefined) return questionPage(request, values, checked);
  return request.redirect('check', checked.input);
}

/** GET /forms/renewal/{token}/check */
function showCheckAnswers(request: RenewalRequest): WebResult {
  const { answers } = request;
  const checked = checkAnswers(request.form, valuesOf(answers));
  if (checked.input === undefined || answers.confirmed === true) return request.redirect('');
  const { input } = checked;
  // Said before confirming, so the manager can choose a shorter term (FTE Regulations 2002, reg 8).
  const warning =
    input.decision === 'renew' ? fourYearRuleWarning(request.form, input.newEndDate, '') : undefined;
  return request.render('check-answers', {
    formAction: request.path('confirm'),
    backLink: request.path(),
    changeUrl: request.path(),
    answers: input,
    fourYearWarning: warning?.message,
  });
}

/** POST /forms/renewal/{token}/confirm: `decision`, `newEndDate`, `_csrf` — the one request that records. */
async function confirmDecision(request: RenewalRequest): Promise<WebResult> {
  const values: QuestionValues = {
    decision: textField(request.fields, 'decision'),
    newEndDate: postedDate(textField(request.fields, 'newEndDate')),
  };
  const checked = checkAnswers(request.form, values);
  const shown = { ...values, newEndDate: dateInputValuesOf(textField(request.fields, 'newEndDate')) };
  if (checked.input === undefined) return questionPage(request, shown, checked);

  let warnings: RenewalAnswers['warnings'];
  try {
    const result = await request.services.contracts.decideByLink(request.token, checked.input);
    warnings = result.warnings.map((warning) => warning.code);
  } catch (error) {
    if (error instanceof ValidationError) return questionPage(request, shown, problemsFromService(error));
    if (error instanceof ConflictError) {
      // Decided meanwhile (another tab, or through the API): say what was recorded instead.
      request.form = await request.services.contracts.openRenewalLink(request.token);
      return decidedPage(request);
    }
    throw error;
  }
  return request.redirect('confirmation', { ...checked.input, confirmed: true, warnings });
}

/** GET /forms/renewal/{token}/confirmation: shows the decision the service recorded, not the cookie's. */
function showConfirmation(request: RenewalRequest): WebResult {
  const decided = describeDecision(request.form.latestDecision);
  if (decided === undefined) return request.redirect('');
  return request.render('confirmation', {
    decided,
    fourYearRule: request.answers.warnings?.includes('FIXED_TERM_FOUR_YEAR_RULE') ?? false,
  });
}

/** The flow's pages by step ('' is the start page). */
const steps: FormSteps<RenewalRequest> = {
  '': { get: showDecision, post: submitDecision },
  check: { get: showCheckAnswers },
  // A refresh or a bookmark of `confirm`: the check page is where confirming starts.
  confirm: { get: (request) => request.redirect('check'), post: confirmDecision },
  confirmation: { get: showConfirmation, confirmation: (answers) => answers.confirmed === true },
};

export const renewalForm = formPage('renewal', {
  answers: answersSchema,
  load: (services: { contracts: ContractService }, token) => services.contracts.openRenewalLink(token),
  closed: decidedPage,
  context: (form) => ({ kindLabel: kindLabels[form.kind] }),
  steps,
});
