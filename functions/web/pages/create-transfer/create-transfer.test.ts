import { describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

describe('Page: create-transfer', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;
  /** Opens the dashboard and posts `form` to create a transfer, as a person pressing "Create" would. */
  const create = async (form: Record<string, string>) => (await visit()).post('/transfers', form);

  describe('creating a transfer', () => {
    const validForm = {
      name: 'Adult social care to the partnership trust',
      transferor: 'Staffordshire County Council',
      transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
      legalBasis: 'TUPE',
      'transferDate-day': '1',
      'transferDate-month': '10',
      'transferDate-year': '2026',
      'electionClosesOn-day': '14',
      'electionClosesOn-month': '8',
      'electionClosesOn-year': '2026',
      option1Code: 'lgps',
      option1Label: 'Stay in the Local Government Pension Scheme',
      option2Code: 'NHSPS',
      option2Label: 'Join the NHS Pension Scheme',
      option3Code: '',
      option3Label: '',
      defaultOption: '1',
    };

    it('shows one form with the transfer, its dates and two pension options filled in', async () => {
      // Act
      const result = await send({ method: 'GET', url: '/transfers/new' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Create a transfer' });
      const html = browser.bodyOf(result);
      expect(browser.idsOf(html)).toEqual(expect.arrayContaining(Object.keys(validForm)));
      expect(html).toContain('value="LGPS"');
      expect(html).toContain('value="NHSPS"');
    });

    it('lists every missing answer in the error summary, each linked to its field, and creates nothing', async () => {
      // Act
      const result = await create({
        'transferDate-day': '31',
        'transferDate-month': '2',
        'transferDate-year': '2026',
      });

      // Assess
      const html = browser.bodyOf(result);
      const { status, summary: links, inline } = browser.errorsOf(result);
      expect(status).toBe(422);
      expect(browser.titleOf(html)).toBe('Error: Create a transfer – Transfer Desk');
      expect(links).toEqual([
        { href: '#name', text: 'Enter the transfer name' },
        { href: '#transferor', text: 'Enter the transferor, the employer staff are moving from' },
        { href: '#transferee', text: 'Enter the transferee, the employer staff are moving to' },
        { href: '#legalBasis', text: 'Select the legal basis for the transfer' },
        { href: '#transferDate-day', text: 'The transfer date must be a real date' },
        { href: '#electionClosesOn-day', text: 'Enter the date the pension election closes' },
        { href: '#option1Code', text: 'Enter at least one pension option' },
        { href: '#defaultOption', text: 'Select the option people get if they do not choose' },
      ]);
      expect(browser.idsOf(html)).toEqual(expect.arrayContaining(links.map((link) => link.href.slice(1))));
      expect(inline).toHaveLength(links.length);
      expect(dashboard.transfers.create).not.toHaveBeenCalled();
    });

    it('creates the transfer from the form and goes to its page with a banner', async () => {
      // Prepare
      const home = await visit();
      dashboard.transfers.create.mockResolvedValue(sampleTransfer());
      dashboard.transfers.get.mockResolvedValue(sampleTransfer());
      dashboard.transfers.listStaff.mockResolvedValue({ items: [] });

      // Act
      const created = await home.post('/transfers', validForm);
      const page = await home.open(`/transfers/${transferId}`);

      // Assess
      expect(dashboard.transfers.create).toHaveBeenCalledExactlyOnceWith(
        {
          name: validForm.name,
          transferor: validForm.transferor,
          transferee: validForm.transferee,
          legalBasis: 'TUPE',
          transferDate: '2026-10-01',
          pension: {
            options: [
              { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
              { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
            ],
            defaultOption: 'LGPS',
            electionClosesOn: '2026-08-14',
          },
        },
        hr,
      );
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe(`/transfers/${transferId}`);
      expect(browser.textOf(browser.bodyOf(page))).toContain(
        'Transfer created. Next, upload the staff roster.',
      );
      expect(browser.setCookieNamed(page, 'td_flash')).toContain('Max-Age=0');
    });

    it('passes the transferee contact and the retention period on, and puts their problems on their fields', async () => {
      // Prepare
      dashboard.transfers.create.mockResolvedValueOnce(sampleTransfer()).mockRejectedValueOnce(
        refusedFields('The transfer has errors', {
          'transfereeContact.email': 'Enter the transferee contact email address in the correct format',
          retentionYears: 'Keep personal data for at most 20 years after the transfer',
        }),
      );
      const extra = {
        transfereeContactName: 'Trust HR',
        transfereeContactEmail: 'trust.hr@example.org',
        retentionYears: '7',
      };

      // Act
      await create({ ...validForm, ...extra });
      const refused = await create({
        ...validForm,
        ...extra,
        transfereeContactEmail: 'nope',
        retentionYears: '30',
      });
      const badYears = await create({ ...validForm, retentionYears: 'six' });

      // Assess
      expect(dashboard.transfers.create.mock.calls[0]?.[0]).toMatchObject({
        transfereeContact: { name: 'Trust HR', email: 'trust.hr@example.org' },
        retentionYears: 7,
      });
      expect(browser.errorsOf(refused)).toMatchObject({
        status: 422,
        summary: [
          {
            href: '#transfereeContactEmail',
            text: 'Enter the transferee contact email address in the correct format',
          },
          { href: '#retentionYears', text: 'Keep personal data for at most 20 years after the transfer' },
        ],
      });
      expect(browser.errorsOf(badYears).summary).toEqual([
        { href: '#retentionYears', text: 'Enter the retention period as a whole number of years, like 6' },
      ]);
      expect(dashboard.transfers.create).toHaveBeenCalledTimes(2);
    });

    it("puts the service's errors on the fields they are about", async () => {
      // Prepare
      dashboard.transfers.create.mockRejectedValue(
        refusedFields('The transfer has errors', {
          'pension.electionClosesOn': 'The election must close before the transfer date',
          'pension.options[1].code': 'The option code LGPS is used twice',
        }),
      );

      // Act
      const result = await create({ ...validForm, option2Code: 'LGPS' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          { href: '#electionClosesOn-day', text: 'The election must close before the transfer date' },
          { href: '#option2Code', text: 'The option code LGPS is used twice' },
        ],
      });
      expect(browser.bodyOf(result)).toContain(`value="${validForm.name}"`);
    });

    it('refuses a form without the CSRF field (403) and one that is not URL-encoded (415)', async () => {
      // Prepare
      const { cookies, csrf } = await visit();

      // Act
      const forged = await send({ method: 'POST', url: '/transfers', cookies, form: validForm });
      const json = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        contentType: 'application/json',
        body: JSON.stringify({ ...validForm, _csrf: csrf }),
      });

      // Assess
      expect(forged.statusCode).toBe(403);
      expect(browser.headingOf(browser.bodyOf(forged))).toBe('This form has expired');
      expect(json.statusCode).toBe(415);
      expect(dashboard.transfers.create).not.toHaveBeenCalled();
    });
  });
});
