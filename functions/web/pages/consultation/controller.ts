/**
 * `/consultations/{id}`: the consultation's details, its twelve-week warning, counts, timers, responses over
 * time, the responses themselves (50 a page, searchable) and as CSV; once it has closed, the form that
 * records its outcome.
 */
import { consultationOutcomeDecisions, responseLimits } from '../../../domain/consultation.ts';
import {
  type OutcomeInput,
  outcomeSchema,
  type RespondentGroup,
  respondentGroups,
  responseSearchOf,
} from '../../../domain/consultation-rules.ts';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { ConsultationResponsePage, ConsultationView } from '../../../services/contracts.ts';
import { consultationResponsesChart, responsesOverTime } from '../../charts/consultation-responses-chart.ts';
import {
  type ConsultationRequest,
  consultationPath,
  contractPath,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { flashCookie, takeFlash } from '../../dashboard/flash.ts';
import {
  consultationStatusTags,
  consultationTimerNames,
  failedTimerNote,
  outcomeDecisionNames,
  timerStatusTag,
} from '../../dashboard/labels.ts';
import { formFieldsOf, textField } from '../../form-body.ts';
import { type FieldProblem, fieldProblemsOf, formErrorsView } from '../../form-errors.ts';
import { downloadResponse, redirectResponse, type WebResult } from '../../page-response.ts';

export interface OutcomeFormValues {
  decision: string;
  summary: string;
}

const blankOutcome: OutcomeFormValues = { decision: '', summary: '' };

/** The longest outcome summary: it goes into every participant's email. */
export const outcomeSummaryLimit = responseLimits.response;

/** Reads the outcome with the API's schema (functions/domain/consultation-rules.ts), or says what is missing. */
export function readOutcomeForm(values: OutcomeFormValues): {
  input?: OutcomeInput;
  problems: FieldProblem[];
} {
  const parsed = outcomeSchema.safeParse(values);
  if (!parsed.success) return { problems: fieldProblemsOf(parsed.error.issues) };
  return { problems: [], input: parsed.data };
}

/** Whole weeks and days between the opening and the close, both counted. */
export function periodLength(opensOn: string, closesOn: string): string {
  const days = Math.round((Date.parse(closesOn) - Date.parse(opensOn)) / 86_400_000) + 1;
  const weeks = Math.floor(days / 7);
  const rest = days % 7;
  const parts = [
    ...(weeks > 0 ? [`${weeks} ${weeks === 1 ? 'week' : 'weeks'}`] : []),
    ...(rest > 0 || weeks === 0 ? [`${rest} ${rest === 1 ? 'day' : 'days'}`] : []),
  ];
  return parts.join(' and ');
}

function linkOf(consultation: ConsultationView) {
  const linked = consultation.linkedTo;
  if (linked === undefined) return undefined;
  return {
    kind: linked.kind === 'transfer' ? 'Transfer' : 'Contract',
    name: linked.name,
    href: linked.kind === 'transfer' ? transferPath(linked.id) : contractPath(linked.id),
  };
}

function chartOf(consultation: ConsultationView) {
  // Before it opens there is nothing to draw; the page says when it opens instead.
  if (consultation.status === 'scheduled') return undefined;
  return consultationResponsesChart(responsesOverTime(consultation));
}

/** Responses shown on one page of the consultation page. */
export const responsesPageSize = 50;

const respondentGroupNames: Record<RespondentGroup, string> = {
  invited: 'Invited',
  public: 'Public',
};

function groupFilterOf(value: string | undefined): RespondentGroup | undefined {
  return respondentGroups.find((group) => group === value);
}

function responseRowsOf(page: ConsultationResponsePage) {
  return page.items.map((response) => ({
    respondedAt: response.respondedAt,
    group: respondentGroupNames[response.respondent],
    who: [response.name, response.organisation].filter((part) => part !== undefined).join(', '),
    response: response.response,
  }));
}

/** The responses table's search, filter and pages: the query carries them, so each page has its own URL. */
async function responsesOf(request: ConsultationRequest) {
  const id = request.consultationId;
  const query = request.event.queryStringParameters ?? {};
  const search = responseSearchOf(query.q) === undefined ? undefined : (query.q ?? '').trim().slice(0, 100);
  const group = groupFilterOf(query.group);
  const page = await request.consultations.responsesPage(id, {
    limit: responsesPageSize,
    ...(search ? { q: search } : {}),
    ...(group ? { group } : {}),
    ...(query.next ? { next: query.next } : {}),
  });
  const filters = { ...(search ? { q: search } : {}), ...(group ? { group } : {}) };
  const filterQuery = new URLSearchParams(filters).toString();
  const path = consultationPath(id);
  return {
    responseRows: responseRowsOf(page),
    responseSearch: search,
    responseGroup: group ? respondentGroupNames[group] : undefined,
    filtered: search !== undefined || group !== undefined,
    responsesAction: path,
    groupItems: [
      { value: '', text: 'All respondents', selected: group === undefined },
      ...respondentGroups.map((value) => ({
        value,
        text: respondentGroupNames[value],
        selected: value === group,
      })),
    ],
    responsesNextHref: page.next
      ? `${path}?${new URLSearchParams({ ...filters, next: page.next }).toString()}#responses-list`
      : undefined,
    responsesFirstHref: query.next
      ? `${path}${filterQuery ? `?${filterQuery}` : ''}#responses-list`
      : undefined,
    clearSearchHref: `${path}#responses-list`,
  };
}

async function consultationPage(
  request: ConsultationRequest,
  options: { outcome?: OutcomeFormValues; problems?: FieldProblem[]; status?: number } = {},
): Promise<WebResult> {
  const id = request.consultationId;
  const [consultation, responses] = await Promise.all([request.consultations.get(id), responsesOf(request)]);
  const path = consultationPath(id);
  const { flash, clear } = takeFlash(request.event, path);
  const outcome = options.outcome ?? blankOutcome;
  return renderDashboardPage(
    request,
    'consultation/view.njk',
    {
      backLink: '/consultations',
      consultation,
      statusTag: consultationStatusTags[consultation.status],
      banner:
        flash?.kind === 'consultation-created'
          ? 'Consultation created. Invitations are emailed on the day it opens.'
          : flash?.kind === 'outcome-recorded'
            ? 'Outcome recorded: participants will be told'
            : undefined,
      length: periodLength(consultation.opensOn, consultation.closesOn),
      linked: linkOf(consultation),
      timers: [...consultation.timers]
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
        .map((timer) => ({
          name: consultationTimerNames[timer.kind] ?? timer.kind,
          dueOn: timer.dueOn,
          status: timerStatusTag(timer.status),
          ...(timer.failure ? { note: failedTimerNote(timer.failure) } : {}),
        })),
      responsesChart: chartOf(consultation),
      responsesCsvHref: consultationPath(id, '/responses.csv'),
      ...responses,
      outcomeName: consultation.outcome ? outcomeDecisionNames[consultation.outcome.decision] : undefined,
      outcomeForm:
        consultation.status === 'closed' && consultation.outcome === undefined
          ? {
              action: consultationPath(id, '/outcome'),
              values: outcome,
              decisionItems: consultationOutcomeDecisions.map((decision) => ({
                value: decision,
                text: outcomeDecisionNames[decision],
                checked: outcome.decision === decision,
              })),
              summaryLimit: outcomeSummaryLimit,
            }
          : undefined,
    },
    {
      section: 'consultations',
      status: options.status ?? 200,
      errors: formErrorsView(options.problems ?? []),
      cookies: [clear],
    },
  );
}

/** GET /consultations/{id} */
export async function showConsultation(request: ConsultationRequest): Promise<WebResult> {
  return consultationPage(request);
}

/** POST /consultations/{id}/outcome */
export async function submitOutcome(request: ConsultationRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const summary = fields.summary;
  const values: OutcomeFormValues = {
    decision: textField(fields, 'decision'),
    summary: typeof summary === 'string' ? summary.replaceAll('\r\n', '\n').trim() : '',
  };
  const { input, problems } = readOutcomeForm(values);
  if (input === undefined) return consultationPage(request, { outcome: values, problems, status: 422 });
  try {
    await request.consultations.recordOutcome(request.consultationId, input, request.actor);
  } catch (error) {
    if (error instanceof ValidationError) {
      const fieldProblems = (error.errors ?? [{ path: '', message: error.message }]).map(
        ({ path, message }): FieldProblem =>
          path === 'decision' || path === 'summary'
            ? { field: path, message }
            : { field: `outcome:${path}`, targetId: 'decision', message },
      );
      return consultationPage(request, { outcome: values, problems: fieldProblems, status: 422 });
    }
    if (error instanceof ConflictError) {
      // Recorded meanwhile, or not closed yet: the page shows which, with the reason at the top.
      return consultationPage(request, {
        outcome: values,
        problems: [{ field: 'outcome-conflict', targetId: 'outcome', message: error.message }],
        status: 409,
      });
    }
    throw error;
  }
  const path = consultationPath(request.consultationId);
  return redirectResponse(path, [flashCookie(request.event, path, { kind: 'outcome-recorded' })]);
}

/** GET /consultations/{id}/responses.csv: every response, for HR with a session. */
export async function downloadResponses(request: ConsultationRequest): Promise<WebResult> {
  const csv = await request.consultations.responsesCsv(request.consultationId);
  return downloadResponse(csv, 'text/csv; charset=utf-8', `responses-${request.consultationId}.csv`);
}
