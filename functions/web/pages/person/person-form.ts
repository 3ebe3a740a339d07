/**
 * What the pages that act on one person share (correct the email, record a choice, withdraw an
 * objection, send a new link): the person and transfer they show, their form's errors, and the way back
 * to the person's page with a confirmation banner once the change is recorded.
 */
import type { z } from 'zod';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { CaseView, PeopleService, TransferView } from '../../../services/contracts.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie } from '../../dashboard/flash.ts';
import { type FieldProblem, fieldProblemsOf, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

export function personPath(id: string, employeeNumber: string, rest = ''): string {
  return transferPath(id, `/staff/${encodeURIComponent(employeeNumber)}${rest}`);
}

/** The input a field's error links to: the day box of a date, the first radio of a choice. */
const targetOf = (field: string): string | undefined =>
  field === 'receivedOn' ? 'receivedOn-day' : field === 'option' || field === 'how' ? field : undefined;

export interface PersonFormOptions {
  problems?: FieldProblem[];
  status?: number;
}

/** Renders a person's form page, given what it shows of the transfer and the person. */
export async function personFormPage(
  request: DashboardRequest,
  template: string,
  context: (transfer: TransferView, person: CaseView) => object,
  options: PersonFormOptions = {},
): Promise<WebResult> {
  const employeeNumber = request.employeeNumber ?? '';
  const [transfer, person] = await Promise.all([
    request.transfers.get(request.transferId),
    request.transfers.getCase(request.transferId, employeeNumber),
  ]);
  return renderDashboardPage(
    request,
    template,
    {
      backLink: personPath(request.transferId, person.employeeNumber),
      transfer,
      person,
      ...context(transfer, person),
    },
    { status: options.status ?? 200, errors: formErrorsView(options.problems ?? []) },
  );
}

/** A form's zod problems, each on its field and linked to its input. */
export function formProblemsOf(error: z.ZodError): FieldProblem[] {
  return fieldProblemsOf(error.issues, { targetOf });
}

function peopleOf(request: DashboardRequest): PeopleService {
  if (!request.people) throw new Error('The dashboard was built without the people service');
  return request.people;
}

/**
 * Records the change, then back to the person's page with `flash`. A refusal (422, 409) shows the form
 * again, with the service's message on the field it names (or on `fallbackField`).
 */
export async function recordForPerson(
  request: DashboardRequest,
  act: (people: PeopleService, id: string, employeeNumber: string) => Promise<unknown>,
  flash: Flash,
  showAgain: (options: PersonFormOptions) => Promise<WebResult>,
  fallbackField: string,
): Promise<WebResult> {
  const id = request.transferId;
  const employeeNumber = request.employeeNumber ?? '';
  try {
    await act(peopleOf(request), id, employeeNumber);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const problems = (error.errors ?? [{ path: fallbackField, message: error.message }]).map(
        ({ path, message }): FieldProblem => {
          const field = path === '' ? fallbackField : (path.split('.')[0] ?? fallbackField);
          const targetId = targetOf(field);
          return { field, message, ...(targetId === undefined ? {} : { targetId }) };
        },
      );
      return showAgain({ problems, status: error.status });
    }
    throw error;
  }
  const path = personPath(id, employeeNumber);
  return redirectResponse(path, [flashCookie(request.event, path, flash)]);
}
