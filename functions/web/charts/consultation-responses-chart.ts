/**
 * The "responses over time" chart of a consultation: the cumulative number of invitees who have responded
 * and of public responses, day by day from the opening. It draws with the election progress chart's
 * geometry (the same axes, dashes and marker shapes), so the two pictures read alike. Pure.
 */
import { addCalendarDays } from '../../domain/business-dates.ts';
import type { ConsultationStatus } from '../../domain/consultation.ts';
import { maxProgressDays } from '../../domain/election-progress.ts';
import type { BusinessDate } from '../../domain/transfer.ts';
import type { ResponsesOnDay } from '../../services/contracts.ts';
import { electionProgressChart, markerPath, type ProgressChartGeometry } from './election-progress-chart.ts';

export interface ResponsesOverTime {
  days: BusinessDate[];
  /** Invitees who had responded by the end of each day. */
  invited: number[];
  /** Public responses received by the end of each day (absent when the consultation is not public). */
  public?: number[];
}

export interface ConsultationForChart {
  opensOn: BusinessDate;
  closesOn: BusinessDate;
  status: ConsultationStatus;
  public: boolean;
  responsesByDay: ResponsesOnDay[];
}

/**
 * Cumulative counts for every day from the opening to the last day with responses (to the close once it
 * has closed), so days without responses are drawn flat rather than skipped.
 */
export function responsesOverTime(consultation: ConsultationForChart): ResponsesOverTime {
  const byDate = new Map<BusinessDate, ResponsesOnDay>();
  for (const day of consultation.responsesByDay) byDate.set(day.date, day);
  const dates = [...byDate.keys()].sort();
  const from = [consultation.opensOn, ...dates].sort()[0] ?? consultation.opensOn;
  const closed = consultation.status === 'closed' || consultation.status === 'decided';
  const candidates = [from, ...dates, ...(closed ? [consultation.closesOn] : [])].sort();
  const to = candidates[candidates.length - 1] ?? from;

  const days: BusinessDate[] = [];
  for (let day = from; day <= to && days.length < maxProgressDays; day = addCalendarDays(day, 1)) {
    days.push(day);
  }
  let invited = 0;
  let publicResponses = 0;
  const invitedCounts: number[] = [];
  const publicCounts: number[] = [];
  for (const day of days) {
    invited += byDate.get(day)?.invited ?? 0;
    publicResponses += byDate.get(day)?.public ?? 0;
    invitedCounts.push(invited);
    publicCounts.push(publicResponses);
  }
  return { days, invited: invitedCounts, ...(consultation.public ? { public: publicCounts } : {}) };
}

export interface ConsultationResponsesPicture extends ProgressChartGeometry {
  lines: Array<ProgressChartGeometry['lines'][number] & { markerPaths: string }>;
  legend: Array<ProgressChartGeometry['legend'][number] & { markerPath: string }>;
  /** The chart's text alternative: its data as table rows. */
  headings: string[];
  rows: Array<{ day: BusinessDate; counts: number[] }>;
  from: BusinessDate;
  to: BusinessDate;
  /** One sentence a line for the SVG's description. */
  summary: string;
}

const plural = (count: number, one: string, many: string) =>
  `${new Intl.NumberFormat('en-GB').format(count)} ${count === 1 ? one : many}`;

export function consultationResponsesChart(over: ResponsesOverTime): ConsultationResponsesPicture {
  const series = [
    { code: 'invited', label: 'Invitees who have responded', counts: over.invited },
    ...(over.public ? [{ code: 'public', label: 'Public responses', counts: over.public }] : []),
  ];
  const geometry = electionProgressChart({ asOf: over.days.at(-1) ?? '', days: over.days, series });
  const latest = series.map((line) => line.counts.at(-1) ?? 0);
  const from = over.days[0] ?? '';
  const to = over.days.at(-1) ?? from;
  return {
    ...geometry,
    lines: geometry.lines.map((line) => ({
      ...line,
      markerPaths: line.markers.map((point) => markerPath(line.shape, point)).join(''),
    })),
    legend: geometry.legend.map((entry, index) => ({
      ...entry,
      // The election chart names options by code; here the label alone says what the line counts.
      label: `${series[index]?.label ?? entry.code}: ${new Intl.NumberFormat('en-GB').format(latest[index] ?? 0)}`,
      markerPath: markerPath(entry.shape, { x: geometry.plot.left + 18, y: entry.y }),
    })),
    headings: series.map((line) => line.label),
    rows: over.days.map((day, index) => ({ day, counts: series.map((line) => line.counts[index] ?? 0) })),
    from,
    to,
    summary: [
      `${plural(latest[0] ?? 0, 'invitee has', 'invitees have')} responded`,
      ...(over.public ? [`${plural(latest[1] ?? 0, 'public response', 'public responses')} received`] : []),
    ].join('; '),
  };
}
