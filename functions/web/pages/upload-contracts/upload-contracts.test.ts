import { describe, expect, it } from 'vitest';
import { hr, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleContract } from '../../../../test/fixtures/fake-dashboard-services.ts';
import {
  contractsCsv,
  contractsUploadPage,
  itAsksForAFile,
  itListsTheProblemsByRow,
} from '../../../../test/fixtures/file-uploads.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

describe('Page: upload-contracts', () => {
  const dashboard = useDashboardPages();
  const contractsPage = contractsUploadPage(dashboard);

  it('shows a file upload in a multipart form with the columns it needs', async () => {
    // Act
    const page = await dashboard.send({ method: 'GET', url: '/contracts/upload' });

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
    const result = await contractsPage.upload(contractsPage.file);

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/contracts');
    expect(dashboard.contracts.createFromCsv).toHaveBeenCalledWith(contractsCsv, hr);
    expect(browser.setCookieNamed(result, 'td_flash')).toBeDefined();
  });

  itListsTheProblemsByRow(
    contractsPage,
    refusedFields('1 of the 2 contracts has errors', {
      'contracts.1.endDate': 'The end date must be in the future',
      'contracts.1.parties': 'Name at least one party',
    }),
    {
      summary: [
        { href: '#contracts', text: 'Row 2: The end date must be in the future; Name at least one party' },
      ],
      inline: ['Fix the problems in 1 row of the file'],
      says: ['No contract from the file has been added.', 'Row 2 endDate The end date must be in the future'],
    },
  );

  itAsksForAFile(contractsPage);
});
