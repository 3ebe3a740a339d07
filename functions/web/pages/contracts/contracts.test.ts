import { describe, expect, it } from 'vitest';
import {
  hr,
  manager,
  otherManagersContract as otherManagers,
  renewalFormUrl,
  useContractPages,
} from '../../../../test/fixtures/dashboard-pages.ts';
import {
  contractListItemOf,
  managerEmail,
  sampleContract,
} from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { readWindow } from './controller.ts';

const agreement = sampleContract();
const socialWorker = sampleContract({
  id: '3a1d9c7e-5b2f-4e8a-b6d4-1c0f9e7a2b53',
  kind: 'employment',
  title: 'Fixed-term social worker, Adults North',
  parties: ['Staffordshire County Council', 'Priya Shah'],
  employeeNumber: 'SCC900001',
  endDate: '2026-07-23',
  noticeDeadline: '2026-06-23',
  awaitingDecision: false,
  status: 'renewed',
});
/** The rows of the page's main table, as a person reads them. */
const tableRows = (html: string) => browser.tableRowsOf(html, 'contracts');

describe('Page: contracts', () => {
  const dashboard = useContractPages();
  const { send } = dashboard;

  describe("a manager's contracts", () => {
    it('lists their contracts ending in the next 90 days, and the decisions waiting with a link to decide', async () => {
      // Prepare
      dashboard.contracts.list.mockResolvedValue([agreement, socialWorker].map(contractListItemOf));

      // Act
      const result = await send({ method: 'GET', url: '/contracts' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Your contracts' });
      const html = browser.bodyOf(result);
      expect(dashboard.contracts.list).toHaveBeenCalledWith({ dueWithinDays: 90, filter: 'open' }, manager);
      expect(html).toMatch(/<option value="90" selected>The next 90 days<\/option>/);
      expect(tableRows(html)).toEqual([
        'Contract Kind Employee or parties Ends Decide by Status',
        'Fixed-term social worker, Adults North Fixed-term employment contract Employee SCC900001 23 Jul 2026 23 Jun 2026 Renewed',
        'Section 75 partnership agreement: adult social care Agreement between organisations Staffordshire County Council and Midlands Partnership NHS Foundation Trust 19 Sep 2026 21 Jul 2026 Decision needed',
      ]);
      const decisions = browser.textOf(
        html.slice(html.indexOf('id="decisions"'), html.indexOf('id="contracts"')),
      );
      expect(decisions).toContain('Section 75 partnership agreement: adult social care');
      expect(decisions).toContain('Decide by Tuesday 21 July 2026');
      expect(decisions).not.toContain('social worker');
      expect(html).toContain(
        `href="${renewalFormUrl}">Decide<span class="govuk-visually-hidden"> (Section 75`,
      );
      expect(dashboard.contracts.renewalLink).toHaveBeenCalledTimes(1);
      expect(dashboard.contracts.renewalLink).toHaveBeenCalledWith(agreement.id, manager);
    });

    it("never shows another manager's contract, even if the service were to answer one", async () => {
      // Prepare
      dashboard.contracts.list.mockResolvedValue([otherManagers, socialWorker].map(contractListItemOf));

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: '/contracts' }));

      // Assess
      expect(html).not.toContain("Another manager's agreement");
      expect(html).not.toContain('manager2@council.example');
      expect(dashboard.contracts.renewalLink).not.toHaveBeenCalled();
      expect(browser.textOf(html)).toContain(
        'No contract ending in the next 90 days is waiting for a decision.',
      );
    });

    it('looks as far ahead as the window chosen', async () => {
      // Prepare
      dashboard.contracts.list.mockResolvedValue([]);

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: '/contracts?within=365' }));

      // Assess
      expect(dashboard.contracts.list).toHaveBeenCalledWith({ dueWithinDays: 365, filter: 'open' }, manager);
      expect(html).toMatch(/<option value="365" selected>The next year<\/option>/);
      expect(browser.textOf(html)).toContain('No contract ends in the next year.');
    });

    it('says so when the window is not one of the choices, and shows the next 90 days', async () => {
      // Prepare
      dashboard.contracts.list.mockResolvedValue([]);

      // Act
      const result = await send({ method: 'GET', url: '/contracts?within=100000' });

      // Assess
      expect(result.statusCode).toBe(400);
      expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
        { href: '#within', text: 'Select how far ahead to look from the list' },
      ]);
      expect(dashboard.contracts.list).toHaveBeenCalledWith({ dueWithinDays: 90, filter: 'open' }, manager);
    });

    it('shows a manager only their own page in the navigation', async () => {
      // Prepare
      dashboard.contracts.list.mockResolvedValue([]);

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: '/contracts' }));

      // Assess
      expect(browser.navigationOf(html)).toBe('Your contracts Sign out');
      expect(html).toContain('<a href="/contracts" class="govuk-generic-header__homepage-link">');
    });
  });
  describe("HR's view of the contracts", () => {
    it("lists every manager's contracts with the manager, and links decisions to the contract page", async () => {
      // Prepare
      dashboard.authenticate.mockResolvedValue(hr);
      dashboard.contracts.list.mockResolvedValue([agreement, otherManagers].map(contractListItemOf));

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: '/contracts?within=180' }));

      // Assess
      expect(browser.headingOf(html)).toBe('Contracts');
      expect(dashboard.contracts.list).toHaveBeenCalledWith({ dueWithinDays: 180, filter: 'open' }, hr);
      const rows = tableRows(html);
      expect(rows[0]).toBe('Contract Kind Employee or parties Manager Ends Decide by Status');
      expect(rows.slice(1).map((row) => row.includes(managerEmail) || row.includes('manager2@'))).toEqual([
        true,
        true,
      ]);
      expect(html).toContain(`href="/contracts/${otherManagers.id}">View<span`);
      expect(dashboard.contracts.renewalLink).not.toHaveBeenCalled();
    });
  });
});

describe('Page: contracts, names, overdue and decided', () => {
  const dashboard = useContractPages();

  it('names the employee, tags a contract past its decide-by date Overdue, and offers HR to add contracts', async () => {
    // Prepare
    dashboard.authenticate.mockResolvedValue(hr);
    const late = sampleContract({
      kind: 'employment',
      title: 'Fixed-term occupational therapist',
      employeeName: 'Tom Hughes',
      employeeNumber: 'SCC900002',
      overdue: true,
    });
    dashboard.contracts.list.mockResolvedValue([contractListItemOf(late)]);

    // Act
    const html = browser.bodyOf(await dashboard.send({ method: 'GET', url: '/contracts' }));

    // Assess
    expect(tableRows(html)[1]).toContain('Tom Hughes (SCC900002)');
    expect(tableRows(html)[1]).toMatch(/Overdue$/);
    expect(browser.textOf(html)).toContain('Decide by Tuesday 21 July 2026 Overdue');
    expect(html).toContain('href="/contracts/new"');
    expect(html).toContain('href="/contracts/upload"');
  });

  it('lists decided contracts under their own filter, without the decisions waiting', async () => {
    // Prepare
    dashboard.contracts.list.mockResolvedValue([contractListItemOf(socialWorker)]);

    // Act
    const html = browser.bodyOf(
      await dashboard.send({ method: 'GET', url: '/contracts?show=decided&within=30' }),
    );

    // Assess
    expect(dashboard.contracts.list).toHaveBeenCalledWith({ dueWithinDays: 30, filter: 'decided' }, manager);
    expect(html).toMatch(/<option value="decided" selected>Decided<\/option>/);
    expect(html).not.toContain('id="decisions"');
    expect(tableRows(html)[1]).toMatch(/Renewed$/);
    expect(html).not.toContain('href="/contracts/new"');
  });

  it('says so when the filter is not one of the choices', async () => {
    // Prepare
    dashboard.contracts.list.mockResolvedValue([]);

    // Act
    const result = await dashboard.send({ method: 'GET', url: '/contracts?show=everything' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
      { href: '#show', text: 'Select which contracts to show from the list' },
    ]);
  });
});

describe('Function: readWindow', () => {
  it.each([
    [undefined, 90],
    ['', 90],
    ['30', 30],
    ['365', 365],
  ])('reads %j as %i days', (value, days) => {
    // Act, Assess
    expect(readWindow(value)).toEqual({ days });
  });

  it.each(['45', '90.0', '-30', 'all'])('refuses %j and falls back to 90 days', (value) => {
    // Act
    const window = readWindow(value);

    // Assess
    expect(window.days).toBe(90);
    expect(window.problem?.field).toBe('within');
  });
});
