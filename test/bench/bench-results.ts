/**
 * The bench's figures: a table on the terminal and the same figures in `bench-results.json`, with a copy per
 * roster size (`bench-results-<people>.json`) so a run at another size is compared with the last one at
 * 10,000 people.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface BenchResult {
  /** The stage of the transfer's life: import, launch, close, transfer day. */
  stage: string;
  name: string;
  value: number;
  unit: string;
  /** The raw rate of the service underneath (or the limit), measured in the same run on the same machine. */
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** Wall milliseconds per person of the roster, for comparing runs at different sizes. */
  msPerPerson?: number;
}

export interface BenchRun {
  people: number;
  finishedAt: string;
  results: BenchResult[];
  /** Other things seen during the run (history events, memory, the parts of a stage). */
  notes: Record<string, number | string>;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function benchResult(
  stage: string,
  name: string,
  unit: string,
  value: number,
  baseline: number,
  perPerson?: { people: number; seconds: number },
): BenchResult {
  return {
    stage,
    name,
    value: round(value, 1),
    unit,
    baseline: round(baseline, 1),
    ratio: round(value / baseline, 3),
    ...(perPerson ? { msPerPerson: round((perPerson.seconds * 1000) / perPerson.people, 3) } : {}),
  };
}

function table(header: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number>): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number),
      )
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function resultTable(results: readonly BenchResult[]): string {
  return table(
    ['name', 'value', 'unit', 'baseline', 'ratio', 'ms/person'],
    results.map((result) => [
      result.name,
      result.value.toFixed(1),
      result.unit,
      result.baseline.toFixed(1),
      result.ratio.toFixed(3),
      result.msPerPerson === undefined ? '' : result.msPerPerson.toFixed(3),
    ]),
    new Set([1, 3, 4, 5]),
  );
}

/** Each stage's time per person in this run against the same stage in `earlier` (goal: at most 1.3×). */
export function comparisonTable(run: BenchRun, earlier: BenchRun): string {
  const rows = run.results.flatMap((result) => {
    const before = earlier.results.find((candidate) => candidate.stage === result.stage);
    if (result.msPerPerson === undefined || before?.msPerPerson === undefined) return [];
    return [
      [
        result.stage,
        before.msPerPerson.toFixed(3),
        result.msPerPerson.toFixed(3),
        (result.msPerPerson / before.msPerPerson).toFixed(2),
      ],
    ];
  });
  return table(
    [
      'stage',
      `ms/person at ${earlier.people.toLocaleString('en-GB')}`,
      `at ${run.people.toLocaleString('en-GB')}`,
      'times',
    ],
    rows,
    new Set([1, 2, 3]),
  );
}

export async function readRun(path: string): Promise<BenchRun | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as BenchRun;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeRun(paths: readonly string[], run: BenchRun): Promise<void> {
  for (const path of paths) await writeFile(path, `${JSON.stringify(run, null, 2)}\n`);
}
