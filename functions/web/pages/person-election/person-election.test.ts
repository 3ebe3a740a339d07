import { beforeEach, describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson, sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ElectionClosedError } from '../../../domain/errors.ts';

const personUrl = `/transfers/${transferId}/staff/E1001`;
const electionUrl = `${personUrl}/election`;

describe('Page: record a pension choice sent to HR', () => {
  const dashboard = useDashboardPages();
  beforeEach(() => {
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'launched' }));
    dashboard.transfers.getCase.mockResolvedValue(samplePerson());
  });
  const choice = (overrides: Record<string, string> = {}) => ({
    option: 'NHSPS',
    'receivedOn-day': '2',
    'receivedOn-month': '7',
    'receivedOn-year': '2026',
    how: 'phone',
    note: '',
    ...overrides,
  });
  const postChoice = async (form: Record<string, string>) =>
    (await dashboard.visit(electionUrl)).post(electionUrl, form);

  it("offers the transfer's options and the ways a choice arrives", async () => {
    // Act
    const { page } = await dashboard.visit(electionUrl);

    // Assess
    const text = browser.textOf(browser.bodyOf(page));
    expect(
      browser.phrasesMissingFrom(text, [
        'Join the NHS Pension Scheme',
        'On paper (a form or letter)',
        'By phone',
      ]),
    ).toEqual([]);
  });

  it('records the choice with when and how it arrived, then back to the person', async () => {
    // Prepare
    dashboard.people.recordElection.mockResolvedValue(samplePerson({ status: 'elected' }));

    // Act
    const result = await postChoice(choice({ note: 'Rang the HR line' }));

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(personUrl);
    expect(dashboard.people.recordElection).toHaveBeenCalledWith(
      transferId,
      'E1001',
      { option: 'NHSPS', receivedOn: '2026-07-02', how: 'phone', note: 'Rang the HR line' },
      hr,
    );
  });

  it('says what is missing, each linked to its field, and records nothing', async () => {
    // Act
    const result = await postChoice(choice({ option: '', how: '', 'receivedOn-day': '' }));

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [
        { href: '#option', text: 'Select a pension scheme' },
        {
          href: '#receivedOn-day',
          text: 'The date the choice was received must include a day, month and year',
        },
        { href: '#how', text: 'Select how the choice was received' },
      ],
    });
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
