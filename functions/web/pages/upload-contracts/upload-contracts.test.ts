import { describe, expect, it } from 'vitest';
import { hr, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleContract } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { multipart } from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const contractsCsv = [
  'kind,title,parties,managerEmail,startDate,endDate,employeeNumber,employeeName',
  'employment,Social worker,Council,manager1@council.example,2026-04-01,2027-03-31,E1,Priya Shah',
  'agreement,Section 75 agreement,Council;Trust,manager1@council.example,2024-04-01,2027-03-31,,',
].join('\n');

describe('Page: upload-contracts', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  /** Posts a file from the upload page, with the CSRF token the browser holds. */
  const upload = async (file?: { filename: string; content: string }) => {
    const { cookies, csrf } = await visit('/contracts/upload');
    const body = multipart({ _csrf: csrf }, file ? { name: 'contracts', ...file } : undefined);
    return send({
      method: 'POST',
      url: '/contracts/upload',
      cookies,
      body: body.body,
      contentType: body.contentType,
    });
  };

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

  it('lists the problems of each row, adds nothing, and links the summary to the file input', async () => {
    // Prepare
    dashboard.contracts.createFromCsv.mockRejectedValue(
      refusedFields('1 of the 2 contracts has errors', {
        'contracts.1.endDate': 'The end date must be in the future',
        'contracts.1.parties': 'Name at least one party',
      }),
    );

    // Act
    const result = await upload({ filename: 'contracts.csv', content: contractsCsv });

    // Assess
    const html = browser.bodyOf(result);
    expect(result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(html)).toEqual([
      { href: '#contracts', text: 'Row 2: The end date must be in the future; Name at least one party' },
    ]);
    expect(browser.inlineErrors(html)).toEqual(['Fix the problems in 1 row of the file']);
    expect(browser.textOf(html)).toContain('No contract from the file has been added.');
    expect(browser.textOf(html)).toContain('Row 2 endDate The end date must be in the future');
  });

  it('asks for a file when none was chosen', async () => {
    // Act
    const result = await upload();

    // Assess
    expect(result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
      { href: '#contracts', text: 'Select a CSV file' },
    ]);
    expect(dashboard.contracts.createFromCsv).not.toHaveBeenCalled();
  });
});
