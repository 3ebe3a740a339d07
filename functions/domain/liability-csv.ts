/**
 * The ELI's CSV (TUPE reg 11): apart from the rest of the liability rules, so the functions that only check
 * or correct a person's fields carry no CSV writer.
 */
import { stringify } from 'csv-stringify/sync';
import type { LiabilityRow } from './liability-information.ts';

export const liabilityCsvColumns = [
  'employeeNumber',
  'name',
  'dateOfBirth',
  'ageAtTransfer',
  'jobTitle',
  'team',
  'contractType',
  'contractEndDate',
  'continuousServiceStart',
  'pensionScheme',
  'disciplinaryGrievanceLastTwoYears',
  'claims',
  'collectiveAgreements',
] as const;

/** Spreadsheet programs run cells that start with these; the ELI must not carry a formula. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The ELI's CSV: a header row, one row a person sorted by employee number, with a byte order mark. */
export function liabilityCsvOf(rows: readonly LiabilityRow[]): string {
  const sorted = [...rows].sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
  const cells = sorted.map((row) =>
    [
      row.employeeNumber,
      row.name,
      row.dateOfBirth ?? '',
      row.ageAtTransfer === undefined ? '' : String(row.ageAtTransfer),
      row.jobTitle,
      row.team ?? '',
      row.contractType,
      row.contractEndDate ?? '',
      row.continuousServiceStart,
      row.pensionScheme,
      row.disciplinaryGrievance ?? '',
      row.claims ?? '',
      row.collectiveAgreements ?? '',
    ].map(safeCell),
  );
  return stringify(cells, { header: true, bom: true, columns: [...liabilityCsvColumns] });
}
