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

describe('Page: contract, what HR does on it', () => {
  const dashboard = useContractPages();
  const fourYearWarning = {
    code: 'FIXED_TERM_FOUR_YEAR_RULE' as const,
    message: 'Continuous fixed-term service reaches four years.',
    at: '2026-06-25T10:00:00.000Z',
  };
  const renewedTerm = sampleContract({
    id: '5c3e1a9b-7d2f-4e6a-8b0c-9f1d3e5a7b20',
    kind: 'employment',
    warnings: [fourYearWarning],
    needsJustification: true,
  });
  /** HR opens the contract page (the service answering `contract`) and posts `form` to `action` from it. */
  const postAsHr = async (contract: ContractView, action: string, form: Record<string, string>) => {
    dashboard.authenticate.mockResolvedValue(hr);
    dashboard.contracts.get.mockResolvedValue(contract);
    const page = await dashboard.visit(`/contracts/${contract.id}`);
    return { page, result: await page.post(`/contracts/${contract.id}${action}`, form) };
  };

  it('shows HR a decision form with the overdue tag once the decide-by date has passed', async () => {
    // Prepare
    dashboard.authenticate.mockResolvedValue(hr);
    dashboard.contracts.get.mockResolvedValue(sampleContract({ overdue: true }));

    // Act
    const html = browser.bodyOf(await dashboard.send({ method: 'GET', url: `/contracts/${agreement.id}` }));

    // Assess
    expect(browser.idsOf(html)).toEqual(expect.arrayContaining(['decision', 'newEndDate-day', 'note']));
    expect(browser.textOf(html)).toContain('Decide by Tuesday 21 July 2026 Overdue');
    expect(browser.textOf(html)).toContain('The date to decide by has passed.');
  });

  it('records HR’s renewal and goes to the new term, where the four-year warning is', async () => {
    // Prepare
    dashboard.contracts.decide.mockResolvedValue({
      contract: agreement,
      warnings: [fourYearWarning],
      renewedAs: renewedTerm.id,
    });

    // Act
    const { page, result } = await postAsHr(agreement, '/decision', {
      decision: 'renew',
      'newEndDate-day': '19',
      'newEndDate-month': '9',
      'newEndDate-year': '2028',
      note: 'Funding agreed',
    });
    dashboard.contracts.get.mockResolvedValue(renewedTerm);
    const next = await page.open(result.headers.location ?? '');

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe(`/contracts/${renewedTerm.id}`);
    expect(dashboard.contracts.decide).toHaveBeenCalledWith(
      agreement.id,
      { decision: 'renew', newEndDate: '2028-09-19', note: 'Funding agreed' },
      hr,
    );
    const text = browser.textOf(browser.bodyOf(next));
    expect(text).toContain('Decision recorded. The manager and HR have been emailed.');
    expect(text).toContain('Continuous fixed-term service reaches four years.');
    expect(browser.idsOf(browser.bodyOf(next))).toContain('justification');
  });

  it('asks for a new end date after the current end, and records nothing', async () => {
    // Act
    const { result } = await postAsHr(agreement, '/decision', {
      decision: 'renew',
      'newEndDate-day': '1',
      'newEndDate-month': '1',
      'newEndDate-year': '2026',
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
      { href: '#newEndDate-day', text: 'The new end date must be after Saturday 19 September 2026' },
    ]);
    expect(dashboard.contracts.decide).not.toHaveBeenCalled();
  });

  it('records the justification, and asks for it when it is left empty', async () => {
    // Prepare
    dashboard.contracts.recordJustification.mockResolvedValue(renewedTerm);

    // Act
    const empty = await postAsHr(renewedTerm, '/justification', { justification: '  ' });
    const given = await postAsHr(renewedTerm, '/justification', {
      justification: 'Grant funded\r\nuntil 2028',
    });

    // Assess
    expect(empty.result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(browser.bodyOf(empty.result))).toEqual([
      { href: '#justification', text: 'Enter the objective justification for the fixed term' },
    ]);
    expect(given.result.statusCode).toBe(303);
    expect(dashboard.contracts.recordJustification).toHaveBeenCalledTimes(1);
    expect(dashboard.contracts.recordJustification).toHaveBeenCalledWith(
      renewedTerm.id,
      { text: 'Grant funded\nuntil 2028' },
      hr,
    );
  });

  it('gives a manager neither form: deciding and justifying here are for HR', async () => {
    // Prepare
    dashboard.contracts.get.mockResolvedValue(renewedTerm);

    // Act
    const html = browser.bodyOf(await dashboard.send({ method: 'GET', url: `/contracts/${renewedTerm.id}` }));
    const page = await dashboard.visit(`/contracts/${renewedTerm.id}`);
    const posted = await page.post(`/contracts/${renewedTerm.id}/justification`, { justification: 'Why' });

    // Assess
    expect(browser.idsOf(html)).not.toContain('justification');
    expect(browser.idsOf(html)).not.toContain('note');
    expect(posted.statusCode).toBe(403);
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
