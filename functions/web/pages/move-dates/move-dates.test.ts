import { describe, expect, it } from 'vitest';
import { hr, manager, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { ConflictError } from '../../../domain/errors.ts';
import type { DateChangePreview } from '../../../services/contracts.ts';

const datesUrl = `/transfers/${transferId}/dates`;
const checkUrl = `${datesUrl}/check?transferDate=2026-11-02`;
const confirmUrl = `${datesUrl}/confirm`;
const launched = sampleTransfer({ status: 'launched', total: 907 });

/** The form with the transfer date typed as 2 11 2026 and the closing date left as it was. */
const newTransferDate = {
  'transferDate-day': '2',
  'transferDate-month': '11',
  'transferDate-year': '2026',
  'electionClosesOn-day': '14',
  'electionClosesOn-month': '8',
  'electionClosesOn-year': '2026',
};

const preview: DateChangePreview = {
  transfer: launched,
  moves: [{ field: 'transferDate', from: '2026-10-01', to: '2026-11-02' }],
  milestones: [
    {
      kind: 'transfer-day',
      dueOn: '2026-11-02',
      dueAt: '2026-11-02T00:00:00.000Z',
      previousDueOn: '2026-10-01',
      previousDueAt: '2026-09-30T23:00:00.000Z',
    },
  ],
  emailed: 905,
};

describe('Page: move-dates', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  it('shows the dates as they are in GOV.UK date inputs', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(launched);

    // Act
    const result = await send({ method: 'GET', url: datesUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Move the dates' });
    for (const [id, value] of Object.entries({ 'transferDate-day': '1', 'electionClosesOn-month': '8' }))
      expect(html).toMatch(new RegExp(`id="${id}" name="${id}" type="text" value="${value}"`));
  });

  it('shows the error summary for dates that are not real, linked to their boxes, and checks nothing more', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(launched);
    const form = await visit(datesUrl);

    // Act
    const result = await form.post(datesUrl, {
      ...newTransferDate,
      'transferDate-day': '31',
      'transferDate-month': '2',
      'electionClosesOn-day': '',
      'electionClosesOn-month': '',
      'electionClosesOn-year': '',
    });

    // Assess
    expect(browser.errorsOf(result)).toEqual({
      status: 422,
      summary: [
        { href: '#transferDate-day', text: 'The transfer date must be a real date' },
        { href: '#electionClosesOn-day', text: 'Enter the election closing date' },
      ],
      inline: ['The transfer date must be a real date', 'Enter the election closing date'],
    });
    expect(dashboard.changes.previewDates).not.toHaveBeenCalled();
    expect(dashboard.changes.moveDates).not.toHaveBeenCalled();
  });

  it("shows the service's refusal with the JSON API's message on the field, storing nothing", async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(launched);
    dashboard.changes.previewDates.mockRejectedValue(
      refusedFields('The new dates have errors', { transferDate: 'The transfer date must be in the future' }),
    );
    const form = await visit(datesUrl);

    // Act
    const result = await form.post(datesUrl, { ...newTransferDate, 'transferDate-year': '2025' });

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#transferDate-day', text: 'The transfer date must be in the future' }],
    });
    expect(dashboard.changes.previewDates).toHaveBeenCalledWith(
      transferId,
      { transferDate: '2025-11-02' },
      hr,
    );
    expect(dashboard.changes.moveDates).not.toHaveBeenCalled();
  });

  it('sends only the date that changed to the check page', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(launched);
    dashboard.changes.previewDates.mockResolvedValue(preview);
    const form = await visit(datesUrl);

    // Act
    const result = await form.post(datesUrl, newTransferDate);

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe(checkUrl);
    expect(dashboard.changes.moveDates).not.toHaveBeenCalled();
  });

  it('states on the check page which milestones move and how many people are emailed', async () => {
    // Prepare
    dashboard.changes.previewDates.mockResolvedValue(preview);

    // Act
    const result = await send({ method: 'GET', url: checkUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(browser.pageOf(result)).toMatchObject({
      status: 200,
      heading: 'Check the new dates before moving them',
    });
    expect(
      browser.phrasesMissingFrom(browser.textOf(html), [
        'Transfer date Monday 2 November 2026 (was Thursday 1 October 2026)',
        'Transfer day Thursday 1 October 2026 Monday 2 November 2026',
        'We will email the 905 people still in scope of the transfer with the new dates',
      ]),
    ).toEqual([]);
    expect(browser.hiddenField(html, 'transferDate')).toBe('2026-11-02');
    expect(browser.hiddenField(html, 'electionClosesOn')).toBeUndefined();
    expect(dashboard.changes.moveDates).not.toHaveBeenCalled();
  });

  it('says a draft emails nobody', async () => {
    // Prepare
    dashboard.changes.previewDates.mockResolvedValue({
      ...preview,
      transfer: sampleTransfer(),
      milestones: [],
      emailed: 0,
    });

    // Act
    const result = await send({ method: 'GET', url: checkUrl });

    // Assess
    expect(browser.textOf(browser.bodyOf(result))).toContain(
      'Nobody is emailed: the transfer has not been launched',
    );
  });

  it('moves the dates once confirmed, through the same service as PATCH, and goes back with a message', async () => {
    // Prepare
    dashboard.changes.previewDates.mockResolvedValue(preview);
    dashboard.changes.moveDates.mockResolvedValue({ ...launched, transferDate: '2026-11-02' });
    const check = await visit(checkUrl);

    // Act
    const result = await check.post(confirmUrl, { transferDate: '2026-11-02' });

    // Assess
    expect(dashboard.changes.moveDates).toHaveBeenCalledExactlyOnceWith(
      transferId,
      { transferDate: '2026-11-02' },
      hr,
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe(`/transfers/${transferId}`);
    expect(browser.setCookieNamed(result, 'td_flash')).toBeDefined();
  });

  it('shows the form again with the reason when the dates can no longer move at confirmation', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(launched);
    dashboard.changes.previewDates.mockResolvedValue(preview);
    dashboard.changes.moveDates.mockRejectedValue(
      new ConflictError('Transfer day has already begun; the transfer date can no longer move', {
        errors: [{ path: 'transferDate', message: 'Transfer day has already begun' }],
      }),
    );
    const check = await visit(checkUrl);

    // Act
    const result = await check.post(confirmUrl, { transferDate: '2026-11-02' });

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 409,
      summary: [{ href: '#transferDate-day', text: 'Transfer day has already begun' }],
    });
    expect(browser.bodyOf(result)).toMatch(
      /id="transferDate-month" name="transferDate-month" type="text" value="11"/,
    );
  });

  it('does not move the dates without the CSRF field', async () => {
    // Prepare
    const { cookies } = await visit();

    // Act
    const result = await send({
      method: 'POST',
      url: confirmUrl,
      cookies,
      form: { transferDate: '2026-11-02' },
    });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dashboard.changes.moveDates).not.toHaveBeenCalled();
  });

  it('is for HR only', async () => {
    // Prepare
    dashboard.authenticate.mockImplementation(async () => manager);

    // Act
    const pages = await Promise.all([
      send({ method: 'GET', url: datesUrl }),
      send({ method: 'GET', url: checkUrl }),
    ]);

    // Assess
    expect(pages.map((page) => page.statusCode)).toEqual([403, 403]);
    expect(dashboard.changes.previewDates).not.toHaveBeenCalled();
  });
});
