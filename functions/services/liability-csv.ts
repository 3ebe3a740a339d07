/**
 * The ELI's CSV (TUPE reg 11), written as every CSV export is (csv-format.ts): apart from the rest of the
 * liability rules, so the functions that only check or correct a person's fields carry no CSV writer.
 */
import type { LiabilityRow } from '../domain/liability-information.ts';
import { csvWithHeader, safeCell } from './csv-format.ts';

const liabilityCsvColumns = [
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
];

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
  return csvWithHeader(liabilityCsvColumns, cells, { bom: true });
}
