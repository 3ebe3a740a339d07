/**
 * `/contracts/{id}`: one contract for HR or its own manager (the service refuses anyone else with a
 * ForbiddenError, shown as the 403 page): its details, the terms of its chain, reminders, decisions and
 * warnings, and for its manager a link to decide while a decision is awaited.
 */
import type { ContractDecision } from '../../../domain/contract.ts';
import type { ContractReminderView, ContractView } from '../../../services/contracts.ts';
import {
  type ContractRequest,
  contractPath,
  isHr,
  renderDashboardPage,
  transferPath,
} from '../../dashboard/dashboard-page.ts';
import {
  contractKindNames,
  contractStatusTags,
  failedTimerNote,
  renewalDecisionNames,
  timerStatusTag,
} from '../../dashboard/labels.ts';
import { formatBusinessDate } from '../../date-formats.ts';
import type { WebResult } from '../../page-response.ts';

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

/** GET /contracts/{id} */
export async function showContract(request: ContractRequest): Promise<WebResult> {
  const contract = await request.contracts.get(request.contractId, request.actor);
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
    },
    { section: 'contracts' },
  );
}
