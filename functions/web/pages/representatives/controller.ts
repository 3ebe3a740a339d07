/**
 * `/transfers/{id}/representatives`: HR's page of a transfer's representatives (TUPE reg 13(3)) and its
 * election of employee representatives (reg 14): the representatives with when each was added, a form to add
 * one, a form to start the election, and then its candidates, turnout and result (a tie shown for HR to
 * settle). Each form posts to its own path and comes back here (post/redirect/get), or shows its errors (422).
 */
import { ConflictError, type FieldError, ValidationError } from '../../../domain/errors.ts';
import type { Representative } from '../../../domain/representatives.ts';
import type { RepresentativeService } from '../../../services/representative-service.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { dateInputFields, dateInputItems, readDateInput } from '../../date-input.ts';
import { formFieldsOf, textField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

const kindLabels: Record<Representative['kind'], string> = {
  union: 'Trade union representative',
  employee: 'Employee representative',
};

const electionStatusLabels = {
  nominating: 'Nominations open',
  balloting: 'Ballot open',
  closed: 'Closed',
} as const;

function representativesOf(request: DashboardRequest): RepresentativeService {
  if (!request.representatives)
    throw new Error('The dashboard was built without the representatives service');
  return request.representatives;
}

/** The first problem of each field the service named, on the page's field names. */
function problemsOf(
  errors: readonly FieldError[] | undefined,
  targets: Record<string, string> = {},
): FieldProblem[] {
  return (errors ?? []).map(({ path, message }) => ({
    field: path,
    message,
    ...(targets[path] ? { targetId: targets[path] } : {}),
  }));
}

interface Values {
  representative?: Record<string, string>;
  election?: {
    seats: string;
    nominationsCloseOn: Record<'day' | 'month' | 'year', string>;
    ballotClosesOn: Record<'day' | 'month' | 'year', string>;
  };
}

async function page(
  request: DashboardRequest,
  values: Values = {},
  problems: FieldProblem[] = [],
): Promise<WebResult> {
  const id = request.transferId;
  const transfer = await request.transfers.get(id);
  const representatives = representativesOf(request);
  const { items, directConsultationAllowed } = await representatives.list(id);
  const election = await representatives.findElection(id);
  const votes = election?.result?.votes ?? {};
  const blankDate = { day: '', month: '', year: '' };
  const electionValues = values.election ?? {
    seats: '',
    nominationsCloseOn: blankDate,
    ballotClosesOn: blankDate,
  };
  const datePartsInError = (field: string) =>
    problems.some((problem) => problem.field === field) ? (['day', 'month', 'year'] as const) : [];
  return renderDashboardPage(
    request,
    'representatives/view.njk',
    {
      transfer,
      backLink: transferPath(id),
      addAction: transferPath(id, '/representatives'),
      electionAction: transferPath(id, '/representative-election'),
      directConsultationAllowed,
      representatives: items.map((item) => ({ ...item, kindLabel: kindLabels[item.kind] })),
      values: values.representative ?? {},
      electionValues,
      nominationsCloseOnItems: dateInputItems(
        electionValues.nominationsCloseOn,
        datePartsInError('nominationsCloseOn'),
      ),
      ballotClosesOnItems: dateInputItems(electionValues.ballotClosesOn, datePartsInError('ballotClosesOn')),
      canStartElection:
        transfer.total > 0 && ['draft', 'launched', 'election-closed'].includes(transfer.status),
      ...(election
        ? {
            election: {
              ...election,
              statusLabel: electionStatusLabels[election.status],
              tiedNames: election.result?.tie?.candidates.map((candidate) => candidate.name).join(', '),
              counted: election.result
                ? Object.entries(votes)
                    .map(([employeeNumber, count]) => ({
                      name:
                        election.candidates.find((candidate) => candidate.employeeNumber === employeeNumber)
                          ?.name ?? employeeNumber,
                      employeeNumber,
                      votes: count,
                      elected:
                        election.result?.elected.some(
                          (elected) => elected.employeeNumber === employeeNumber,
                        ) ?? false,
                    }))
                    .sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name))
                : [],
            },
          }
        : {}),
    },
    { status: problems.length > 0 ? 422 : 200, errors: formErrorsView(problems) },
  );
}

/** GET /transfers/{id}/representatives */
export function showRepresentatives(request: DashboardRequest): Promise<WebResult> {
  return page(request);
}

/** POST /transfers/{id}/representatives: `kind`, `name`, `email`, `union` for a union's. */
export async function submitRepresentative(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values = {
    kind: textField(fields, 'kind'),
    name: textField(fields, 'name'),
    email: textField(fields, 'email'),
    union: textField(fields, 'union'),
  };
  const input = {
    ...(values.kind ? { kind: values.kind } : {}),
    name: values.name,
    email: values.email,
    ...(values.kind === 'union' && values.union ? { union: values.union } : {}),
  };
  try {
    await representativesOf(request).add(request.transferId, input, request.actor);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return page(request, { representative: values }, problemsOf(error.errors, { kind: 'kind' }));
  }
  return redirectResponse(transferPath(request.transferId, '/representatives'));
}

/** POST /transfers/{id}/representative-election: `seats`, and the two closing dates in three boxes each. */
export async function submitElection(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values = {
    seats: textField(fields, 'seats'),
    nominationsCloseOn: dateInputFields(fields, 'nominationsCloseOn'),
    ballotClosesOn: dateInputFields(fields, 'ballotClosesOn'),
  };
  const problems: FieldProblem[] = [];
  const dateOf = (field: 'nominationsCloseOn' | 'ballotClosesOn', what: string) => {
    const read = readDateInput(values[field]);
    if ('date' in read) return read.date;
    problems.push({
      field,
      targetId: `${field}-day`,
      message: read.problem === 'missing' ? `Enter ${what}` : `The ${what} must be a real date`,
    });
    return undefined;
  };
  const seats = /^\d{1,3}$/.test(values.seats.trim()) ? Number(values.seats.trim()) : undefined;
  if (seats === undefined)
    problems.push({ field: 'seats', message: 'Enter the number of seats as a whole number' });
  const nominationsCloseOn = dateOf('nominationsCloseOn', 'the date nominations close');
  const ballotClosesOn = dateOf('ballotClosesOn', 'the date the ballot closes');
  if (problems.length > 0) return page(request, { election: values }, problems);
  try {
    await representativesOf(request).startElection(
      request.transferId,
      { seats, nominationsCloseOn, ballotClosesOn },
      request.actor,
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      return page(
        request,
        { election: values },
        problemsOf(error.errors, {
          nominationsCloseOn: 'nominationsCloseOn-day',
          ballotClosesOn: 'ballotClosesOn-day',
        }),
      );
    }
    if (error instanceof ConflictError) {
      return page(request, { election: values }, [{ field: 'seats', message: error.message }]);
    }
    throw error;
  }
  return redirectResponse(transferPath(request.transferId, '/representatives'));
}
