import { describe, expect, it } from 'vitest';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import {
  expectFieldErrors,
  expectRecordedForPerson,
  usePersonPage,
} from '../../../../test/fixtures/person-pages.ts';
import { ElectionClosedError } from '../../../domain/errors.ts';

describe('Page: record a pension choice sent to HR', () => {
  const { dashboard, url: electionUrl, post: postChoice } = usePersonPage('/election');
  const choice = (overrides: Record<string, string> = {}) => ({
    option: 'NHSPS',
    'receivedOn-day': '2',
    'receivedOn-month': '7',
    'receivedOn-year': '2026',
    how: 'phone',
    note: '',
    ...overrides,
  });

  it("offers the transfer's options and the ways a choice arrives", async () => {
    // Act
    const { page } = await dashboard.visit(electionUrl);

    // Assess
    browser.expectToSay(page, ['Join the NHS Pension Scheme', 'On paper (a form or letter)', 'By phone']);
  });

  it('records the choice with when and how it arrived, then back to the person', async () => {
    // Prepare
    dashboard.people.recordElection.mockResolvedValue(samplePerson({ status: 'elected' }));

    // Act
    const result = await postChoice(choice({ note: 'Rang the HR line' }));

    // Assess
    expectRecordedForPerson(result, dashboard.people.recordElection, {
      option: 'NHSPS',
      receivedOn: '2026-07-02',
      how: 'phone',
      note: 'Rang the HR line',
    });
  });

  it('says what is missing, each linked to its field, and records nothing', async () => {
    // Act
    const result = await postChoice(choice({ option: '', how: '', 'receivedOn-day': '' }));

    // Assess
    expectFieldErrors(result, [
      { href: '#option', text: 'Select a pension scheme' },
      {
        href: '#receivedOn-day',
        text: 'The date the choice was received must include a day, month and year',
      },
      { href: '#how', text: 'Select how the choice was received' },
    ]);
    expect(dashboard.people.recordElection).not.toHaveBeenCalled();
  });

  it('shows that the election has closed as a 409 with the reason', async () => {
    // Prepare
    dashboard.people.recordElection.mockRejectedValue(
      new ElectionClosedError('The pension election has closed'),
    );

    // Act
    const result = await postChoice(choice());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(browser.textOf(browser.bodyOf(result))).toContain('The pension election has closed');
  });
});
