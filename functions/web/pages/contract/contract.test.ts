import { describe, expect, it } from 'vitest';
import {
  hr,
  manager,
  otherManagersContract,
  renewalFormUrl,
  useContractPages,
} from '../../../../test/fixtures/dashboard-pages.ts';
import { managerEmail, sampleContract } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ForbiddenError } from '../../../domain/errors.ts';
import type { ContractView } from '../../../services/contracts.ts';
import { reminderDaysInWords } from './controller.ts';

const agreement = sampleContract();

describe('Page: contract', () => {
  const dashboard = useContractPages();
  const { send } = dashboard;
  /** The words of the contract page as HR reads them, with the service answering `contract`. */
  const readAsHr = async (contract: ContractView) => {
    dashboard.authenticate.mockResolvedValue(hr);
    dashboard.contracts.get.mockResolvedValue(contract);
    return browser.textOf(browser.bodyOf(await send({ method: 'GET', url: `/contracts/${contract.id}` })));
  };

  describe('the contract page', () => {
    it('shows its own manager the contract, its terms, reminders, decisions and warnings, with a Decide button', async () => {
      // Prepare
      const renewed = sampleContract({
        decisions: [
          {
            decision: 'renew',
            newEndDate: '2029-09-19',
            by: 'manager',
            at: '2026-06-25T10:00:00.000Z',
            via: 'form',
            status: 'applied',
          },
        ],
        warnings: [
          {
            code: 'FIXED_TERM_FOUR_YEAR_RULE',
            message: 'This renewal takes continuous fixed-term service past four years.',
            at: '2026-06-25T10:00:00.000Z',
          },
        ],
        terms: [
          { id: 'older-term', startDate: '2020-10-01', endDate: '2023-09-30', status: 'renewed' },
          { id: agreement.id, startDate: '2023-10-01', endDate: '2026-09-19', status: 'active' },
        ],
      });
      dashboard.contracts.get.mockResolvedValue(renewed);

      // Act
      const result = await send({ method: 'GET', url: `/contracts/${agreement.id}` });

      // Assess
      const html = browser.bodyOf(result);
      const text = browser.textOf(html);
      expect(result.statusCode).toBe(200);
      expect(dashboard.contracts.get).toHaveBeenCalledWith(agreement.id, manager);
      expect(browser.headingOf(html)).toBe(agreement.title);
      expect(text).toContain('Decide by Tuesday 21 July 2026');
      expect(text).toContain('Reminders 90, 60, 30, 14 and 7 days before the end');
      expect(text).toContain('This renewal takes continuous fixed-term service past four years.');
      expect(text).toContain(
        '1 Oct 2020 to 30 Sep 2023 Renewed 1 Oct 2023 to 19 Sep 2026 (this term) Active',
      );
      expect(html).toContain('href="/contracts/older-term"');
      expect(text).toContain(
        'Reminder to the manager, 90 days before the end Friday 19 June 2026 Done 19 June 2026 at 8:00am',
      );
      expect(text).toContain('No decision by the deadline: HR told Tuesday 21 July 2026 Pending Not sent');
      expect(text).toContain('Renew until Wednesday 19 September 2029 The manager on the emailed form');
      expect(html).toMatch(new RegExp(`<a href="${renewalFormUrl}"[^>]*class="govuk-button"`));
      expect(text).not.toContain('Emails sent');
    });

    it('shows HR the contract and its emails without sending them to the renewal form', async () => {
      // Act
      const text = await readAsHr(
        sampleContract({
          notifications: [
            {
              purpose: 'renewal-reminder#90',
              to: managerEmail,
              subject: 'Decide by 21 July: Section 75 partnership agreement',
              status: 'sent',
              sentAt: '2026-06-19T07:00:00.000Z',
            },
          ],
        }),
      );

      // Assess
      expect(text).toContain(`Waiting for a decision from ${managerEmail} by Tuesday 21 July 2026.`);
      expect(text).toContain('Decide by 21 July: Section 75 partnership agreement');
      expect(dashboard.contracts.renewalLink).not.toHaveBeenCalled();
    });

    it('says under a failed reminder why it failed and whether it is tried again by itself', async () => {
      // Act
      const text = await readAsHr(
        sampleContract({
          reminders: [
            {
              key: 'renewal-reminder#90',
              kind: 'renewal-reminder',
              offsetDays: 90,
              dueOn: '2026-06-19',
              status: 'failed',
              failure: { attempts: 1, reason: 'RunStoppedUnrecorded', retryAt: '2026-06-19T07:15:00.000Z' },
            },
            {
              key: 'renewal-escalation',
              kind: 'renewal-escalation',
              dueOn: '2026-07-21',
              status: 'failed',
              failure: { attempts: 4, reason: 'MessageRejected', hrToldAt: '2026-07-21T12:00:00.000Z' },
            },
          ],
        }),
      );

      // Assess
      expect(text).toContain(
        'Failed Tried once (RunStoppedUnrecorded). It will be tried again by itself at 19 June 2026 at 8:15am.',
      );
      expect(text).toContain(
        'Failed Tried 4 times (MessageRejected). It will not be tried again by itself; the owner was emailed.',
      );
    });

    it("gives another manager's contract a 403 page", async () => {
      // Prepare
      dashboard.contracts.get.mockRejectedValue(new ForbiddenError('This contract is not yours'));

      // Act
      const result = await send({ method: 'GET', url: `/contracts/${otherManagersContract.id}` });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(browser.headingOf(browser.bodyOf(result))).toBe('You do not have access to this page');
      expect(browser.bodyOf(result)).not.toContain("Another manager's agreement");
    });
  });
  describe('who may see them', () => {
    it.each(['/', '/transfers/new', '/consultations', '/consultations/new'])(
      'keeps a manager out of %s',
      async (url) => {
        // Act
        const result = await send({ method: 'GET', url });

        // Assess
        expect([303, 403]).toContain(result.statusCode);
        if (result.statusCode === 303) expect(result.headers.location).toBe('/contracts');
        expect(dashboard.getServices).not.toHaveBeenCalled();
      },
    );

    it('answers 404 to a contracts page the dashboard does not have', async () => {
      // Act
      const result = await send({ method: 'GET', url: `/contracts/${agreement.id}/elsewhere` });

      // Assess
      expect(result.statusCode).toBe(404);
      expect(dashboard.getServices).not.toHaveBeenCalled();
    });
  });
});

describe('Function: reminderDaysInWords', () => {
  it('lists the reminder days in words', () => {
    // Act, Assess
    expect(reminderDaysInWords([90, 60, 30])).toBe('90, 60 and 30 days before the end');
    expect(reminderDaysInWords([7])).toBe('7 days before the end');
    expect(reminderDaysInWords([])).toBe('None');
  });
});
