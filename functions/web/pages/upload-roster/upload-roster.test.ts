import { describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { multipart } from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { TransferNotDraftError } from '../../../domain/errors.ts';

const rosterCsv = [
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart',
  'E1001,Amira Okafor,amira.okafor@council.example,Social worker,Adults North,,LGPS,permanent,,2011-09-05',
  'E1002,Tom Hughes,tom.hughes@council.example,Care assistant,,,LGPS,fixed-term,2027-03-31,2024-04-01',
].join('\n');

describe('Page: upload-roster', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  describe('uploading the roster', () => {
    const draft = sampleTransfer({ total: 0 });

    const uploadToken = async () => {
      dashboard.transfers.get.mockResolvedValue(draft);
      return visit(`/transfers/${transferId}/staff`);
    };

    /** Posts a file as the roster from the upload page, with the CSRF token the browser holds. */
    const uploadRoster = async (file: { filename: string; content: string }) => {
      const { cookies, csrf } = await uploadToken();
      const upload = multipart({ _csrf: csrf }, { name: 'roster', ...file });
      return send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });
    };

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

    it("lists the service's problems by row, with every summary link on the file input", async () => {
      // Prepare
      dashboard.transfers.importStaff.mockRejectedValue(
        refusedFields('2 rows have errors', {
          'staff[1].email': 'Enter the email address in the correct format, like name@example.org',
          'staff[1].jobTitle': 'Enter the job title',
          'staff[3].contractType': 'The contract type must be permanent or fixed-term',
        }),
      );

      // Act
      const result = await uploadRoster({ filename: 'roster.csv', content: rosterCsv });

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(html)).toEqual([
        {
          href: '#roster',
          text: 'Row 2: Enter the email address in the correct format, like name@example.org; Enter the job title',
        },
        { href: '#roster', text: 'Row 4: The contract type must be permanent or fixed-term' },
      ]);
      expect(browser.inlineErrors(html)).toEqual(['Fix the problems in 2 rows of the file']);
      expect(browser.textOf(html)).toContain('2 rows have problems. No one from the file has been added.');
      expect(browser.textOf(html)).toContain('Row 2 email Enter the email address in the correct format');
      expect(browser.textOf(html)).toContain(
        'Row 4 contractType The contract type must be permanent or fixed-term',
      );
      expect(browser.setCookieNamed(result, 'td_flash')).toBeUndefined();
    });

    it('asks for a file when none was chosen', async () => {
      // Prepare

      // Act
      const result = await uploadRoster({ filename: '', content: '' });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#roster', text: 'Select a CSV file' },
      ]);
      expect(dashboard.transfers.importStaff).not.toHaveBeenCalled();
    });

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
      const upload = multipart({}, { name: 'roster', filename: 'roster.csv', content: rosterCsv });

      // Act
      const forged = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });
      const elsewhere = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(forged.statusCode).toBe(403);
      expect(elsewhere.statusCode).toBe(415);
      expect(dashboard.transfers.importStaff).not.toHaveBeenCalled();
      expect(dashboard.transfers.create).not.toHaveBeenCalled();
    });
  });
});
