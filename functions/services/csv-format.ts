/** How every CSV export is written: a header row, and no cell a spreadsheet program would run as a formula. */
import { stringify } from 'csv-stringify/sync';

/** Spreadsheet programs run cells that start with these; an export must not carry a formula. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The rows under a header row of `columns`. `bom` starts the file with a byte order mark, so a spreadsheet
 * program reads it as UTF-8 rather than in the machine's own code page.
 */
export function csvWithHeader(columns: string[], rows: string[][], { bom }: { bom: boolean }): string {
  return stringify(rows, { header: true, bom, columns });
}
