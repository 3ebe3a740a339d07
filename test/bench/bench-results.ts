/** The bench's figures: a table on the terminal and the same figures in `bench-results.json`. */
import { writeFile } from 'node:fs/promises';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The raw rate of the service underneath, measured in the same run on the same machine. */
  baseline: number;
  /** value / baseline. */
  ratio: number;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function benchResult(name: string, unit: string, value: number, baseline: number): BenchResult {
  return {
    name,
    value: round(value, 1),
    unit,
    baseline: round(baseline, 1),
    ratio: round(value / baseline, 3),
  };
}

export function resultTable(results: readonly BenchResult[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio'];
  const rows = results.map((result) => [
    result.name,
    result.value.toFixed(1),
    result.unit,
    result.baseline.toFixed(1),
    result.ratio.toFixed(3),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const numeric = new Set([1, 3, 4]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number),
      )
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export async function writeResults(path: string, results: readonly BenchResult[]): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
