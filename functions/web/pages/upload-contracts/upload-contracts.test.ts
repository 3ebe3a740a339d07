import { describe, expect, it } from 'vitest';
import { hr, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleContract } from '../../../../test/fixtures/fake-dashboard-services.ts';
import {
  contractsCsv,
  fileUploader,
  itAsksForAFile,
  itListsTheProblemsByRow,
} from '../../../../test/fixtures/file-uploads.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';

describe('Page: upload-contracts', () => {
  const dashboard = useDashboardPages();
  const { send } = dashboard;
  const upload = fileUploader(dashboard, '/contracts/upload', 'contracts');

  it('shows a file upload in a multipart form with the columns it needs', async () => {
    // Act
    const page = await send({ method: 'GET', url: '/contracts/upload' });

    // Assess
    const html = browser.bodyOf(page);
    expect(browser.pageOf(page)).toMatchObject({ status: 200, heading: 'Upload contracts' });
    expect(html).toContain('enctype="multipart/form-data"');
    expect(browser.textOf(html)).toContain('employeeName');
  });

  it('adds every contract of the file and says how many on the contracts page', async () => {
    // Prepare
    dashboard.contracts.create.mockResolvedValue([]);
    dashboard.contracts.createFromCsv.mockResolvedValue([sampleContract(), sampleContract()]);

    // Act
    const result = await upload({ filename: 'contracts.csv', content: contractsCsv });

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/contracts');
    expect(dashboard.contracts.createFromCsv).toHaveBeenCalledWith(contractsCsv, hr);
    expect(browser.setCookieNamed(result, 'td_flash')).toBeDefined();
  });

  itListsTheProblemsByRow({
    send: () => upload({ filename: 'contracts.csv', content: contractsCsv }),
    adds: () => dashboard.contracts.createFromCsv,
    refusal: {
      message: '1 of the 2 contracts has errors',
      errors: {
        'contracts.1.endDate': 'The end date must be in the future',
        'contracts.1.parties': 'Name at least one party',
      },
    },
    summary: [
      { href: '#contracts', text: 'Row 2: The end date must be in the future; Name at least one party' },
    ],
    inline: ['Fix the problems in 1 row of the file'],
    says: ['No contract from the file has been added.', 'Row 2 endDate The end date must be in the future'],
  });

  itAsksForAFile({ send: () => upload(), field: 'contracts', adds: () => dashboard.contracts.createFromCsv });
});
