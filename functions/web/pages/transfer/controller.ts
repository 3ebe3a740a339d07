/**
 * `/transfers/{id}`: the transfer's details, its task list (roster → launch → elections), milestones,
 * counts, election tallies and people; launching it; downloading its elections as CSV.
 */
import { businessDateOf } from '../../../domain/business-dates.ts';
import type { ElectionProgress } from '../../../domain/election-progress.ts';
import { ConflictError } from '../../../domain/errors.ts';
import { fitsInline } from '../../../domain/evidence-pack.ts';
import { type CaseStatus, caseStatuses, type MilestoneRecord } from '../../../domain/transfer.ts';
import type { StaffPage, TransferView } from '../../../services/contracts.ts';
import { exportByName } from '../../../services/transfer-exports.ts';
import { electionProgressChart, markerPath } from '../../charts/election-progress-chart.ts';
import { milestoneTimeline } from '../../charts/milestone-timeline.ts';
import { type DashboardRequest, renderDashboardPage, transferPath } from '../../dashboard/dashboard-page.ts';
import { type Flash, flashCookie, takeFlash } from '../../dashboard/flash.ts';
import {
  caseStatusTags,
  legalBasisDescriptions,
  milestoneNames,
  milestoneOutcomeText,
  milestoneStatusTags,
  rosterShare,
  transferStatusTags,
} from '../../dashboard/labels.ts';
import { formatInstant } from '../../date-formats.ts';
import { formFieldsOf } from '../../form-body.ts';
import { type FieldProblem, formErrorsView } from '../../form-errors.ts';
import { downloadResponse, redirectResponse, type WebResult } from '../../page-response.ts';

const staffPageSize = 50;

interface Task {
  title: { text: string };
  href?: string;
  hint?: { text: string };
  status: { text?: string; tag?: { text: string; classes?: string }; classes?: string };
}

const completed = { text: 'Completed' };
const cannotStartYet = { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' };
const notYetStarted = { tag: { text: 'Not yet started' } };

function tasksOf(transfer: TransferView): Task[] {
  const draft = transfer.status === 'draft';
  const hasRoster = transfer.total > 0;
  const people = `${transfer.total.toLocaleString('en-GB')} ${transfer.total === 1 ? 'person' : 'people'} on the roster`;
  return [
    {
      title: { text: 'Upload the staff roster' },
      ...(draft ? { href: transferPath(transfer.id, '/staff') } : {}),
      hint: { text: draft ? `${people}. You can add more until you launch.` : people },
      status: hasRoster ? completed : notYetStarted,
    },
    {
      title: { text: 'Launch the transfer' },
      ...(draft && hasRoster ? { href: transferPath(transfer.id, '/launch') } : {}),
      hint: { text: 'Sets the milestones and emails each person their link to choose a pension scheme' },
      status: !draft ? completed : hasRoster ? notYetStarted : cannotStartYet,
    },
    {
      title: { text: 'Follow the pension elections' },
      ...(draft ? {} : { href: '#elections' }),
      status: draft
        ? cannotStartYet
        : transfer.status === 'launched'
          ? { tag: { text: 'In progress', classes: 'govuk-tag--turquoise' } }
          : completed,
    },
  ];
}

function talliesOf(transfer: TransferView) {
  return transfer.pension.options.map((option) => {
    const count = transfer.elections[option.code] ?? 0;
    const share = transfer.total === 0 ? 0 : count / transfer.total;
    return {
      ...option,
      isDefault: option.code === transfer.pension.defaultOption,
      count,
      share: rosterShare(count, transfer.total),
      // The bar is drawn in 5% steps (the exact figures are in the text beside it).
      barClass: `td-bar--${Math.round(share * 20) * 5}`,
    };
  });
}

function peopleOf(transfer: TransferView, staff: StaffPage) {
  const labelOf = (code: string) =>
    transfer.pension.options.find((option) => option.code === code)?.label ?? code;
  return staff.items.map((person) => ({
    employeeNumber: person.employeeNumber,
    name: person.name,
    status: caseStatusTags[person.status],
    election: person.election
      ? `${labelOf(person.election.option)} (${person.election.how === 'default' ? 'default' : 'chosen'})`
      : '',
  }));
}

/** The pictures of the transfer page: its milestones on a date axis, and election progress by day. */
function picturesOf(transfer: TransferView, progress: ElectionProgress) {
  const today = progress.asOf;
  const timeline =
    transfer.milestones.length === 0
      ? undefined
      : milestoneTimeline({
          from: businessDateOf(new Date(transfer.launchedAt ?? transfer.createdAt)),
          to: transfer.transferDate,
          today,
          milestones: runsOf(transfer).map((milestone) => ({
            name: milestoneNames[milestone.kind] ?? milestone.kind,
            dueOn: milestone.dueOn,
            status: milestone.status,
          })),
        });
  if (transfer.status === 'draft') return { timeline };
  const chart = electionProgressChart(progress);
  return {
    timeline,
    progressChart: {
      ...chart,
      lines: chart.lines.map((line) => ({
        ...line,
        markerPaths: line.markers.map((point) => markerPath(line.shape, point)).join(''),
      })),
      legend: chart.legend.map((entry) => ({
        ...entry,
        markerPath: markerPath(entry.shape, { x: chart.plot.left + 18, y: entry.y }),
      })),
      rows: progress.days.map((day, index) => ({
        day,
        counts: progress.series.map((series) => series.counts[index] ?? 0),
      })),
      codes: progress.series.map((series) => series.code),
      from: progress.days[0],
      to: progress.days[progress.days.length - 1],
    },
  };
}

function flashMessage(flash: Flash | undefined, transfer: TransferView): string | undefined {
  switch (flash?.kind) {
    case 'created':
      return 'Transfer created. Next, upload the staff roster.';
    case 'retried':
      return 'Started again. The page shows how it went once it has finished.';
    case 'launched':
      return `Transfer launched. Invitations are being emailed to ${transfer.total.toLocaleString('en-GB')} people.`;
    case 'dates-moved':
      return transfer.dateChange
        ? 'Dates moved. The people still in scope are being emailed the new dates.'
        : 'Dates moved. Nobody was emailed: the invitations will give the new dates.';
    case 'cancelled':
      return 'Transfer cancelled. The people who were told about it are being emailed, and the personal data on the roster is being deleted.';
    case 'staff-added':
      return `${flash.added.toLocaleString('en-GB')} ${flash.added === 1 ? 'person' : 'people'} added. The roster now has ${flash.total.toLocaleString('en-GB')}.`;
    default:
      return undefined;
  }
}

/** What HR reads in a failed milestone's banner: what went wrong and whether it is tried again by itself. */
function failureExplanation(milestone: MilestoneRecord): string {
  const attempts = milestone.attempt ?? 1;
  const tried = `It was tried ${attempts === 1 ? 'once' : `${attempts} times`}${milestone.reason ? ` (${milestone.reason})` : ''}.`;
  const next = milestone.retryAt
    ? ` It will be tried again by itself at ${formatInstant(milestone.retryAt)}, or you can retry it now.`
    : ' It will not be tried again by itself: retry it once the cause is fixed. Nothing already done is done twice.';
  return tried + next;
}

/** The people search's words, when there are some (longer than the API takes is cut, not refused). */
function searchOf(value: string | undefined): string | undefined {
  const words = value?.trim().slice(0, 100);
  return words ? words : undefined;
}

function statusFilterOf(value: string | undefined): CaseStatus | undefined {
  return caseStatuses.find((status) => status === value);
}

async function transferPage(
  request: DashboardRequest,
  options: { problems?: FieldProblem[]; status?: number } = {},
): Promise<WebResult> {
  const id = request.transferId;
  const query = request.event.queryStringParameters ?? {};
  const statusFilter = statusFilterOf(query.status);
  const search = searchOf(query.q);
  // People who could not be emailed: their latest email bounced.
  const bouncedOnly = query.delivery === 'bounced';
  const filters = {
    ...(statusFilter ? { status: statusFilter } : {}),
    ...(bouncedOnly ? { delivery: 'bounced' as const } : {}),
  };
  const [transfer, staff, progress] = await Promise.all([
    request.transfers.get(id),
    request.transfers.listStaff(id, {
      limit: staffPageSize,
      ...filters,
      ...(search ? { q: search } : {}),
      ...(query.next ? { next: query.next } : {}),
    }),
    request.transfers.electionProgress(id),
  ]);
  const { flash, clear } = takeFlash(request.event, transferPath(id));
  const searchAndFilters = { ...(search ? { q: search } : {}), ...filters };
  const nextQuery = new URLSearchParams({ ...searchAndFilters, ...(staff.next ? { next: staff.next } : {}) });
  const filterQuery = new URLSearchParams(searchAndFilters).toString();
  return renderDashboardPage(
    request,
    'transfer/view.njk',
    {
      backLink: '/',
      transfer,
      statusTag: transferStatusTags[transfer.status],
      legalBasis: legalBasisDescriptions[transfer.legalBasis],
      defaultOption: transfer.pension.options.find(
        (option) => option.code === transfer.pension.defaultOption,
      ),
      banner: flashMessage(flash, transfer),
      tasks: tasksOf(transfer),
      launchable: transfer.status === 'draft' && transfer.total > 0,
      launchHref: transferPath(id, '/launch'),
      changeable: transfer.status !== 'completed' && transfer.status !== 'cancelled',
      datesHref: transferPath(id, '/dates'),
      cancelHref: transferPath(id, '/cancel'),
      runs: [transfer.dateChange, transfer.cancellation].flatMap((run) =>
        run
          ? [
              {
                name: milestoneNames[run.kind] ?? run.kind,
                status: milestoneStatusTags[run.status],
                outcome: milestoneOutcomeText(run),
              },
            ]
          : [],
      ),
      milestones: runsOf(transfer).map((milestone) => ({
        name: milestoneNames[milestone.kind] ?? milestone.kind,
        dueOn: milestone.dueOn,
        status: milestoneStatusTags[milestone.status],
        outcome: milestoneOutcomeText(milestone),
      })),
      failedMilestones: runsOf(transfer)
        .filter((milestone) => milestone.status === 'failed')
        .map((milestone) => ({
          kind: milestone.kind,
          name: milestoneNames[milestone.kind] ?? milestone.kind,
          explanation: failureExplanation(milestone),
        })),
      retryAction: transferPath(id, '/retry'),
      counts: caseStatuses.map((status) => ({
        label: caseStatusTags[status].text,
        count: transfer.counts[status] ?? 0,
      })),
      tallies: talliesOf(transfer),
      // After transfer day the statuses say only who moved: how people got their scheme is kept from then.
      completion: transfer.completion,
      electionsCsvHref: transferPath(id, '/elections.csv'),
      ...picturesOf(transfer, progress),
      evidenceHref: transferPath(id, '/evidence'),
      // Beyond the inline limit the PDF link would only lead to the ZIP pack's page: the ZIP is offered alone.
      evidenceInline: fitsInline(transfer.nextRosterIndex),
      evidencePackAction: transferPath(id, '/evidence-packs'),
      exportLinks: [
        ...transfer.pension.options.map((option) => ({
          href: transferPath(id, `/exports?file=${encodeURIComponent(`scheme-${option.code}.csv`)}`),
          text: `People whose choice is ${option.label} (${option.code}), for the fund (CSV)`,
        })),
        {
          href: transferPath(id, `/exports?file=payroll-changes.csv`),
          text: 'Payroll changes for transfer day (CSV)',
        },
      ],
      people: peopleOf(transfer, staff),
      filterAction: transferPath(id),
      statusItems: [
        { value: '', text: 'All statuses', selected: statusFilter === undefined },
        ...caseStatuses.map((status) => ({
          value: status,
          text: caseStatusTags[status].text,
          selected: status === statusFilter,
        })),
      ],
      statusFilter: statusFilter ? caseStatusTags[statusFilter].text : undefined,
      search,
      nextHref: staff.next ? `${transferPath(id)}?${nextQuery.toString()}#people` : undefined,
      firstPageHref: query.next
        ? `${transferPath(id)}${filterQuery ? `?${filterQuery}` : ''}#people`
        : undefined,
      bouncedOnly,
      bouncedFilterHref: `${transferPath(id)}?delivery=bounced#people`,
      everyoneHref: `${transferPath(id)}#people`,
    },
    {
      status: options.status ?? 200,
      errors: formErrorsView(options.problems ?? []),
      cookies: [clear],
    },
  );
}

/** GET /transfers/{id} */
/** The runs HR started and the scheduled milestones, in the order they happened or fall due. */
function runsOf(transfer: TransferView): MilestoneRecord[] {
  const started = [transfer.launch, transfer.dateChange, transfer.cancellation].filter(
    (run): run is MilestoneRecord => run !== undefined,
  );
  return [...started, ...transfer.milestones].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export async function showTransfer(request: DashboardRequest): Promise<WebResult> {
  return transferPage(request);
}

/** POST /transfers/{id}/retry with `milestone`: the Retry button of a failed milestone's banner. */
export async function retryMilestone(request: DashboardRequest): Promise<WebResult> {
  const fields = formFieldsOf(request.event);
  const id = request.transferId;
  try {
    const kind = typeof fields.milestone === 'string' ? fields.milestone : '';
    await request.transfers.retryMilestone(id, kind, request.actor);
  } catch (error) {
    if (error instanceof ConflictError) {
      return transferPage(
        { ...request, event: { ...request.event, queryStringParameters: {} } },
        {
          status: error.status,
          problems: [{ field: 'retry', targetId: 'milestones', message: error.message }],
        },
      );
    }
    throw error;
  }
  return redirectResponse(transferPath(id), [
    flashCookie(request.event, transferPath(id), { kind: 'retried' }),
  ]);
}

/** GET /transfers/{id}/elections.csv: the same export as the API, for a browser with a session. */
export async function downloadElections(request: DashboardRequest): Promise<WebResult> {
  const csv = await request.transfers.electionsCsv(request.transferId);
  return downloadResponse(csv, 'text/csv; charset=utf-8', `elections-${request.transferId}.csv`);
}

/** GET /transfers/{id}/exports?file=scheme-LGPS.csv: the API's exports, for a browser with a session. */
export async function downloadExport(request: DashboardRequest): Promise<WebResult> {
  const name = request.event.queryStringParameters?.file ?? '';
  const { fileName, csv } = await exportByName(request.transfers, request.transferId, name);
  return downloadResponse(
    csv,
    'text/csv; charset=utf-8',
    `${fileName.replace(/\.csv$/, '')}-${request.transferId}.csv`,
  );
}
