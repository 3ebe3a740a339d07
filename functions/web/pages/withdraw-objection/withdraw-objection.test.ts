import { describe, expect, it } from 'vitest';
import { hr } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import {
  expectFieldErrors,
  expectRecordedForPerson,
  usePersonPage,
} from '../../../../test/fixtures/person-pages.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const objection = { receivedOn: '2026-07-10', recordedAt: '2026-07-10T09:00:00.000Z', recordedBy: hr.id };

describe('Page: withdraw an objection', () => {
  const {
    dashboard,
    url: withdrawUrl,
    post: postWithdrawal,
  } = usePersonPage('/objection/withdraw', { status: 'objected', objection });
  const withdrawal = (day: string) => ({
    'receivedOn-day': day,
    'receivedOn-month': '7',
    'receivedOn-year': '2026',
    note: '',
  });

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
    expectRecordedForPerson(result, dashboard.people.withdrawObjection, { receivedOn: '2026-07-14' });
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
    expectFieldErrors(result, [{ href: '#receivedOn-day', text: message }]);
  });
});
