import { beforeEach, describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson, sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const personUrl = `/transfers/${transferId}/staff/E1001`;
const withdrawUrl = `${personUrl}/objection/withdraw`;
const objection = { receivedOn: '2026-07-10', recordedAt: '2026-07-10T09:00:00.000Z', recordedBy: hr.id };

describe('Page: withdraw an objection', () => {
  const dashboard = useDashboardPages();
  beforeEach(() => {
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'launched' }));
    dashboard.transfers.getCase.mockResolvedValue(samplePerson({ status: 'objected', objection }));
  });
  const withdrawal = (day: string) => ({
    'receivedOn-day': day,
    'receivedOn-month': '7',
    'receivedOn-year': '2026',
    note: '',
  });
  const postWithdrawal = async (form: Record<string, string>) =>
    (await dashboard.visit(withdrawUrl)).post(withdrawUrl, form);

  it('warns that the person will transfer after all', async () => {
    // Act
    const { page } = await dashboard.visit(withdrawUrl);

    // Assess
    const text = browser.textOf(browser.bodyOf(page));
    expect(text).toContain('Their objection was received on Friday 10 July 2026.');
    expect(text).toContain('will transfer to');
  });

  it('records the withdrawal and goes back to the person', async () => {
    // Prepare
    dashboard.people.withdrawObjection.mockResolvedValue(samplePerson());

    // Act
    const result = await postWithdrawal(withdrawal('14'));

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(personUrl);
    expect(dashboard.people.withdrawObjection).toHaveBeenCalledWith(
      transferId,
      'E1001',
      { receivedOn: '2026-07-14' },
      hr,
    );
  });

  it("shows the service's refusal on the date field", async () => {
    // Prepare
    const message = 'The withdrawal cannot be received before the objection was';
    dashboard.people.withdrawObjection.mockRejectedValue(
      refusedFields('The withdrawal has errors', { receivedOn: message }),
    );

    // Act
    const result = await postWithdrawal(withdrawal('9'));

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#receivedOn-day', text: message }],
    });
  });
});
