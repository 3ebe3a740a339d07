/**
 * `/transfers/{id}/dates`: HR moves the transfer date and the election closing date. The form (GOV.UK date
 * inputs) → its errors → a check page that says which milestones move and who is emailed → confirm, which
 * records the change through the same service as `PATCH /api/transfers/{id}`. The check page reads the new
 * dates from its query, so the final submission carries every answer and needs nothing kept between steps.
 */
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { BusinessDate } from '../../../domain/transfer.ts';
import type { TransferChangesService, TransferView } from '../../../services/contracts.ts';
import {
  type DashboardRequest,
  renderDashboardPage,
  transferChangesOf,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { flashCookie } from '../../dashboard/flash.ts';
import { milestoneNames } from '../../dashboard/labels.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { formFieldsOf, textField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView, validated } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import { type MoveDatesForm, moveDatesFormSchema } from './schema.ts';

type DateName = keyof MoveDatesForm;
type FormValues = Record<DateName, DateInputValues>;

const dateNames: readonly DateName[] = ['transferDate', 'electionClosesOn'];

/** Whether the transfer's dates can still be moved at all (the service says exactly why not). */
function canMoveDates(transfer: TransferView): boolean {
  return transfer.status !== 'completed' && transfer.status !== 'cancelled';
}

/** The service's field paths → the date inputs; a rule about both dates is linked to the first. */
function problemOf(path: string, message: string): FieldProblem {
  const field = path === 'electionClosesOn' ? 'electionClosesOn' : 'transferDate';
  return { field: path === '' ? `dates:${message}` : field, targetId: `${field}-day`, message };
}

function problemsOf(error: ValidationError | ConflictError): FieldProblem[] {
  return (error.errors ?? [{ path: '', message: error.message }]).map((problem) =>
    problemOf(problem.path, problem.message),
  );
}

/** Only the dates that differ from the transfer's: a date left as it is is not a move. */
function inputOf(transfer: TransferView, dates: Partial<MoveDatesForm>): Partial<MoveDatesForm> {
  const current: MoveDatesForm = {
    transferDate: transfer.transferDate,
    electionClosesOn: transfer.pension.electionClosesOn,
  };
  const changed = Object.fromEntries(
    dateNames.flatMap((name) =>
      dates[name] !== undefined && dates[name] !== current[name] ? [[name, dates[name]]] : [],
    ),
  );
  // Nothing changed: both go, so the service says the transfer already has these dates.
  return Object.keys(changed).length === 0 ? dates : changed;
}

async function formPage(
  request: DashboardRequest,
  options: {
    /** The boxes as typed; else `dates` (from the check page's Change link), else the transfer's dates. */
    values?: FormValues;
    dates?: Partial<MoveDatesForm>;
    problems?: FieldProblem[];
    status?: number;
    transfer?: TransferView;
  } = {},
): Promise<WebResult> {
  const id = request.transferId;
  const transfer = options.transfer ?? (await request.transfers.get(id));
  const values = options.values ?? {
    transferDate: dateInputValuesOf(options.dates?.transferDate ?? transfer.transferDate),
    electionClosesOn: dateInputValuesOf(options.dates?.electionClosesOn ?? transfer.pension.electionClosesOn),
  };
  const problems = options.problems ?? [];
  return renderDashboardPage(
    request,
    'move-dates/view.njk',
    {
      backLink: transferPath(id),
      transfer,
      movable: canMoveDates(transfer),
      draft: transfer.status === 'draft',
      values,
      formAction: transferPath(id, '/dates'),
    },
    { status: options.status ?? (problems.length > 0 ? 422 : 200), errors: formErrorsView(problems) },
  );
}

/** GET /transfers/{id}/dates, with the dates to show again in the query when coming back to change them. */
export async function showMoveDates(request: DashboardRequest): Promise<WebResult> {
  return formPage(request, { dates: datesIn(request.event.queryStringParameters ?? {}) });
}

/** POST /transfers/{id}/dates: checks the form, then shows the check page (post/redirect/get). */
export async function submitMoveDates(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values: FormValues = {
    transferDate: dateInputFields(fields, 'transferDate'),
    electionClosesOn: dateInputFields(fields, 'electionClosesOn'),
  };
  const read = validated(moveDatesFormSchema, values, { targetOf: (field) => `${field}-day` });
  if ('problems' in read) return formPage(request, { values, problems: read.problems });
  const id = request.transferId;
  const transfer = await request.transfers.get(id);
  const input = inputOf(transfer, read.data);
  try {
    await transferChangesOf(request).previewDates(id, input, request.actor);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      return formPage(request, { values, transfer, problems: problemsOf(error), status: error.status });
    }
    throw error;
  }
  return redirectResponse(transferPath(id, `/dates/check?${new URLSearchParams(input).toString()}`));
}

/** The new dates in the check page's query or the confirm form: `YYYY-MM-DD` each, checked by the service. */
function datesIn(source: Record<string, string | undefined>): Partial<MoveDatesForm> {
  return Object.fromEntries(
    dateNames.flatMap((name) => (source[name] ? [[name, source[name] as BusinessDate]] : [])),
  );
}

/** The form again, showing `dates` and why they cannot be used. */
function refused(
  request: DashboardRequest,
  dates: Partial<MoveDatesForm>,
  error: ValidationError | ConflictError,
) {
  return formPage(request, { dates, problems: problemsOf(error), status: error.status });
}

/** GET /transfers/{id}/dates/check?transferDate=…&electionClosesOn=… */
export async function showDatesCheck(request: DashboardRequest): Promise<WebResult> {
  const id = request.transferId;
  const dates = datesIn(request.event.queryStringParameters ?? {});
  let preview: Awaited<ReturnType<TransferChangesService['previewDates']>>;
  try {
    preview = await transferChangesOf(request).previewDates(id, dates, request.actor);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError)
      return refused(request, dates, error);
    throw error;
  }
  const { transfer } = preview;
  const query = new URLSearchParams(dates as Record<string, string>).toString();
  return renderDashboardPage(request, 'move-dates/check.njk', {
    backLink: transferPath(id, '/dates'),
    transfer,
    moves: preview.moves.map((move) => ({
      name: move.field === 'transferDate' ? 'Transfer date' : 'Pension election closes',
      ...move,
    })),
    milestones: preview.milestones.map((milestone) => ({
      name: milestoneNames[milestone.kind] ?? milestone.kind,
      from: milestone.previousDueOn,
      to: milestone.dueOn,
    })),
    emailed: preview.emailed,
    draft: transfer.status === 'draft',
    changeHref: `${transferPath(id, '/dates')}?${query}`,
    dates,
    confirmAction: transferPath(id, '/dates/confirm'),
  });
}

/** POST /transfers/{id}/dates/confirm with `transferDate` and/or `electionClosesOn` (`YYYY-MM-DD`). */
export async function confirmMoveDates(request: DashboardRequest): Promise<WebResult> {
  const id = request.transferId;
  const fields = formFieldsOf(request.event);
  const dates = datesIn({
    transferDate: textField(fields, 'transferDate'),
    electionClosesOn: textField(fields, 'electionClosesOn'),
  });
  try {
    await transferChangesOf(request).moveDates(id, dates, request.actor);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError)
      return refused(request, dates, error);
    throw error;
  }
  return redirectResponse(transferPath(id), [
    flashCookie(request.event, transferPath(id), { kind: 'dates-moved' }),
  ]);
}
