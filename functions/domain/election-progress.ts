/**
 * Election progress over time: for each day from the launch to today, how many people's counting choice
 * is each option. Built in one pass over the cases' histories, so a roster of thousands costs one loop.
 */
import { addCalendarDays, businessDateOf } from './business-dates.ts';
import type { BusinessDate, CaseEvent, PensionOption, StaffCase } from './transfer.ts';

export interface ElectionProgressSeries {
  code: string;
  label: string;
  /** People whose counting choice was this option at the end of each day. */
  counts: number[];
}

export interface ElectionProgress {
  /** The day the progress was read on (the last day drawn, unless the span was capped). */
  asOf: BusinessDate;
  days: BusinessDate[];
  series: ElectionProgressSeries[];
}

/** Statuses in which a person's choice no longer counts (they do not transfer). */
const leavesTheElection = new Set(['objected', 'employment-ended', 'excluded']);

/** The longest span drawn, so a transfer left open for years still makes a readable chart. */
export const maxProgressDays = 400;

function dayNumber(date: BusinessDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** The option an event leaves counting: a code, `null` for none, `undefined` when it changes nothing. */
function optionAfter(event: CaseEvent): string | null | undefined {
  if (event.option !== undefined) return event.option;
  if (event.to !== undefined && leavesTheElection.has(event.to)) return null;
  return undefined;
}

export function electionProgressOf(
  cases: Iterable<Pick<StaffCase, 'history' | 'election'>>,
  options: readonly PensionOption[],
  span: { from: BusinessDate; to: BusinessDate },
): ElectionProgress {
  const first = dayNumber(span.from);
  const length = Math.max(1, Math.min(maxProgressDays, dayNumber(span.to) - first + 1));
  const days = Array.from({ length }, (_, index) => addCalendarDays(span.from, index));
  const deltas = new Map(options.map((option) => [option.code, new Array<number>(length).fill(0)]));
  const move = (code: string | null, index: number, by: number) => {
    const delta = code === null ? undefined : deltas.get(code);
    if (delta !== undefined) delta[index] = (delta[index] ?? 0) + by;
  };

  for (const staffCase of cases) {
    let current: string | null = null;
    let sawChoice = false;
    for (const event of staffCase.history ?? []) {
      const next = optionAfter(event);
      if (next === undefined) continue;
      sawChoice ||= next !== null;
      if (next === current) continue;
      const index = Math.max(0, dayNumber(businessDateOf(new Date(event.at))) - first);
      if (index >= length) break;
      move(current, index, -1);
      move(next, index, 1);
      current = next;
    }
    // A case whose history predates recorded options still counts from the time of its election.
    if (!sawChoice && staffCase.election) {
      const index = Math.max(0, dayNumber(businessDateOf(new Date(staffCase.election.at))) - first);
      if (index < length) move(staffCase.election.option, index, 1);
    }
  }

  return {
    asOf: span.to,
    days,
    series: options.map((option) => {
      let running = 0;
      const counts = (deltas.get(option.code) ?? []).map((delta) => {
        running += delta;
        return running;
      });
      return { code: option.code, label: option.label, counts };
    }),
  };
}
