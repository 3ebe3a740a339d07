/**
 * The transferee contact's download page of the employee liability information (TUPE reg 11), reached
 * from the link in their email: `GET /forms/eli/{token}` shows the two files; `GET /forms/eli/{token}/{file}`
 * records the download and serves the file as it was given. An expired or tampered link gives a page
 * saying so (the error pages), and records nothing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidLinkError } from '../../../domain/errors.ts';
import { isLiabilityFile } from '../../../domain/liability-information.ts';
import type { LiabilityInformationService } from '../../../services/liability-information-service.ts';
import { formatInstant } from '../../date-formats.ts';
import type { HtmlRouteDefinition } from '../../html-route.ts';
import { pageResponse, type WebResult } from '../../page-response.ts';

type GetService = () => { liabilityInformation: LiabilityInformationService };

const fileLabels = {
  'information.pdf': { text: 'Employee liability information (PDF)', type: 'application/pdf' },
  'information.csv': {
    text: 'Employee liability information for your HR system (CSV)',
    type: 'text/csv; charset=utf-8',
  },
} as const;

function tokenOf(event: APIGatewayProxyEventV2): string {
  return event.pathParameters?.token ?? '';
}

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-GB')} KB`;

export function liabilityDownloadRoutes(getServices: GetService): HtmlRouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/forms/eli/{token}',
      handle: async (event): Promise<WebResult> => {
        const token = tokenOf(event);
        const { transfer, given } = await getServices().liabilityInformation.openLink(token);
        return pageResponse('liability-download/view.njk', {
          transfer: { name: transfer.name, transferor: transfer.transferor, transferee: transfer.transferee },
          givenAt: formatInstant(given.at),
          expiresAt: formatInstant(given.linkExpiresAt),
          people: given.people,
          files: (['information.pdf', 'information.csv'] as const).map((file) => ({
            href: `/forms/eli/${encodeURIComponent(token)}/${file}`,
            text: fileLabels[file].text,
            size: kilobytes(given.bytes[file]),
            sha256: given.sha256[file],
          })),
        });
      },
    },
    {
      method: 'GET',
      path: '/forms/eli/{token}/{file}',
      handle: async (event): Promise<WebResult> => {
        const file = event.pathParameters?.file ?? '';
        if (!isLiabilityFile(file)) throw new InvalidLinkError('This link is not recognised');
        const { content } = await getServices().liabilityInformation.download(tokenOf(event), file);
        return {
          statusCode: 200,
          headers: {
            'content-type': fileLabels[file].type,
            'content-disposition': `attachment; filename="employee-liability-${file}"`,
            'cache-control': 'no-store',
          },
          body: content.toString('base64'),
          isBase64Encoded: true,
        };
      },
    },
  ];
}
