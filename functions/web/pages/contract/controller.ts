/**
 * `/contracts/{id}`: one contract for HR or its own manager (the service refuses anyone else with a
 * ForbiddenError, shown as the 403 page): its details, the terms of its chain, reminders, decisions and
 * warnings, and for its manager a link to decide while a decision is awaited. HR decides here (renew with a
 * new end date, or let it end) and records the objective justification of a term past four years (reg 8).
 */
import type { ContractDecision } from '../../../domain/contract.ts';
import { justificationSchema } from '../../../domain/contract-rules.ts';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { ContractReminderView, ContractView } from '../../../services/contracts.ts';
import {
  type ContractRequest,
  contractPath,
  isHr,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import { flashCookie, takeFlash } from '../../dashboard/flash.ts';
import {
  contractKindNames,
  contractStatusTags,
  failedTimerNote,
  renewalDecisionNames,
  timerStatusTag,
} from '../../dashboard/labels.ts';
import { formatBusinessDate } from '../../date-formats.ts';
import {
  type DateInputValues,
  type DatePart,
  dateInputFields,
  dateInputItems,
  dateInputValuesOf,
  datePartsOf,
} from '../../date-input.ts';
import { formFieldsOf, multilineField, textField } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import type { WebResult } from '../../page-response.ts';
import { redirectResponse } from '../../page-response.ts';
import { decisionSchema, newEndDateSchema } from '../renewal-form/schema.ts';

/** `[90, 60, 30]` → `90, 60 and 30 days before the end`. */
export function reminderDaysInWords(days: readonly number[]): string {
  if (days.length === 0) return 'None';
  const numbers = days.map(String);
  const list =
    numbers.length === 1
      ? numbers[0]
      : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
  return `${list} ${days.length === 1 && days[0] === 1 ? 'day' : 'days'} before the end`;
}

function reminderName(reminder: ContractReminderView): string {
  if (reminder.kind === 'renewal-escalation') return 'No decision by the deadline: HR told';
  const offset = reminder.offsetDays;
  return offset === undefined
    ? 'Reminder to the manager'
    : `Reminder to the manager, ${offset} ${offset === 1 ? 'day' : 'days'} before the end`;
}

const viaNames: Record<ContractDecision['via'], string> = {
  api: 'through the API',
  form: 'on the emailed form',
  dashboard: 'on the dashboard',
  consultation: 'by a consultation outcome',
};

const decisionStatusNames: Record<ContractDecision['status'], string> = {
  applied: 'Applied',
  'awaiting-consultation': 'Waiting for the consultation',
  'not-proceeded': 'Not applied: the consultation said not to proceed',
};

function decisionsOf(contract: ContractView) {
  return contract.decisions.map((decision) => ({
    decision:
      decision.decision === 'renew' && decision.newEndDate !== undefined
        ? `${renewalDecisionNames.renew} until ${formatBusinessDate(decision.newEndDate)}`
        : renewalDecisionNames[decision.decision],
    by: decision.by === 'manager' ? 'The manager' : decision.by,
    at: decision.at,
    via: viaNames[decision.via],
    status: decisionStatusNames[decision.status],
    note: decision.note,
  }));
}

/** What HR typed in the page's forms, shown again with the problems. */
interface ContractFormValues {
  decision: string;
  newEndDate: DateInputValues;
  note: string;
  justification: string;
}

const blankValues: ContractFormValues = {
  decision: '',
  newEndDate: dateInputValuesOf(undefined),
  note: '',
  justification: '',
};

const banners = {
  created: 'Contract added.',
  'decision-recorded': 'Decision recorded. The manager and HR have been emailed.',
  'justification-recorded': 'Justification recorded.',
} as const;

function bannerOf(flash: ReturnType<typeof takeFlash>['flash']): string | undefined {
  if (flash === undefined || !(flash.kind in banners)) return undefined;
  return banners[flash.kind as keyof typeof banners];
}

/** GET /contracts/{id} */
export async function showContract(request: ContractRequest): Promise<WebResult> {
  return contractPage(request, blankValues);
}

async function contractPage(
  request: ContractRequest,
  values: ContractFormValues,
  problems: FieldProblem[] = [],
  dateParts: DatePart[] = [],
): Promise<WebResult> {
  const contract = await request.contracts.get(request.contractId, request.actor);
  const path = contractPath(contract.id);
  const { flash, clear } = problems.length > 0 ? {} : takeFlash(request.event, path);
  const hr = isHr(request.actor);
  const ownManager = contract.managerEmail?.toLowerCase() === request.actor.id.toLowerCase();
  // The renewal form decides as the contract's manager, so only they are sent to it.
  const decideHref =
    contract.awaitingDecision && ownManager
      ? await request.contracts.renewalLink(contract.id, request.actor)
      : undefined;
  return renderDashboardPage(
    request,
    'contract/view.njk',
    {
      backLink: '/contracts',
      contract,
      isHr: hr,
      kind: contractKindNames[contract.kind],
      statusTag: contract.awaitingDecision
        ? { text: 'Decision needed', classes: 'govuk-tag--orange' }
        : contractStatusTags[contract.status],
      reminderDays: reminderDaysInWords(contract.reminderDays),
      transferHref: hr && contract.transferId ? transferPath(contract.transferId) : undefined,
      decideHref,
      terms: contract.terms.map((term) => ({
        href: contractPath(term.id),
        startDate: term.startDate,
        endDate: term.endDate,
        status: contractStatusTags[term.status],
        isThis: term.id === contract.id,
      })),
      reminders: [...contract.reminders]
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
        .map((reminder) => ({
          name: reminderName(reminder),
          dueOn: reminder.dueOn,
          status: timerStatusTag(reminder.status),
          sentAt: reminder.sentAt,
          ...(reminder.failure ? { note: failedTimerNote(reminder.failure) } : {}),
        })),
      decisions: decisionsOf(contract),
      // The emails sent about it can be to HR (escalations): the manager sees their own in their inbox.
      notifications: hr ? contract.notifications : [],
      banner: bannerOf(flash),
      values,
      newEndDateItems: dateInputItems(values.newEndDate, dateParts),
      // HR decides here; the manager decides on the renewal form.
      decisionAction: hr && contract.awaitingDecision ? contractPath(contract.id, '/decision') : undefined,
      justificationAction:
        hr && contract.warnings.some((warning) => warning.code === 'FIXED_TERM_FOUR_YEAR_RULE')
          ? contractPath(contract.id, '/justification')
          : undefined,
      justifications: contract.justifications ?? [],
    },
    {
      section: 'contracts',
      status: problems.length > 0 ? 422 : 200,
      errors: formErrorsView(problems),
      cookies: [clear],
    },
  );
}

/** The decision and, to renew, the new end date after the current end: the renewal form's own rules. */
function readDecision(
  values: ContractFormValues,
  endDate: string,
): { input?: Record<string, string>; problems: FieldProblem[]; dateParts: DatePart[] } {
  const decision = decisionSchema.safeParse(values);
  if (!decision.success) {
    return {
      problems: [{ field: 'decision', message: decision.error.issues[0]?.message ?? '' }],
      dateParts: [],
    };
  }
  const note = values.note === '' ? {} : { note: values.note };
  if (decision.data.decision === 'end')
    return { input: { decision: 'end', ...note }, problems: [], dateParts: [] };
  const date = newEndDateSchema({ endDate }).safeParse(values);
  if (!date.success) {
    const [issue] = date.error.issues;
    const parts = datePartsOf(issue);
    return {
      problems: [
        { field: 'newEndDate', targetId: `newEndDate-${parts[0] ?? 'day'}`, message: issue?.message ?? '' },
      ],
      dateParts: parts,
    };
  }
  return {
    input: { decision: 'renew', newEndDate: date.data.newEndDate, ...note },
    problems: [],
    dateParts: [],
  };
}

/** POST /contracts/{id}/decision (HR): renew with a new end date, or let it end. */
export async function submitDecision(request: ContractRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const values: ContractFormValues = {
    ...blankValues,
    decision: textField(fields, 'decision'),
    newEndDate: dateInputFields(fields, 'newEndDate'),
    note: multilineField(fields, 'note'),
  };
  const contract = await request.contracts.get(request.contractId, request.actor);
  const read = readDecision(values, contract.endDate);
  if (read.input === undefined) return contractPage(request, values, read.problems, read.dateParts);
  try {
    const result = await request.contracts.decide(contract.id, read.input, request.actor);
    // A renewal that took effect goes on in its new term: its page carries any four-year warning.
    const path = contractPath(result.renewedAs ?? contract.id);
    return redirectResponse(path, [flashCookie(request.event, path, { kind: 'decision-recorded' })]);
  } catch (error) {
    if (error instanceof ValidationError) {
      const problems = (error.errors ?? [{ path: 'decision', message: error.message }]).map(
        ({ path, message }): FieldProblem =>
          path === 'newEndDate'
            ? { field: 'newEndDate', targetId: 'newEndDate-day', message }
            : { field: path === 'note' ? 'note' : 'decision', message },
      );
      return contractPage(request, values, problems);
    }
    if (error instanceof ConflictError) {
      return contractPage(request, values, [{ field: 'decision', message: error.message }]);
    }
    throw error;
  }
}

/** POST /contracts/{id}/justification (HR): the objective justification of a term past four years. */
export async function submitJustification(request: ContractRequest): Promise<WebResult> {
  const values: ContractFormValues = {
    ...blankValues,
    justification: multilineField(formFieldsOf(request.event), 'justification'),
  };
  const parsed = justificationSchema.safeParse({ text: values.justification });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? '';
    return contractPage(request, values, [{ field: 'justification', message }]);
  }
  try {
    await request.contracts.recordJustification(request.contractId, parsed.data, request.actor);
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
    const message =
      error instanceof ValidationError ? (error.errors?.[0]?.message ?? error.message) : error.message;
    return contractPage(request, values, [{ field: 'justification', message }]);
  }
  const path = contractPath(request.contractId);
  return redirectResponse(path, [flashCookie(request.event, path, { kind: 'justification-recorded' })]);
}
