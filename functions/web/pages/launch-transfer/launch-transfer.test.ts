import { describe, expect, it } from 'vitest';
import { itAsksToConfirm } from '../../../../test/fixtures/confirmation-pages.ts';
import { transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { TransferNotDraftError } from '../../../domain/errors.ts';

describe('Page: launch-transfer', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;
  const launchUrl = `/transfers/${transferId}/launch`;
  const draft = sampleTransfer({ total: 907, counts: { ...sampleTransfer().counts, imported: 907 } });

  itAsksToConfirm(dashboard, {
    action: 'launch',
    does: 'launches',
    heading: 'Launch this transfer',
    transfer: draft,
    says: [
      'we will email the 907 people on the roster a personal link to choose a pension scheme',
      'the election closes on Friday 14 August 2026; anyone who has not chosen by then gets Stay in the Local Government Pension Scheme (LGPS)',
      'you cannot add people to the roster any more',
      'You cannot undo this',
    ],
    call: ({ transfers }) => transfers.launch,
  });

  it.each([
    ['an empty roster', sampleTransfer(), 'Add staff to the roster before launching.'],
    [
      'a launched transfer',
      sampleTransfer({ status: 'launched', total: 3 }),
      'The transfer has been launched already.',
    ],
    [
      'a cancelled transfer',
      sampleTransfer({ status: 'cancelled' }),
      'The transfer is cancelled: it cannot be launched.',
    ],
  ])('says why %s cannot be launched and offers no button', async (_, transfer, reason) => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(transfer);

    // Act
    const result = await send({ method: 'GET', url: launchUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(browser.textOf(html)).toContain(reason);
    expect(html).not.toContain(`action="${launchUrl}"`);
  });

  it('shows why a launch was refused in the error summary, linked to the launch button', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(draft);
    dashboard.transfers.launch.mockRejectedValue(
      refusedFields('The election closing date has passed', {
        'pension.electionClosesOn': 'Move the election closing date before launching',
      }),
    );

    // Act
    const result = await (await visit(launchUrl)).post(launchUrl, {});

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#launch', text: 'Move the election closing date before launching' }],
    });
    expect(browser.hasElementWithId(browser.bodyOf(result), 'launch')).toBe(true);
  });

  it('says so when the transfer was launched meanwhile', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'cancelled' }));
    dashboard.transfers.launch.mockRejectedValue(
      new TransferNotDraftError('The transfer is cancelled and cannot be launched'),
    );

    // Act
    const result = await (await visit()).post(launchUrl, {});

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 409,
      summary: [{ href: '#launch', text: 'The transfer is cancelled and cannot be launched' }],
    });
  });
});
