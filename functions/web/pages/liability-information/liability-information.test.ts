import { beforeEach, describe, expect, it, vi } from 'vitest';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { fakeHostedSignIn } from '../../../../test/fixtures/fake-hosted-sign-in.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../../../test/fixtures/http-events.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { createHandler as transferEvidence } from '../../../handlers/transfer-evidence.ts';
import {
  type LiabilityStatus,
  NoTransfereeContactError,
} from '../../../services/liability-information-service.ts';

const eliUrl = `/transfers/${transferId}/eli`;
const contact = { name: 'Priya Shah', email: 'priya.shah@trust.example.nhs.uk' };
const launched = sampleTransfer({ status: 'launched', total: 2, transfereeContact: contact });

const given: LiabilityStatus = {
  status: 'given',
  givenAt: '2026-08-20T09:15:00.000Z',
  givenTo: contact,
  people: 2,
  sha256: { 'information.pdf': 'a'.repeat(64), 'information.csv': 'b'.repeat(64) },
  linkExpiresAt: '2026-09-19T09:15:00.000Z',
  collectiveAgreements: 'NJC for Local Government Services (Green Book)',
  downloads: [{ at: '2026-08-21T10:00:00.000Z', file: 'information.csv' }],
  updates: [
    {
      at: '2026-08-25T14:30:00.000Z',
      reason: 'correction',
      employeeNumber: 'E1001',
      fields: ['dateOfBirth', 'claims'],
      sentAt: '2026-08-25T14:30:01.000Z',
    },
    { at: '2026-08-26T11:00:00.000Z', reason: 'collective-agreements' },
  ],
};

describe('Page: liability information', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  beforeEach(() => {
    dashboard.transfers.get.mockResolvedValue(launched);
  });

  it('before the giving: its status, to whom it will go, the Build and give button and the agreements form', async () => {
    // Act
    const result = await send({ method: 'GET', url: eliUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Employee liability information' });
    expect(dashboard.liability.status).toHaveBeenCalledWith(
      transferId,
      expect.objectContaining({ id: 'hr.user@council.example' }),
    );
    browser.expectToSay(result, [
      'at least 28 days before the transfer: by 3 September 2026',
      'Status Not given',
      'To be given to Priya Shah (priya.shah@trust.example.nhs.uk)',
      'Build and give',
      'Nothing to download until it is given.',
      'No update notices.',
      'Collective agreements that apply to everyone transferring',
    ]);
    expect(html).toContain(`<form method="post" action="${eliUrl}" novalidate>`);
    expect(html).toContain(`action="${eliUrl}/collective-agreements"`);
    expect(browser.hiddenField(html, '_csrf')).toBeTruthy();
  });

  it('says when there is nobody to give it to, and offers no button once the transfer is closed', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'completed' }));

    // Act
    const result = await send({ method: 'GET', url: eliUrl });

    // Assess
    browser.expectToSay(result, [
      'To be given to Nobody yet: the transfer has no transferee HR contact',
      'The transfer is completed: the information can no longer be given.',
    ]);
    expect(browser.bodyOf(result)).not.toContain('Build and give');
  });

  it('once given: when, to whom, the hashes, the downloads and the update notices in words, and no button', async () => {
    // Prepare
    dashboard.liability.status.mockResolvedValue(given);

    // Act
    const result = await send({ method: 'GET', url: eliUrl });

    // Assess
    const html = browser.bodyOf(result);
    browser.expectToSay(result, [
      'Status Given',
      'Given 20 August 2026 at 10:15am',
      'Given to Priya Shah (priya.shah@trust.example.nhs.uk)',
      'People covered 2',
      'Their link works until 19 September 2026 at 10:15am',
      `PDF SHA-256 ${'a'.repeat(64)}`,
      `CSV SHA-256 ${'b'.repeat(64)}`,
    ]);
    expect(browser.tableRowsOf(html, 'downloads')[1]).toBe(
      '21 August 2026 at 11:00am The information for their HR system (CSV)',
    );
    expect(browser.tableRowsOf(html, 'updates').slice(1)).toEqual([
      '26 August 2026 at 12:00pm Changed collective agreements Not sent yet',
      '25 August 2026 at 3:30pm A corrected record (employee E1001): date of birth, claims and potential claims 25 August 2026 at 3:30pm',
    ]);
    expect(html).toContain('NJC for Local Government Services (Green Book)</textarea>');
    expect(html).not.toContain('Build and give');
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('saves the collective agreements and says so', async () => {
    // Prepare
    const page = await visit(eliUrl);

    // Act
    const result = await page.post(`${eliUrl}/collective-agreements`, {
      collectiveAgreements: 'Green Book\r\nLocal pay agreement 2019',
    });

    // Assess
    expect(result).toMatchObject({ statusCode: 303, headers: { location: eliUrl } });
    expect(dashboard.liability.setCollectiveAgreements).toHaveBeenCalledWith(
      transferId,
      { text: 'Green Book\nLocal pay agreement 2019' },
      expect.objectContaining({ roles: ['hr'] }),
    );
    browser.expectToSay(await page.open(eliUrl), ['Collective agreements saved.']);
  });

  it('shows a refused text on the form, as typed, with the error summary', async () => {
    // Prepare
    dashboard.liability.setCollectiveAgreements.mockRejectedValue(
      new ValidationError('The collective agreements have errors', {
        errors: [{ path: 'text', message: 'The collective agreements must be 10,000 characters or fewer' }],
      }),
    );
    const page = await visit(eliUrl);

    // Act
    const result = await page.post(`${eliUrl}/collective-agreements`, { collectiveAgreements: 'Too long' });

    // Assess
    expect(browser.errorsOf(result)).toEqual({
      status: 422,
      summary: [
        {
          href: '#collectiveAgreements',
          text: 'The collective agreements must be 10,000 characters or fewer',
        },
      ],
      inline: ['The collective agreements must be 10,000 characters or fewer'],
    });
    expect(browser.bodyOf(result)).toContain('Too long</textarea>');
  });

  describe('Build and give (served by transfer-evidence, which renders the PDF)', () => {
    const renderPdf = vi.fn(async () => Buffer.from('%PDF-1.7'));
    const giveHandler = () =>
      transferEvidence(
        () => ({
          evidence: { gather: vi.fn(), verify: vi.fn(), recordPack: vi.fn() },
          retention: { exportPerson: vi.fn() },
          evidencePacks: { zipPackFor: vi.fn() },
        }),
        renderPdf,
        dashboard.authenticate,
        {
          getServices: dashboard.getServices,
          signIn: fakeHostedSignIn(),
          formKey: browser.testFormKey,
        },
      );
    /** The ELI page as a browser opened it, whose Build and give form posts to transfer-evidence. */
    const openAndGive = async (withCsrf = true) => {
      const page = await visit(eliUrl);
      const event = browser.pageEvent({
        method: 'POST',
        route: '/transfers/{id}/eli',
        path: { id: transferId },
        cookies: page.cookies,
        form: withCsrf ? { _csrf: page.csrf } : {},
      });
      return { page, result: await giveHandler()(event, lambdaContext('transfer-evidence')) };
    };

    it('gives it, then shows the page with a confirmation', async () => {
      // Prepare
      dashboard.liability.give.mockResolvedValue(given);

      // Act
      const { page, result } = await openAndGive();

      // Assess
      expect(result).toMatchObject({ statusCode: 303, headers: { location: eliUrl } });
      expect(dashboard.liability.give).toHaveBeenCalledWith(
        transferId,
        expect.objectContaining({ roles: ['hr'] }),
        expect.any(Function),
      );
      dashboard.liability.status.mockResolvedValue(given);
      const cookies = browser.cookiesFrom(result as never, page.cookies);
      browser.expectToSay(await send({ method: 'GET', url: eliUrl, cookies }), [
        "Given. The transferee's contact has been emailed a link to download it.",
      ]);
    });

    it('shows a refusal (no transferee contact) as the page error, linked to the button', async () => {
      // Prepare
      dashboard.liability.give.mockRejectedValue(
        new NoTransfereeContactError(
          "The transfer has no transferee contact to give the information to: add the transferee's HR contact first",
        ),
      );

      // Act
      const { result } = await openAndGive();

      // Assess
      const message =
        "The transfer has no transferee contact to give the information to: add the transferee's HR contact first";
      expect(browser.errorsOf(result as never)).toEqual({
        status: 409,
        summary: [{ href: '#give', text: message }],
        inline: [],
      });
      expect(browser.pageOf(result as never).title).toMatch(/^Error: Employee liability information/);
      expect(browser.bodyOf(result as never)).toContain('id="give"');
    });

    it('refuses a form without its CSRF token, and gives nothing', async () => {
      // Act
      const { result } = await openAndGive(false);

      // Assess
      expect(result.statusCode).toBe(403);
      expect(dashboard.liability.give).not.toHaveBeenCalled();
    });
  });
});
