/**
 * The lists HR sends out before transfer day, built from the cases: one per pension option for the
 * fund that runs it (members staying in the LGPS, joiners of the NHS Pension Scheme), the payroll
 * change list of everyone who moves, and the elections list. Only what the process holds: no NI
 * numbers, no dates of birth.
 */
import { NotFoundError } from '../domain/errors.ts';
import type { CaseStatus, StaffCase, Transfer } from '../domain/transfer.ts';
import type { TransferService } from './contracts.ts';
import { csvWithHeader, safeCell } from './csv-format.ts';

/** People who do not move on transfer day (TUPE reg 4(7) objectors, people taken off the roster). */
const notMoving: ReadonlySet<CaseStatus> = new Set(['objected', 'employment-ended', 'excluded']);

const byEmployeeNumber = (a: StaffCase, b: StaffCase) => a.employeeNumber.localeCompare(b.employeeNumber);

/** `scheme-LGPS.csv` → `{ kind: 'scheme', optionCode: 'LGPS' }`; undefined for a name we do not export. */
export function exportNamed(
  name: string,
): { kind: 'scheme'; optionCode: string } | { kind: 'payroll-changes' } | undefined {
  if (name === 'payroll-changes.csv') return { kind: 'payroll-changes' };
  const scheme = /^scheme-([A-Za-z0-9_-]{1,20})\.csv$/.exec(name);
  return scheme?.[1] ? { kind: 'scheme', optionCode: scheme[1].toUpperCase() } : undefined;
}

export function schemeCsv(transfer: Transfer, cases: readonly StaffCase[], optionCode: string): string {
  const option = transfer.pension.options.find((candidate) => candidate.code === optionCode);
  if (!option) throw new NotFoundError(`The transfer has no pension option ${optionCode}`);
  const members = cases
    .filter((person) => person.election?.option === option.code && !notMoving.has(person.status))
    .sort(byEmployeeNumber);
  return csvWithHeader(
    [
      'employeeNumber',
      'name',
      'email',
      'jobTitle',
      'currentScheme',
      'electionOption',
      'electionOptionLabel',
      'how',
      'chosenAt',
      'continuousServiceStart',
      'transferDate',
      'transferee',
    ],
    members.map((person) => [
      safeCell(person.employeeNumber),
      safeCell(person.name),
      safeCell(person.email),
      safeCell(person.jobTitle),
      safeCell(person.currentPensionScheme),
      option.code,
      safeCell(option.label),
      person.election?.how ?? '',
      person.election?.at ?? '',
      person.continuousServiceStart,
      transfer.transferDate,
      safeCell(transfer.transferee),
    ]),
    { bom: true },
  );
}

export function payrollChangesCsv(transfer: Transfer, cases: readonly StaffCase[]): string {
  const moving = cases.filter((person) => !notMoving.has(person.status)).sort(byEmployeeNumber);
  return csvWithHeader(
    [
      'employeeNumber',
      'name',
      'jobTitle',
      'team',
      'fromEmployer',
      'toEmployer',
      'effectiveDate',
      'pensionScheme',
      'contractType',
      'contractEndDate',
      'continuousServiceStart',
      'managerEmail',
    ],
    moving.map((person) => [
      safeCell(person.employeeNumber),
      safeCell(person.name),
      safeCell(person.jobTitle),
      safeCell(person.team ?? ''),
      safeCell(transfer.transferor),
      safeCell(transfer.transferee),
      transfer.transferDate,
      person.election?.option ?? '',
      person.contractType,
      person.contractEndDate ?? '',
      person.continuousServiceStart,
      safeCell(person.managerEmail ?? ''),
    ]),
    { bom: true },
  );
}

/** `GET /api/transfers/{id}/elections.csv`: one row a person, with their choice and how it was made. */
export function electionsCsv(cases: readonly StaffCase[]): string {
  return csvWithHeader(
    ['employeeNumber', 'name', 'option', 'how', 'when', 'status'],
    [...cases]
      .sort(byEmployeeNumber)
      .map((person) => [
        safeCell(person.employeeNumber),
        safeCell(person.name),
        person.election?.option ?? '',
        person.election?.how ?? '',
        person.election?.at ?? '',
        person.status satisfies CaseStatus,
      ]),
    { bom: false },
  );
}

/** The CSV export of a transfer by its file name; NotFoundError for a name (or option) it does not have. */
export async function exportByName(
  transfers: Pick<TransferService, 'schemeCsv' | 'payrollChangesCsv'>,
  id: string,
  name: string,
): Promise<{ fileName: string; csv: string }> {
  const wanted = exportNamed(name);
  if (wanted === undefined) {
    throw new NotFoundError(`No export named ${name}: ask for scheme-<OPTION>.csv or payroll-changes.csv`);
  }
  if (wanted.kind === 'payroll-changes') {
    return { fileName: 'payroll-changes.csv', csv: await transfers.payrollChangesCsv(id) };
  }
  return {
    fileName: `scheme-${wanted.optionCode}.csv`,
    csv: await transfers.schemeCsv(id, wanted.optionCode),
  };
}
