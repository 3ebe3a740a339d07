/**
 * `GET /api/transfers/{id}/staff/{employeeNumber}/export` (HR): a subject access export of one person,
 * as JSON or, with `?format=pdf`, a PDF. After retention removed the transfer's personal data: 404 saying
 * when. Served by the `transfer-evidence` function, which already carries Chromium for PDFs.
 */
import middy from '@middy/core';
import type { RenderPdf } from '../../adapters/render-pdf.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { PersonalDataRemovedError, type RetentionService } from '../../services/retention-service.ts';
import { formatInstant } from '../../web/date-formats.ts';
import { personExportViewOf } from '../../web/export/person-export-view.ts';
import { downloadResponse } from '../../web/page-response.ts';
import { renderHtml } from '../../web/view-renderer.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { jsonApi } from './json-api.ts';
import { staffCasePath } from './request-schemas.ts';
import { jsonResponse } from './responses.ts';

const formats = ['json', 'pdf'] as const;

export function personExportHandler(
  getServices: () => { retention: Pick<RetentionService, 'exportPerson'> },
  renderPdf: RenderPdf,
) {
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    const { id, employeeNumber } = staffCasePath.parse(event.pathParameters);
    const format = formats.find((candidate) => candidate === (event.queryStringParameters?.format ?? 'json'));
    if (format === undefined) {
      throw new ValidationError('Ask for the export as json or pdf', {
        errors: [{ path: 'format', message: 'Choose json or pdf' }],
      });
    }
    const data = await getServices()
      .retention.exportPerson(id, employeeNumber)
      .catch((error: unknown) => {
        if (!(error instanceof PersonalDataRemovedError)) throw error;
        throw new NotFoundError(
          `The personal data of this transfer was deleted on ${formatInstant(error.removedAt)}, at the end of its retention period`,
          { cause: error },
        );
      });
    if (format === 'json') return jsonResponse(200, data);
    const view = personExportViewOf(data);
    const pdf = await renderPdf(renderHtml('export/person-export.njk', view), { title: view.title });
    const fileName = `personal-data-${data.person.employeeNumber}.pdf`;
    return {
      ...downloadResponse(pdf.toString('base64'), 'application/pdf', fileName),
      isBase64Encoded: true,
    };
  }).use(jsonApi({ access: 'hr' }));
}
