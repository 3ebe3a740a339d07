/**
 * `/transfers/{id}/staff/{employeeNumber}`: one person's case, its history and the emails sent to them,
 * with a form to record a written objection (TUPE reg 4(7)) received from them, and what else HR can do
 * for them (each on its own page: person-email, person-election, resend-link, withdraw-objection).
 */
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { PersonLiability } from '../../../domain/liability-information.ts';
import type { CaseEvent, CaseStatus } from '../../../domain/transfer.ts';
import type { CaseView, TransferView } from '../../../services/contracts.ts';
import {
  type DashboardRequest,
  liabilityInformationOf,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie, takeFlash } from '../../dashboard/flash.ts';
import { caseStatusTags, emailDeliveryTags, transferStatusTags } from '../../dashboard/labels.ts';
import { formatBusinessDate, formatInstant, formatTimeOfDay, withDatesInWords } from '../../date-formats.ts';
import { type DateInputValues, dateInputFields, dateInputValuesOf } from '../../date-input.ts';
import { type FormFields, formFieldsOf, multilineField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView, validated } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';
import {
  blankReceivedWithNote,
  personPath,
  type ReceivedWithNote,
  receivedWithNoteOf,
  recordForPerson,
} from './person-form.ts';
import { liabilityFormSchema, objectionFormSchema } from './schema.ts';

const canObject: ReadonlySet<CaseStatus> = new Set(['imported', 'invited', 'elected', 'defaulted']);

const choosing: ReadonlySet<CaseStatus> = new Set(['invited', 'elected']);

const changeBanners: Record<Extract<Flash, { kind: 'person-changed' }>['change'], string> = {
  'email-corrected': 'Email address corrected.',
  'link-resent': 'A new link has been emailed. The link sent before no longer works.',
  'election-recorded': 'Pension choice recorded. They have been emailed a confirmation.',
  'objection-withdrawn': 'Objection withdrawn. They will transfer after all.',
  'link-unlocked': 'Link unlocked. They can enter their employee number again.',
  'liability-corrected':
    "Employee liability information saved. If it was already given, the transferee's contact has been sent an update notice.",
};

function bannerOf(flash: Flash | undefined): string | undefined {
  if (flash?.kind === 'objection-recorded') return 'Objection recorded.';
  return flash?.kind === 'person-changed' ? changeBanners[flash.change] : undefined;
}

/** ", sent by phone, received on 2 July 2026": a choice HR recorded for the person. */
function sentIn(event: CaseEvent): string {
  if (!event.via) return '';
  const how = { paper: 'on paper', phone: 'by phone', email: 'by email' }[event.via];
  return `, sent ${how}${event.receivedOn ? `, received on ${formatBusinessDate(event.receivedOn)}` : ''}`;
}

/** A history event in words: "Transfer date moved from Thursday 1 October 2026 to …". */
export function describeEvent(event: CaseEvent, optionLabel: (code: string) => string): string {
  const date = (value: string | undefined) => (value ? formatBusinessDate(value) : 'not set');
  switch (event.action) {
    case 'imported':
      return 'Added to the roster';
    case 'invited':
      return 'Emailed their link to choose a pension scheme';
    case 'elected':
      return `Chose ${optionLabel(event.option ?? '')}${sentIn(event)}`;
    case 'election-changed':
      return `Changed their choice from ${optionLabel(event.from ?? '')} to ${optionLabel(event.to ?? '')}${sentIn(event)}`;
    case 'default-applied':
      return `Given the default, ${optionLabel(event.option ?? '')}`;
    case 'objected':
      return `Objection recorded, received on ${date(event.receivedOn)}`;
    case 'transferred':
      return 'Moved to the transferee';
    case 'employment-ended':
      return 'Employment with the transferor ended (objected to the transfer)';
    case 'transfer-date-moved':
      return `Transfer date moved from ${date(event.from)} to ${date(event.to)}`;
    case 'election-deadline-moved':
      return `Pension election closing date moved from ${date(event.from)} to ${date(event.to)}`;
    case 'wrong-employee-number':
      return 'A wrong employee number was entered on their link';
    case 'link-locked':
      return `Link locked after too many wrong employee numbers, until ${event.until ? formatInstant(event.until) : 'not set'}`;
    case 'email-corrected':
      return 'Email address corrected';
    case 'link-resent':
      return 'Emailed a new link; the one sent before no longer works';
    case 'link-unlocked':
      return 'Link unlocked by HR';
    case 'objection-withdrawn':
      return `Objection withdrawn, received on ${date(event.receivedOn)}`;
    default:
      return [
        event.action,
        event.from && `from ${withDatesInWords(event.from)}`,
        event.to && `to ${withDatesInWords(event.to)}`,
      ]
        .filter(Boolean)
        .join(' ');
  }
}

/** The service's field paths → the fields on this page. */
function problemForPath(path: string, message: string): FieldProblem {
  if (path === 'note') return { field: 'note', message };
  return { field: 'receivedOn', targetId: 'receivedOn-day', message };
}

/** The employee liability information form (TUPE reg 11) as it shows: the only place its values are seen. */
interface LiabilityValues {
  dateOfBirth: DateInputValues;
  disciplinaryGrievance: string;
  claims: string;
  collectiveAgreements: string;
}

function liabilityValuesFrom(stored: PersonLiability): LiabilityValues {
  return {
    dateOfBirth: dateInputValuesOf(stored.dateOfBirth),
    disciplinaryGrievance: stored.disciplinaryGrievance ?? '',
    claims: stored.claims ?? '',
    collectiveAgreements: stored.collectiveAgreements ?? '',
  };
}

function liabilityValuesOf(fields: FormFields): LiabilityValues {
  return {
    dateOfBirth: dateInputFields(fields, 'dateOfBirth'),
    disciplinaryGrievance: multilineField(fields, 'disciplinaryGrievance'),
    claims: multilineField(fields, 'claims'),
    collectiveAgreements: multilineField(fields, 'collectiveAgreements'),
  };
}

/** A liability field's problem, linked to its input (the day box of the date of birth). */
function liabilityProblem(field: string, message: string): FieldProblem {
  return field === 'dateOfBirth' ? { field, targetId: 'dateOfBirth-day', message } : { field, message };
}

interface PersonPageOptions {
  problems?: FieldProblem[];
  status?: number;
  /** The liability form as typed, when it is shown again with its errors (else as stored). */
  liability?: LiabilityValues;
}

async function personPage(
  request: DashboardRequest,
  values: ReceivedWithNote,
  options: PersonPageOptions = {},
): Promise<WebResult> {
  const id = request.transferId;
  const employeeNumber = request.employeeNumber ?? '';
  const [transfer, staffCase]: [TransferView, CaseView] = await Promise.all([
    request.transfers.get(id),
    request.transfers.getCase(id, employeeNumber),
  ]);
  const optionLabel = (code: string) =>
    transfer.pension.options.find((option) => option.code === code)?.label ?? code;
  const path = personPath(id, staffCase.employeeNumber);
  const { flash, clear } = takeFlash(request.event, path);
  const transferOpen = transfer.status !== 'completed' && transfer.status !== 'cancelled';
  const liability = transferOpen
    ? (options.liability ??
      liabilityValuesFrom(
        await liabilityInformationOf(request).person(id, staffCase.employeeNumber, request.actor),
      ))
    : undefined;
  // Closed once the deadline's workflow ran; the service refuses a choice made after the deadline anyway.
  const electionOpen = transfer.status === 'launched';
  return renderDashboardPage(
    request,
    'person/view.njk',
    {
      backLink: `${transferPath(id)}#people`,
      transfer,
      transferStatusTag: transferStatusTags[transfer.status],
      person: staffCase,
      statusTag: caseStatusTags[staffCase.status],
      lockedUntil: staffCase.lockedUntil ? formatTimeOfDay(staffCase.lockedUntil) : undefined,
      election: staffCase.election
        ? `${optionLabel(staffCase.election.option)} (${staffCase.election.how === 'default' ? 'default' : 'chosen'})`
        : undefined,
      history: [...staffCase.history].reverse().map((event) => ({
        at: event.at,
        by: event.by,
        what: describeEvent(event, optionLabel),
      })),
      notifications: [...staffCase.notifications]
        .reverse()
        .map((email) => ({ ...email, deliveryTag: emailDeliveryTags[email.status] })),
      banner: bannerOf(flash),
      canObject: transferOpen && canObject.has(staffCase.status),
      objectionAction: personPath(id, staffCase.employeeNumber, '/objection'),
      // Subject access: the JSON API route, which takes the dashboard's session too.
      personalDataExport: `/api/transfers/${encodeURIComponent(id)}/staff/${encodeURIComponent(staffCase.employeeNumber)}/export`,
      actions: {
        email: transferOpen ? personPath(id, staffCase.employeeNumber, '/email') : undefined,
        ...(electionOpen && choosing.has(staffCase.status)
          ? {
              election: personPath(id, staffCase.employeeNumber, '/election'),
              resend: personPath(id, staffCase.employeeNumber, '/resend'),
            }
          : {}),
        withdraw:
          transferOpen && staffCase.status === 'objected'
            ? personPath(id, staffCase.employeeNumber, '/objection/withdraw')
            : undefined,
        unlock: staffCase.lockedUntil ? personPath(id, staffCase.employeeNumber, '/unlock') : undefined,
      },
      values,
      liability,
      liabilityAction: personPath(id, staffCase.employeeNumber, '/liability-information'),
    },
    {
      status: options.status ?? 200,
      errors: formErrorsView(options.problems ?? []),
      cookies: [clear],
    },
  );
}

/** GET /transfers/{id}/staff/{employeeNumber} */
export async function showPerson(request: DashboardRequest): Promise<WebResult> {
  return personPage(request, blankReceivedWithNote);
}

/** POST /transfers/{id}/staff/{employeeNumber}/objection */
export async function submitObjection(request: DashboardRequest): Promise<WebResult> {
  const values = receivedWithNoteOf(formFieldsOf(request.event));
  const read = validated(objectionFormSchema, values, {
    targetOf: (field) => (field === 'receivedOn' ? 'receivedOn-day' : undefined),
  });
  if ('problems' in read) return personPage(request, values, { status: 422, problems: read.problems });
  if (!request.transferChanges)
    throw new Error('The dashboard was built without the transfer changes service');
  const id = request.transferId;
  const employeeNumber = request.employeeNumber ?? '';
  try {
    await request.transferChanges.recordObjection(
      id,
      employeeNumber,
      { receivedOn: read.data.receivedOn, ...(read.data.note ? { note: read.data.note } : {}) },
      request.actor,
    );
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const problems = (error.errors ?? [{ path: 'receivedOn', message: error.message }]).map((problem) =>
        problemForPath(problem.path, problem.message),
      );
      return personPage(request, values, { status: error.status, problems });
    }
    throw error;
  }
  const path = personPath(id, employeeNumber);
  return redirectResponse(path, [flashCookie(request.event, path, { kind: 'objection-recorded' })]);
}

/** POST /transfers/{id}/staff/{employeeNumber}/unlock: HR opens a link locked after wrong employee numbers. */
export async function submitUnlock(request: DashboardRequest): Promise<WebResult> {
  return recordForPerson(
    request,
    (people, id, employeeNumber) => people.clearLockout(id, employeeNumber, request.actor),
    { kind: 'person-changed', change: 'link-unlocked' },
    (options) => personPage(request, blankReceivedWithNote, options),
    'unlock',
  );
}

/**
 * POST /transfers/{id}/staff/{employeeNumber}/liability-information: HR adds or corrects the person's ELI
 * fields. Bad input is shown on the form with nothing stored; after the ELI was given, a change is sent to
 * the transferee's contact as an update notice (the service does it).
 */
export async function submitLiabilityFields(request: DashboardRequest): Promise<WebResult> {
  const values = liabilityValuesOf(formFieldsOf(request.event));
  const read = validated(liabilityFormSchema, values, {
    targetOf: (field) => (field === 'dateOfBirth' ? 'dateOfBirth-day' : undefined),
  });
  const showAgain = (options: PersonPageOptions) =>
    personPage(request, blankReceivedWithNote, { ...options, liability: values });
  if ('problems' in read) return showAgain({ status: 422, problems: read.problems });
  const id = request.transferId;
  const employeeNumber = request.employeeNumber ?? '';
  try {
    await liabilityInformationOf(request).correctPerson(id, employeeNumber, read.data, request.actor);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const problems = (error.errors ?? [{ path: 'dateOfBirth', message: error.message }]).map((problem) =>
        liabilityProblem(problem.path.split('.')[0] || 'dateOfBirth', problem.message),
      );
      return showAgain({ status: error.status, problems });
    }
    throw error;
  }
  const path = personPath(id, employeeNumber);
  return redirectResponse(path, [
    flashCookie(request.event, path, { kind: 'person-changed', change: 'liability-corrected' }),
  ]);
}
