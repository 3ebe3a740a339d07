/**
 * `/transfers/{id}/information`: HR's page for the duty to inform and consult (TUPE reg 13). It shows the
 * transferee's contact and measures, the information sent and its warnings, the consultation meetings and
 * the representations with their replies, and has a form for each. Each form posts to its own path and
 * comes back here with a banner; a form with problems shows the page again with the errors on its fields.
 * The information form posts to `/transfers/{id}/information/send`, served by the function that renders
 * its PDF (functions/handlers/send-information.ts), which shows this page the same way.
 */
import type { RenderPdf } from '../../../adapters/render-pdf.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../../domain/errors.ts';
import type { InformationDutyService } from '../../../services/information-duty-service.ts';
import { type PageRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie, takeFlash } from '../../dashboard/flash.ts';
import { type DateInputValues, dateInputFields, dateInputItems, readDateInput } from '../../date-input.ts';
import { type FormFields, formFieldsOf, multilineField, textField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { redirectResponse, type WebResult } from '../../page-response.ts';

export interface InformationDutyRequest extends PageRequest {
  informationDuty: InformationDutyService;
  transferId: string;
}

/** What each form on the page shows again after a problem: the posted values by field name. */
type Values = Record<string, string | DateInputValues>;

interface PageOptions {
  values?: Values;
  problems?: FieldProblem[];
  status?: number;
}

export const informationPath = (id: string, rest = '') => transferPath(id, `/information${rest}`);

const warningTexts: Record<string, string> = {
  INFORMATION_LESS_THAN_30_DAYS:
    'The information went out less than the set number of days before the transfer date: the representatives may not have long enough to be consulted.',
  TRANSFEREE_MEASURES_MISSING:
    'The transferee has not said what measures it envisages: send the information again once it has.',
  REPLY_AFTER_TRANSFER_DATE:
    'The reply was recorded on or after the transfer date, too late to be considered before the transfer.',
};

function bannerOf(flash: Flash | undefined) {
  if (flash?.kind !== 'duty-recorded') return undefined;
  const headings = {
    contact: 'Transferee contact saved',
    'measures-requested': 'The transferee contact has been emailed a link to give its measures',
    'information-sent': `Information sent to ${flash.recipients ?? 0} ${flash.recipients === 1 ? 'recipient' : 'recipients'}`,
    meeting: 'Meeting recorded',
    representation: 'Representation recorded',
    reply: 'Reply recorded',
  } as const;
  return {
    heading: headings[flash.what],
    warnings: (flash.warnings ?? []).map((code) => warningTexts[code] ?? code),
  };
}

const blankDate: DateInputValues = { day: '', month: '', year: '' };

/** The page, with any form's values and problems. */
export async function renderInformationDutyPage(
  request: InformationDutyRequest,
  options: PageOptions = {},
): Promise<WebResult> {
  const overview = await request.informationDuty.overview(request.transferId);
  const path = informationPath(request.transferId);
  const { flash, clear } = takeFlash(request.event, path);
  const values = options.values ?? {};
  const text = (name: string, fallback = '') => {
    const value = values[name];
    return typeof value === 'string' ? value : fallback;
  };
  const date = (name: string) => {
    const value = values[name];
    return typeof value === 'object' ? value : blankDate;
  };
  const problemFields = new Set((options.problems ?? []).map((problem) => problem.field));
  const contact = overview.transfer.transfereeContact;
  return renderDashboardPage(
    request,
    'information-duty/view.njk',
    {
      overview: {
        ...overview,
        letters: overview.letters.map((letter) => ({
          ...letter,
          recipientNames: letter.recipients.map((recipient) => recipient.name).join(', '),
          warningText: letter.warnings.map((warning) => warning.message).join(' '),
        })),
      },
      transfer: overview.transfer,
      backLink: transferPath(request.transferId),
      paths: {
        contact: informationPath(request.transferId, '/contact'),
        measuresRequest: informationPath(request.transferId, '/measures-request'),
        send: informationPath(request.transferId, '/send'),
        meetings: informationPath(request.transferId, '/meetings'),
        representations: informationPath(request.transferId, '/representations'),
      },
      banner: bannerOf(flash),
      warningTexts,
      values: {
        contactName: text('contactName', contact?.name ?? ''),
        contactEmail: text('contactEmail', contact?.email ?? ''),
        reasons: text('reasons'),
        legal: text('legal'),
        economic: text('economic'),
        social: text('social'),
        transferorNone: text('transferorNone'),
        transferorMeasures: text('transferorMeasures'),
        agencyCount: text('agencyCount'),
        agencyWhere: text('agencyWhere'),
        agencyRoles: text('agencyRoles'),
        attendees: text('attendees'),
        notes: text('notes'),
        from: text('from'),
        representation: text('representation'),
      },
      heldOnItems: dateInputItems(
        date('heldOn'),
        problemFields.has('heldOn') ? ['day', 'month', 'year'] : [],
      ),
      receivedOnItems: dateInputItems(
        date('receivedOn'),
        problemFields.has('receivedOn') ? ['day', 'month', 'year'] : [],
      ),
    },
    {
      status: options.status ?? 200,
      errors: formErrorsView(options.problems ?? []),
      cookies: [clear],
    },
  );
}

/** GET /transfers/{id}/information */
export const showInformationDuty = (request: InformationDutyRequest) => renderInformationDutyPage(request);

/** The service's field paths → the page's fields (and, for dates, their day box). */
function problemsOf(errors: readonly FieldError[], fieldOf: (path: string) => string): FieldProblem[] {
  return errors.map(({ path, message }) => {
    const field = fieldOf(path);
    return {
      field,
      message,
      ...(field === 'heldOn' || field === 'receivedOn' ? { targetId: `${field}-day` } : {}),
    };
  });
}

/**
 * Records through the service, then back to the page with `flash`; a refusal (422, 409) shows the page
 * again with the service's messages on the fields `fieldOf` names.
 */
async function recordThen(
  request: InformationDutyRequest,
  values: Values,
  record: () => Promise<Flash>,
  fieldOf: (path: string) => string,
  fallbackField: string,
  showAgain: (options: PageOptions) => Promise<WebResult> = (options) =>
    renderInformationDutyPage(request, options),
): Promise<WebResult> {
  let flash: Flash;
  try {
    flash = await record();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const errors = error.errors?.length ? error.errors : [{ path: fallbackField, message: error.message }];
      return showAgain({ values, problems: problemsOf(errors, fieldOf), status: error.status });
    }
    throw error;
  }
  const path = informationPath(request.transferId);
  return redirectResponse(path, [flashCookie(request.event, path, flash)]);
}

/** A date typed in three boxes: the date, or the problem with it on `field`. */
function dateOf(fields: FormFields, field: string, what: string): { date?: string; problem?: FieldProblem } {
  const read = readDateInput(dateInputFields(fields, field));
  if ('date' in read) return { date: read.date };
  const messages = {
    missing: `Enter ${what}`,
    incomplete: `The ${what} must include a day, month and year`,
    'not-real': `The ${what} must be a real date`,
  };
  return { problem: { field, targetId: `${field}-day`, message: messages[read.problem] } };
}

/** POST /transfers/{id}/information/contact: sets or changes the transferee's HR contact. */
export async function submitContact(request: InformationDutyRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values = {
    contactName: textField(fields, 'contactName'),
    contactEmail: textField(fields, 'contactEmail'),
  };
  return recordThen(
    request,
    values,
    async () => {
      await request.informationDuty.setTransfereeContact(
        request.transferId,
        { name: values.contactName, email: values.contactEmail },
        request.actor,
      );
      return { kind: 'duty-recorded', what: 'contact' };
    },
    (path) => (path === 'email' ? 'contactEmail' : 'contactName'),
    'contactName',
  );
}

/** POST /transfers/{id}/information/measures-request: emails the transferee's contact a fresh link. */
export async function submitMeasuresRequest(request: InformationDutyRequest): Promise<WebResult> {
  return recordThen(
    request,
    {},
    async () => {
      await request.informationDuty.requestMeasures(request.transferId, request.actor);
      return { kind: 'duty-recorded', what: 'measures-requested' };
    },
    () => 'contactName',
    'contactName',
  );
}

/** The information form's fields → the API's input (problems the page can tell before asking the service). */
function informationInputOf(fields: FormFields) {
  const values = {
    reasons: multilineField(fields, 'reasons'),
    legal: multilineField(fields, 'legal'),
    economic: multilineField(fields, 'economic'),
    social: multilineField(fields, 'social'),
    transferorNone: textField(fields, 'transferorNone'),
    transferorMeasures: multilineField(fields, 'transferorMeasures'),
    agencyCount: textField(fields, 'agencyCount'),
    agencyWhere: textField(fields, 'agencyWhere'),
    agencyRoles: textField(fields, 'agencyRoles'),
  };
  const problems: FieldProblem[] = [];
  if (values.transferorNone !== 'yes' && values.transferorNone !== 'no') {
    problems.push({
      field: 'transferorNone',
      message: 'Choose whether the transferor envisages measures',
    });
  }
  if (values.agencyCount === '') {
    problems.push({ field: 'agencyCount', message: 'Enter the number of agency workers, 0 if none' });
  } else if (!/^\d{1,7}$/.test(values.agencyCount)) {
    problems.push({
      field: 'agencyCount',
      message: 'The number of agency workers must be a whole number, like 0 or 12',
    });
  }
  const input = {
    reasons: values.reasons,
    implications: { legal: values.legal, economic: values.economic, social: values.social },
    transferorMeasures:
      values.transferorNone === 'yes' ? { none: true } : { text: values.transferorMeasures },
    agencyWorkers: {
      count: Number(values.agencyCount),
      ...(values.agencyWhere ? { where: values.agencyWhere } : {}),
      ...(values.agencyRoles ? { roles: values.agencyRoles } : {}),
    },
  };
  return { values, problems, input };
}

const informationFieldOf = (path: string): string => {
  const fields: Record<string, string> = {
    reasons: 'reasons',
    'implications.legal': 'legal',
    'implications.economic': 'economic',
    'implications.social': 'social',
    'agencyWorkers.count': 'agencyCount',
    'agencyWorkers.where': 'agencyWhere',
    'agencyWorkers.roles': 'agencyRoles',
    representatives: 'recipients',
  };
  if (path.startsWith('transferorMeasures')) return 'transferorMeasures';
  return fields[path] ?? 'reasons';
};

/** POST /transfers/{id}/information/send: composes the information, renders its PDF and sends it. */
export async function submitInformation(
  request: InformationDutyRequest,
  renderPdf: RenderPdf,
): Promise<WebResult> {
  const { values, problems, input } = informationInputOf(formFieldsOf(request.event));
  if (problems.length > 0) return renderInformationDutyPage(request, { values, problems, status: 422 });
  return recordThen(
    request,
    values,
    async () => {
      const sent = await request.informationDuty.sendInformation(
        request.transferId,
        input,
        request.actor,
        renderPdf,
      );
      return {
        kind: 'duty-recorded',
        what: 'information-sent',
        recipients: sent.recipients.length,
        warnings: sent.warnings.map((warning) => warning.code),
      };
    },
    informationFieldOf,
    'reasons',
  );
}

/** POST /transfers/{id}/information/meetings */
export async function submitMeeting(request: InformationDutyRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const heldOn = dateOf(fields, 'heldOn', 'meeting date');
  const values = {
    heldOn: dateInputFields(fields, 'heldOn'),
    attendees: multilineField(fields, 'attendees'),
    notes: multilineField(fields, 'notes'),
  };
  if (heldOn.problem)
    return renderInformationDutyPage(request, { values, problems: [heldOn.problem], status: 422 });
  const attendees = values.attendees
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return recordThen(
    request,
    values,
    async () => {
      await request.informationDuty.recordMeeting(
        request.transferId,
        { heldOn: heldOn.date, attendees, notes: values.notes },
        request.actor,
      );
      return { kind: 'duty-recorded', what: 'meeting' };
    },
    (path) => (path.startsWith('attendees') ? 'attendees' : path === 'notes' ? 'notes' : 'heldOn'),
    'heldOn',
  );
}

/** POST /transfers/{id}/information/representations */
export async function submitRepresentation(request: InformationDutyRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const receivedOn = dateOf(fields, 'receivedOn', 'date it was received');
  const values = {
    receivedOn: dateInputFields(fields, 'receivedOn'),
    from: textField(fields, 'from'),
    representation: multilineField(fields, 'representation'),
  };
  if (receivedOn.problem) {
    return renderInformationDutyPage(request, { values, problems: [receivedOn.problem], status: 422 });
  }
  return recordThen(
    request,
    values,
    async () => {
      await request.informationDuty.recordRepresentation(
        request.transferId,
        { receivedOn: receivedOn.date, from: values.from, text: values.representation },
        request.actor,
      );
      return { kind: 'duty-recorded', what: 'representation' };
    },
    (path) => (path === 'from' ? 'from' : path === 'text' ? 'representation' : 'receivedOn'),
    'representation',
  );
}

/** The reply page of one representation, with the form's values and problems. */
async function renderReplyPage(
  request: InformationDutyRequest,
  options: PageOptions = {},
): Promise<WebResult> {
  const representationId = request.event.pathParameters?.rid ?? '';
  const representations = await request.informationDuty.representations(request.transferId);
  const representation = representations.find((item) => item.id === representationId);
  if (!representation) throw new NotFoundError('No such representation on this transfer');
  const values = options.values ?? {};
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return renderDashboardPage(
    request,
    'information-duty/reply.njk',
    {
      representation,
      backLink: informationPath(request.transferId),
      values: {
        replyText: text('replyText'),
        replyAccepted: text('replyAccepted'),
        replyReasons: text('replyReasons'),
      },
    },
    { status: options.status ?? 200, errors: formErrorsView(options.problems ?? []) },
  );
}

/** GET /transfers/{id}/information/representations/{rid}/reply */
export const showReply = (request: InformationDutyRequest) => renderReplyPage(request);

/** POST /transfers/{id}/information/representations/{rid}/reply */
export async function submitReply(request: InformationDutyRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const representationId = request.event.pathParameters?.rid ?? '';
  const values = {
    replyText: multilineField(fields, 'replyText'),
    replyAccepted: textField(fields, 'replyAccepted'),
    replyReasons: multilineField(fields, 'replyReasons'),
  };
  if (values.replyAccepted !== 'yes' && values.replyAccepted !== 'no') {
    return renderReplyPage(request, {
      values,
      problems: [{ field: 'replyAccepted', message: 'Choose whether the representation is accepted' }],
      status: 422,
    });
  }
  return recordThen(
    request,
    values,
    async () => {
      const replied = await request.informationDuty.replyToRepresentation(
        request.transferId,
        representationId,
        {
          text: values.replyText,
          accepted: values.replyAccepted === 'yes',
          ...(values.replyReasons ? { reasons: values.replyReasons } : {}),
        },
        request.actor,
      );
      return {
        kind: 'duty-recorded',
        what: 'reply',
        warnings: replied.warnings.map((warning) => warning.code),
      };
    },
    (path) => (path === 'reasons' ? 'replyReasons' : path === 'accepted' ? 'replyAccepted' : 'replyText'),
    'replyText',
    (options) => renderReplyPage(request, options),
  );
}
