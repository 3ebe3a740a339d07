/**
 * GET /contracts?within=90&show=decided: the managers' page. A manager sees their own contracts ending within
 * the chosen window and, above them, the decisions waiting for them, each with a link to its renewal form;
 * HR sees every manager's contracts in the window, with the manager named, and adds contracts. `show=decided`
 * lists the contracts decided (renewed, ended, or waiting for a consultation) instead.
 */
import { personOf } from '../../../domain/contract-rules.ts';
import {
  type ContractListFilter,
  type ContractListItem,
  contractListFilters,
} from '../../../services/contracts.ts';
import {
  type ContractRequest,
  contractPath,
  isHr,
  renderDashboardPage,
} from '../../dashboard/dashboard-page.ts';
import { takeFlash } from '../../dashboard/flash.ts';
import { contractKindNames, contractStatusTags, type Tag } from '../../dashboard/labels.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import type { WebResult } from '../../page-response.ts';

/** The windows a person can choose, in days ahead. */
export const contractWindows = [30, 60, 90, 180, 365] as const;
export const defaultContractWindow = 90;

const windowNames: Record<(typeof contractWindows)[number], string> = {
  30: 'the next 30 days',
  60: 'the next 60 days',
  90: 'the next 90 days',
  180: 'the next 6 months',
  365: 'the next year',
};

/** `?within=` → a window, or a problem for a value the select never sends. */
export function readWindow(value: string | undefined): { days: number; problem?: FieldProblem } {
  if (value === undefined || value === '') return { days: defaultContractWindow };
  const days = contractWindows.find((window) => String(window) === value);
  if (days !== undefined) return { days };
  return {
    days: defaultContractWindow,
    problem: { field: 'within', message: 'Select how far ahead to look from the list' },
  };
}

const filterNames: Record<ContractListFilter, string> = {
  open: 'Waiting for a decision',
  decided: 'Decided',
};

/** `?show=` → a filter, or a problem for a value the select never sends. */
export function readFilter(value: string | undefined): {
  filter: ContractListFilter;
  problem?: FieldProblem;
} {
  if (value === undefined || value === '') return { filter: 'open' };
  const filter = contractListFilters.find((candidate) => candidate === value);
  if (filter !== undefined) return { filter };
  return {
    filter: 'open',
    problem: { field: 'show', message: 'Select which contracts to show from the list' },
  };
}

const decisionNeeded: Tag = { text: 'Decision needed', classes: 'govuk-tag--orange' };
const overdue: Tag = { text: 'Overdue', classes: 'govuk-tag--red' };

/** The employee by name on an employment contract, else the parties. */
function partiesOrPerson(contract: ContractListItem): string {
  const person = contract.kind === 'employment' ? personOf(contract) : undefined;
  return person ?? contract.parties.join(' and ');
}

function statusOf(contract: ContractListItem): Tag {
  if (contract.overdue) return overdue;
  return contract.awaitingDecision ? decisionNeeded : contractStatusTags[contract.status];
}

const bannerOf = (flash: ReturnType<typeof takeFlash>['flash']): string | undefined =>
  flash?.kind === 'contracts-added'
    ? `${flash.added.toLocaleString('en-GB')} ${flash.added === 1 ? 'contract' : 'contracts'} added.`
    : undefined;

export async function showContracts(request: ContractRequest): Promise<WebResult> {
  const query = request.event.queryStringParameters;
  const window = readWindow(query?.within);
  const shown = readFilter(query?.show);
  const { days } = window;
  const problems = [window.problem, shown.problem].filter((problem) => problem !== undefined);
  const hr = isHr(request.actor);
  const { flash, clear } = takeFlash(request.event, '/contracts');
  const listed = await request.contracts.list({ dueWithinDays: days, filter: shown.filter }, request.actor);
  // The service already gives a manager only their own; checking again here costs nothing and means a
  // fault there can never show one manager another's contracts.
  const ownerOnly = (contract: ContractListItem) =>
    hr || contract.managerEmail?.toLowerCase() === request.actor.id.toLowerCase();
  const contracts = listed
    .filter(ownerOnly)
    .sort((a, b) => a.endDate.localeCompare(b.endDate) || a.title.localeCompare(b.title));

  // "Decisions waiting" are the contracts in the window still awaiting a decision: the list item does not
  // say whether a reminder has gone yet, and a decision can be made any time before the notice deadline.
  const waiting = contracts
    .filter((contract) => contract.awaitingDecision)
    .sort((a, b) => a.noticeDeadline.localeCompare(b.noticeDeadline));
  const decisions = await Promise.all(
    waiting.map(async (contract) => ({
      title: contract.title,
      who: partiesOrPerson(contract),
      endDate: contract.endDate,
      noticeDeadline: contract.noticeDeadline,
      overdue: contract.overdue,
      managerEmail: contract.managerEmail,
      pageHref: contractPath(contract.id),
      // The renewal form decides as the contract's manager, so only a manager is sent to it; HR decides
      // through the API or asks the manager.
      decideHref: hr ? undefined : await request.contracts.renewalLink(contract.id, request.actor),
    })),
  );

  return renderDashboardPage(
    request,
    'contracts/view.njk',
    {
      isHr: hr,
      decided: shown.filter === 'decided',
      banner: bannerOf(flash),
      filterItems: contractListFilters.map((filter) => ({
        value: filter,
        text: filterNames[filter],
        selected: filter === shown.filter,
      })),
      windowName: windowNames[days as keyof typeof windowNames],
      windowItems: contractWindows.map((window) => ({
        value: String(window),
        text: windowNames[window].replace(/^the next/, 'The next'),
        selected: window === days,
      })),
      decisions,
      rows: contracts.map((contract) => ({
        href: contractPath(contract.id),
        title: contract.title,
        kind: contractKindNames[contract.kind],
        who: partiesOrPerson(contract),
        managerEmail: contract.managerEmail ?? 'No manager named',
        endDate: contract.endDate,
        noticeDeadline: contract.noticeDeadline,
        status: statusOf(contract),
      })),
    },
    {
      section: 'contracts',
      status: problems.length === 0 ? 200 : 400,
      errors: formErrorsView(problems),
      cookies: [clear],
    },
  );
}
