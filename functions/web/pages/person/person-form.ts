/**
 * What the pages that act on one person share (correct the email, record a choice, withdraw an
 * objection, send a new link): the person and transfer they show, their form's errors, and the way back
 * to the person's page with a confirmation banner once the change is recorded.
 *
 *   export const personEmailPage = personForm({ template, blank, valuesOf, schema, context, action, … });
 *   // personEmailPage.show (GET), personEmailPage.submit (POST)
 */

import { ConflictError, ServiceUnavailableError, ValidationError } from '../../../domain/errors.ts';
import type { CaseView, PeopleService, TransferView } from '../../../services/contracts.ts';
import type * as z from '../../../zod.ts';
import {
  type DashboardForm,
  type DashboardRequest,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie } from '../../dashboard/flash.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { type FormFields, formFieldsOf, textField } from '../../form-body.ts';
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
    // A send that failed (SES down) is said on the form, with what still works, rather than a bare 503 page.
    const refused =
      error instanceof ValidationError ||
      error instanceof ConflictError ||
      error instanceof ServiceUnavailableError;
    if (refused) {
      const problems = (
        ('errors' in error ? error.errors : undefined) ?? [{ path: fallbackField, message: error.message }]
      ).map(({ path, message }): FieldProblem => {
        const field = path === '' ? fallbackField : (path.split('.')[0] ?? fallbackField);
        const targetId = targetOf(field);
        return { field, message, ...(targetId === undefined ? {} : { targetId }) };
      });
      return showAgain({ problems, status: error.status });
    }
    throw error;
  }
  const path = personPath(id, employeeNumber);
  return redirectResponse(path, [flashCookie(request.event, path, flash)]);
}

type PersonChange = Extract<Flash, { kind: 'person-changed' }>['change'];

/** The people service's calls that record what a form sends. */
type PersonFormAction = keyof Pick<PeopleService, 'correctEmail' | 'recordElection' | 'withdrawObjection'>;

export interface PersonFormDefinition<Values, Schema extends z.ZodMiniType> {
  /** Its view, e.g. `person-email/view.njk`. */
  template: string;
  /** What the form shows before anything is typed. */
  blank: Values;
  /** The posted fields as the form shows them again. */
  valuesOf(fields: FormFields): Values;
  /** Checks the values; given the transfer when the rules depend on it (its pension options). */
  schema: Schema | ((transfer: TransferView) => Schema);
  /** What the schema reads, when not the values as they are. */
  inputOf?(values: Values): unknown;
  /** What the view shows besides the transfer and the person. */
  context(values: Values, transfer: TransferView, person: CaseView): object;
  /** Records the checked data. */
  action: PersonFormAction;
  /** The confirmation banner on the person's page. */
  change: PersonChange;
  /** The field a refusal with no field of its own is shown on. */
  fallbackField: string;
}

/** A form on a person's page: shows it, checks what is sent (422 with the errors), records it, back with a banner. */
export function personForm<Values, Schema extends z.ZodMiniType>(
  definition: PersonFormDefinition<Values, Schema>,
): DashboardForm {
  const page = (request: DashboardRequest, values: Values, options: PersonFormOptions = {}) =>
    personFormPage(
      request,
      definition.template,
      (transfer, person) => definition.context(values, transfer, person),
      options,
    );
  const schemaFor = async (request: DashboardRequest): Promise<Schema> =>
    typeof definition.schema === 'function'
      ? definition.schema(await request.transfers.get(request.transferId))
      : definition.schema;
  return {
    show: (request) => page(request, definition.blank),
    async submit(request) {
      const values = definition.valuesOf(formFieldsOf(request.event));
      const read = (await schemaFor(request)).safeParse(definition.inputOf?.(values) ?? values);
      if (!read.success) return page(request, values, { status: 422, problems: formProblemsOf(read.error) });
      return recordForPerson(
        request,
        (people, id, employeeNumber) =>
          people[definition.action](id, employeeNumber, read.data, request.actor),
        { kind: 'person-changed', change: definition.change },
        (options) => page(request, values, options),
        definition.fallbackField,
      );
    },
  };
}

/** A page that asks HR to confirm one thing to do for the person, then does it (send a new link). */
export function personAction(definition: {
  template: string;
  act(people: PeopleService, id: string, employeeNumber: string, request: DashboardRequest): Promise<unknown>;
  change: PersonChange;
  fallbackField: string;
}): DashboardForm {
  const page = (request: DashboardRequest, options: PersonFormOptions = {}) =>
    personFormPage(request, definition.template, () => ({}), options);
  return {
    show: (request) => page(request),
    submit: (request) =>
      recordForPerson(
        request,
        (people, id, employeeNumber) => definition.act(people, id, employeeNumber, request),
        { kind: 'person-changed', change: definition.change },
        (options) => page(request, options),
        definition.fallbackField,
      ),
  };
}

/** A date the person's message was received on, and HR's note: what the objection forms ask. */
export interface ReceivedWithNote {
  receivedOn: DateInputValues;
  note: string;
}

export const blankReceivedWithNote: ReceivedWithNote = { receivedOn: dateInputValuesOf(undefined), note: '' };

export function receivedWithNoteOf(fields: FormFields): ReceivedWithNote {
  return { receivedOn: dateInputFields(fields, 'receivedOn'), note: textField(fields, 'note') };
}

/** The values with an empty note left out: the note is optional, and an empty one is no note. */
export function withoutEmptyNote<Values extends { note: string }>(values: Values) {
  return { ...values, note: values.note === '' ? undefined : values.note };
}
