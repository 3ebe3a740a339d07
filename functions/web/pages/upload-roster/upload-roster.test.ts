import { describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import {
  itAsksForAFile,
  itListsTheProblemsByRow,
  rosterCsv,
  rosterUploadPage,
  sendUpload,
} from '../../../../test/fixtures/file-uploads.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { TransferNotDraftError } from '../../../domain/errors.ts';

describe('Page: upload-roster', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  describe('uploading the roster', () => {
    const draft = sampleTransfer({ total: 0 });

    const uploadToken = async () => {
      dashboard.transfers.get.mockResolvedValue(draft);
      return visit(`/transfers/${transferId}/staff`);
    };

    const rosterPage = rosterUploadPage(dashboard, uploadToken);
    const uploadRoster = rosterPage.upload;

    it('shows a file upload in a multipart form', async () => {
      // Act
      const { page } = await uploadToken();

      // Assess
      expect(page.statusCode).toBe(200);
      expect(browser.headingOf(browser.bodyOf(page))).toBe('Upload the staff roster');
      expect(browser.bodyOf(page)).toContain('enctype="multipart/form-data"');
      expect(browser.bodyOf(page)).toMatch(
        /<input class="govuk-file-upload" id="roster" name="roster" type="file"/,
      );
    });

    it('adds the people from the CSV and says how many on the transfer page', async () => {
      // Prepare
      dashboard.transfers.importStaff.mockResolvedValue({ added: 2, total: 2 });

      // Act
      const result = await uploadRoster({ filename: 'roster.csv', content: rosterCsv });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(`/transfers/${transferId}`);
      expect(dashboard.transfers.importStaff).toHaveBeenCalledExactlyOnceWith(
        transferId,
        [
          {
            employeeNumber: 'E1001',
            name: 'Amira Okafor',
            email: 'amira.okafor@council.example',
            jobTitle: 'Social worker',
            team: 'Adults North',
            currentPensionScheme: 'LGPS',
            contractType: 'permanent',
            continuousServiceStart: '2011-09-05',
          },
          {
            employeeNumber: 'E1002',
            name: 'Tom Hughes',
            email: 'tom.hughes@council.example',
            jobTitle: 'Care assistant',
            currentPensionScheme: 'LGPS',
            contractType: 'fixed-term',
            contractEndDate: '2027-03-31',
            continuousServiceStart: '2024-04-01',
          },
        ],
        hr,
      );
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });
      const page = await send({
        method: 'GET',
        url: `/transfers/${transferId}`,
        cookies: browser.cookiesFrom(result),
      });
      expect(browser.textOf(browser.bodyOf(page))).toContain('2 people added. The roster now has 2.');
    });

    itListsTheProblemsByRow(
      rosterPage,
      refusedFields('2 rows have errors', {
        'staff[1].email': 'Enter the email address in the correct format, like name@example.org',
        'staff[1].jobTitle': 'Enter the job title',
        'staff[3].contractType': 'The contract type must be permanent or fixed-term',
      }),
      {
        summary: [
          {
            href: '#roster',
            text: 'Row 2: Enter the email address in the correct format, like name@example.org; Enter the job title',
          },
          { href: '#roster', text: 'Row 4: The contract type must be permanent or fixed-term' },
        ],
        inline: ['Fix the problems in 2 rows of the file'],
        says: [
          '2 rows have problems. No one from the file has been added.',
          'Row 2 email Enter the email address in the correct format',
          'Row 4 contractType The contract type must be permanent or fixed-term',
        ],
      },
    );

    // A browser sends the file input empty when no file was chosen.
    itAsksForAFile(rosterPage, { filename: '', content: '' });

    it('says when the file is not CSV it can read', async () => {
      // Prepare

      // Act
      const result = await uploadRoster({
        filename: 'roster.csv',
        content: 'employeeNumber,name\n"E1001,Amira',
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(browser.inlineErrors(browser.bodyOf(result))[0]).toMatch(
        /^The CSV could not be read at line \d+: .*Save the file as CSV/,
      );
      expect(dashboard.transfers.importStaff).not.toHaveBeenCalled();
    });

    it('says people can only be added to a draft', async () => {
      // Prepare
      dashboard.transfers.importStaff.mockRejectedValue(
        new TransferNotDraftError('The transfer is launched'),
      );

      // Act
      const result = await uploadRoster({ filename: 'roster.csv', content: rosterCsv });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#roster', text: 'People can only be added while the transfer is a draft' },
      ]);
    });

    it('refuses an upload without the CSRF field, and a file sent to any other page', async () => {
      // Prepare
      const { cookies } = await uploadToken();
      const upload = browser.multipart({}, { name: 'roster', filename: 'roster.csv', content: rosterCsv });

      // Act
      const forged = await sendUpload(dashboard, `/transfers/${transferId}/staff`, cookies, upload);
      const elsewhere = await sendUpload(dashboard, '/transfers', cookies, upload);

      // Assess
      expect(forged.statusCode).toBe(403);
      expect(elsewhere.statusCode).toBe(415);
      expect(dashboard.transfers.importStaff).not.toHaveBeenCalled();
      expect(dashboard.transfers.create).not.toHaveBeenCalled();
    });
  });
});
