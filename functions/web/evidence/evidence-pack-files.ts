/**
 * The files of the ZIP evidence pack: one HTML page a person (the inline pack's section for them, as a
 * document of its own), a CSV row a person, and the summary PDF (the inline pack without the people's
 * sections, which says where they are).
 */
import type { RenderPdf } from '../../adapters/render-pdf.ts';
import { personFileName } from '../../domain/evidence-pack.ts';
import { csvWithHeader, safeCell } from '../../services/csv-format.ts';
import type { EvidencePackRendering } from '../../services/evidence-pack-service.ts';
import { renderHtml } from '../view-renderer.ts';
import { evidencePeopleOf, evidenceViewOf, templateVersionsOf } from './evidence-view.ts';

export const peopleCsvColumns = [
  'Employee number',
  'Name',
  'Job title',
  'Team',
  'Status',
  'Pension election',
  'How',
  'When',
  'Emails recorded',
  'File',
];

export function evidencePackRendering(renderPdf: RenderPdf): EvidencePackRendering {
  return {
    shard({ transfer, cases, notifications, generatedAt }) {
      const versions = templateVersionsOf({ transfer, notifications, consultations: [] });
      const { people } = evidencePeopleOf({ transfer, cases, notifications }, versions);
      return {
        files: people.map((person) => ({
          name: personFileName(person.employeeNumber),
          text: renderHtml('evidence/person.njk', {
            person,
            transferName: transfer.name,
            transferId: transfer.id,
            generatedAt,
          }),
        })),
        rows: people.map((person) =>
          [
            person.employeeNumber,
            person.name,
            person.jobTitle,
            person.team ?? '',
            person.status,
            person.election?.option ?? '',
            person.election?.how ?? '',
            person.election?.at ?? '',
            String(person.notifications.length),
            personFileName(person.employeeNumber),
          ].map(safeCell),
        ),
      };
    },

    summaryPdf(record, contentSha256) {
      const view = evidenceViewOf(record, { contentSha256, peopleInFiles: true });
      return renderPdf(renderHtml('evidence/evidence.njk', view), { title: view.title });
    },

    peopleCsv: (rows) => csvWithHeader(peopleCsvColumns, rows, { bom: true }),
  };
}
