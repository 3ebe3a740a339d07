/** The ELI's PDF as a view: headings, a section a person, dates in plain English. Pure: document in, view out. */
import type { LiabilityDocument } from '../../services/liability-information-service.ts';
import { formatDate } from '../date-formats.ts';

export interface LiabilityPersonView {
  heading: string;
  particulars: Array<{ key: string; value: string }>;
  disciplinaryGrievance: string;
  claims: string;
  collectiveAgreements: string;
}

export interface LiabilityDocumentView {
  title: string;
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: string;
  givenOn: string;
  twoYearsFrom: string;
  people: number;
  collectiveAgreements: string;
  persons: LiabilityPersonView[];
}

const none = 'None recorded';

export function liabilityDocumentView(document: LiabilityDocument): LiabilityDocumentView {
  const { transfer } = document;
  return {
    title: `Employee liability information: ${transfer.name}`,
    transferName: transfer.name,
    transferor: transfer.transferor,
    transferee: transfer.transferee,
    transferDate: formatDate(transfer.transferDate),
    givenOn: formatDate(document.givenOn),
    twoYearsFrom: formatDate(document.twoYearsFrom),
    people: document.rows.length,
    collectiveAgreements: document.collectiveAgreements ?? none,
    persons: document.rows.map((row) => ({
      heading: `${row.name} (${row.employeeNumber})`,
      particulars: [
        { key: 'Employee number', value: row.employeeNumber },
        {
          key: 'Date of birth',
          value: row.dateOfBirth ? formatDate(row.dateOfBirth) : 'Not recorded',
        },
        {
          key: 'Age on the transfer date',
          value: row.ageAtTransfer === undefined ? 'Not recorded' : String(row.ageAtTransfer),
        },
        { key: 'Job title', value: row.jobTitle },
        { key: 'Team', value: row.team ?? 'Not recorded' },
        { key: 'Contract', value: row.contractType === 'fixed-term' ? 'Fixed term' : 'Permanent' },
        ...(row.contractEndDate ? [{ key: 'Contract ends', value: formatDate(row.contractEndDate) }] : []),
        { key: 'Continuous service since', value: formatDate(row.continuousServiceStart) },
        { key: 'Pension scheme', value: row.pensionScheme },
      ],
      disciplinaryGrievance: row.disciplinaryGrievance ?? none,
      claims: row.claims ?? none,
      collectiveAgreements: row.collectiveAgreements ?? none,
    })),
  };
}
