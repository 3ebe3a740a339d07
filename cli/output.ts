/** Where the CLI writes: stdout for answers, stderr for progress and problems. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal, where a progress bar can redraw itself. */
  isTTY?: boolean;
}

export interface CliOutput {
  stdout: OutputStream;
  stderr: OutputStream;
}

/** Counts the en-GB way: 10,000. */
export function count(value: number): string {
  return value.toLocaleString('en-GB');
}

export function plural(value: number, one: string, many = `${one}s`): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

/** Columns padded to their widest value; the last column is left as it is. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((value, column) => (column === row.length - 1 ? value : value.padEnd(widths[column] ?? 0)))
        .join('  '),
    )
    .map((line) => `${line}\n`)
    .join('');
}
