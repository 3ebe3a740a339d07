/**
 * The transferee's measures form (TUPE reg 13(4)): do you envisage measures, and which → check your answer
 * → confirmation. The answer can be long, so the check page carries it in its own form rather than in a
 * cookie; the final POST to `confirm` carries `measures` (or `none=yes`) itself, so it can be made directly.
 * Answering again replaces the answer; every answer is kept.
 */
import { ValidationError } from '../../../domain/errors.ts';
import type {
  InformationDutyService,
  MeasuresFormContext,
} from '../../../services/information-duty-service.ts';
import { multilineField, textField } from '../../form-body.ts';
import type { FieldProblem } from '../../form-errors.ts';
import { type FormRequest, type FormSteps, formPage, withProblems } from '../../form-page.ts';
import type { WebResult } from '../../page-response.ts';
import { answersSchema, type MeasuresAnswers, questionSchema } from './schema.ts';

export interface MeasuresFormServices {
  informationDuty: Pick<InformationDutyService, 'openMeasuresLink' | 'answerMeasuresByLink'>;
}

type MeasuresRequest = FormRequest<MeasuresFormServices, MeasuresFormContext, MeasuresAnswers>;

interface Values {
  none: string;
  measures: string;
}

function valuesOf(request: MeasuresRequest): Values {
  return { none: textField(request.fields, 'none'), measures: multilineField(request.fields, 'measures') };
}

function questionPage(request: MeasuresRequest, values: Values, problems: FieldProblem[] = []): WebResult {
  // `none` is a Nunjucks keyword: the view reads the choice by another name.
  return request.render(
    'question',
    { formAction: request.path(), values, choice: values.none },
    withProblems(problems),
  );
}

/** GET /forms/measures/{token}: the question, with the answer that counts now, if any. */
function showQuestion(request: MeasuresRequest): WebResult {
  const latest = request.form.latest;
  return questionPage(request, {
    none: latest === undefined ? '' : latest.none ? 'yes' : 'no',
    measures: latest?.measures ?? '',
  });
}

/** POST /forms/measures/{token}: checked, then the check page with the answer in its own form. */
function submitQuestion(request: MeasuresRequest): WebResult {
  const values = valuesOf(request);
  const checked = request.validate(questionSchema, values, {
    fieldOf: (path) => (path[0] === 'measures' ? 'measures' : 'none'),
  });
  if ('problems' in checked) return questionPage(request, values, checked.problems);
  return request.render('check-answers', {
    formAction: request.path('confirm'),
    changeUrl: request.path(),
    noMeasures: checked.data.none === 'yes',
    measures: checked.data.none === 'yes' ? '' : checked.data.measures,
  });
}

/** POST /forms/measures/{token}/confirm: `measures` or `none=yes`, `_csrf` — the one request that records. */
async function confirmAnswer(request: MeasuresRequest): Promise<WebResult> {
  const none = textField(request.fields, 'none');
  const measures = multilineField(request.fields, 'measures');
  const shown: Values = { none: none === 'yes' ? 'yes' : measures === '' ? '' : 'no', measures };
  try {
    await request.services.informationDuty.answerMeasuresByLink(
      request.token,
      none === 'yes' ? { none: 'yes' } : { measures },
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      const problems = (error.errors ?? []).map(
        ({ path, message }): FieldProblem => ({ field: path === 'none' ? 'none' : 'measures', message }),
      );
      return questionPage(request, shown, problems);
    }
    throw error;
  }
  return request.redirect('confirmation', { confirmed: true });
}

/** GET /forms/measures/{token}/confirmation: the answer the service recorded. */
function showConfirmation(request: MeasuresRequest): WebResult {
  const latest = request.form.latest;
  if (latest === undefined) return request.redirect('');
  return request.render('confirmation', { latest });
}

function closedPage(request: MeasuresRequest): WebResult {
  return request.render(
    'closed',
    { refusedSubmission: request.isPost },
    { status: request.isPost ? 409 : 410 },
  );
}

const steps: FormSteps<MeasuresRequest> = {
  '': { get: showQuestion, post: submitQuestion },
  // A refresh or a bookmark of `confirm`: the question is where answering starts.
  confirm: { get: (request) => request.redirect(''), post: confirmAnswer },
  confirmation: { get: showConfirmation, confirmation: (answers) => answers.confirmed === true },
};

export const measuresForm = formPage('measures', {
  answers: answersSchema,
  load: (services: MeasuresFormServices, token) => services.informationDuty.openMeasuresLink(token),
  closed: closedPage,
  steps,
});
