import { afterEach, beforeEach, describe, expect, it, type Mock, type Mocked, vi } from 'vitest';
import { ForbiddenError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/dashboard.ts';
import type { Actor, ContractService } from '../../../functions/services/contracts.ts';
import { reminderDaysInWords } from '../../../functions/web/dashboard/contract-page.ts';
import { readWindow } from '../../../functions/web/dashboard/contracts-list.ts';
import type { DashboardServices } from '../../../functions/web/dashboard/routes.ts';
import {
  contractListItemOf,
  fakeContractService,
  managerEmail,
  sampleContract,
} from '../../fixtures/fake-dashboard-services.ts';
import { fakeHostedSignIn } from '../../fixtures/fake-hosted-sign-in.ts';
import { fakeTransferService } from '../../fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import {
  bodyOf,
  errorSummaryLinks,
  headingOf,
  type PageRequest,
  pageEvent,
  textOf,
} from './page-requests.ts';

const manager: Actor = { id: managerEmail, roles: ['manager'] };
const hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
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
const otherManagers = sampleContract({
  id: '9e2b7d4a-1c6f-4a3e-8d5b-7f0c2e9a4b61',
  title: "Another manager's agreement",
  managerEmail: 'manager2@council.example',
});
const renewalFormUrl = 'https://transfer-desk.example.org/forms/renewal/renewal-token-abc';

/** The rows of the page's main table, as a person reads them. */
function tableRows(html: string): string[] {
  const table = html.slice(html.indexOf('id="contracts"'));
  return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    textOf(row[1] ?? ''),
  );
}

describe('Function: dashboard contracts pages', () => {
  let contracts: Mocked<ContractService>;
  let authenticate: ReturnType<typeof vi.fn<(event: unknown) => Promise<Actor>>>;
  let getServices: Mock<() => DashboardServices>;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(() => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://transfer-desk.example.org');
    contracts = fakeContractService();
    contracts.renewalLink.mockResolvedValue(renewalFormUrl);
    authenticate = vi.fn(async () => manager);
    getServices = vi.fn((): DashboardServices => ({ transfers: fakeTransferService(), contracts }));
    handler = createHandler(getServices, authenticate, fakeHostedSignIn());
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const send = (request: Omit<PageRequest, 'route' | 'path'> & { url: string }) => {
    const { url, ...rest } = request;
    const [rawPath = '', query] = url.split('?');
    const proxy = rawPath.startsWith('/contracts/') ? rawPath.slice('/contracts/'.length) : undefined;
    const event = pageEvent({
      ...rest,
      route: proxy === undefined ? rawPath : '/contracts/{proxy+}',
      ...(proxy === undefined ? {} : { path: { proxy } }),
      ...(query === undefined ? {} : { query: Object.fromEntries(new URLSearchParams(query)) }),
    });
    return handler({ ...event, rawPath }, lambdaContext('dashboard'));
  };

  describe("a manager's contracts", () => {
    it('lists their contracts ending in the next 90 days, and the decisions waiting with a link to decide', async () => {
      // Prepare
      contracts.list.mockResolvedValue([contractListItemOf(agreement), contractListItemOf(socialWorker)]);

      // Act
      const result = await send({ method: 'GET', url: '/contracts' });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(headingOf(html)).toBe('Your contracts');
      expect(contracts.list).toHaveBeenCalledWith({ dueWithinDays: 90 }, manager);
      expect(html).toMatch(/<option value="90" selected>The next 90 days<\/option>/);
      expect(tableRows(html)).toEqual([
        'Contract Kind Employee or parties Ends Decide by Status',
        'Fixed-term social worker, Adults North Fixed-term employment contract Employee SCC900001 23 Jul 2026 23 Jun 2026 Renewed',
        'Section 75 partnership agreement: adult social care Agreement between organisations Staffordshire County Council and Midlands Partnership NHS Foundation Trust 19 Sep 2026 21 Jul 2026 Decision needed',
      ]);
      const decisions = textOf(html.slice(html.indexOf('id="decisions"'), html.indexOf('id="contracts"')));
      expect(decisions).toContain('Section 75 partnership agreement: adult social care');
      expect(decisions).toContain('Decide by Tuesday 21 July 2026');
      expect(decisions).not.toContain('social worker');
      expect(html).toContain(
        `href="${renewalFormUrl}">Decide<span class="govuk-visually-hidden"> (Section 75`,
      );
      expect(contracts.renewalLink).toHaveBeenCalledTimes(1);
      expect(contracts.renewalLink).toHaveBeenCalledWith(agreement.id, manager);
    });

    it("never shows another manager's contract, even if the service were to answer one", async () => {
      // Prepare
      contracts.list.mockResolvedValue([contractListItemOf(otherManagers), contractListItemOf(socialWorker)]);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: '/contracts' }));

      // Assess
      expect(html).not.toContain("Another manager's agreement");
      expect(html).not.toContain('manager2@council.example');
      expect(contracts.renewalLink).not.toHaveBeenCalled();
      expect(textOf(html)).toContain('No contract ending in the next 90 days is waiting for a decision.');
    });

    it('looks as far ahead as the window chosen', async () => {
      // Prepare
      contracts.list.mockResolvedValue([]);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: '/contracts?within=365' }));

      // Assess
      expect(contracts.list).toHaveBeenCalledWith({ dueWithinDays: 365 }, manager);
      expect(html).toMatch(/<option value="365" selected>The next year<\/option>/);
      expect(textOf(html)).toContain('No contract ends in the next year.');
    });

    it('says so when the window is not one of the choices, and shows the next 90 days', async () => {
      // Prepare
      contracts.list.mockResolvedValue([]);

      // Act
      const result = await send({ method: 'GET', url: '/contracts?within=100000' });

      // Assess
      expect(result.statusCode).toBe(400);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#within', text: 'Select how far ahead to look from the list' },
      ]);
      expect(contracts.list).toHaveBeenCalledWith({ dueWithinDays: 90 }, manager);
    });

    it('shows a manager only their own page in the navigation', async () => {
      // Prepare
      contracts.list.mockResolvedValue([]);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: '/contracts' }));

      // Assess
      expect(textOf(/<nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '')).toBe('Your contracts Sign out');
      expect(html).toContain('<a href="/contracts" class="govuk-generic-header__homepage-link">');
    });
  });

  describe("HR's view of the contracts", () => {
    it("lists every manager's contracts with the manager, and links decisions to the contract page", async () => {
      // Prepare
      authenticate.mockResolvedValue(hr);
      contracts.list.mockResolvedValue([contractListItemOf(agreement), contractListItemOf(otherManagers)]);

      // Act
      const html = bodyOf(await send({ method: 'GET', url: '/contracts?within=180' }));

      // Assess
      expect(headingOf(html)).toBe('Contracts');
      expect(contracts.list).toHaveBeenCalledWith({ dueWithinDays: 180 }, hr);
      const rows = tableRows(html);
      expect(rows[0]).toBe('Contract Kind Employee or parties Manager Ends Decide by Status');
      expect(rows.slice(1).map((row) => row.includes(managerEmail) || row.includes('manager2@'))).toEqual([
        true,
        true,
      ]);
      expect(html).toContain(`href="/contracts/${otherManagers.id}">View<span`);
      expect(contracts.renewalLink).not.toHaveBeenCalled();
    });
  });

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
      contracts.get.mockResolvedValue(renewed);

      // Act
      const result = await send({ method: 'GET', url: `/contracts/${agreement.id}` });

      // Assess
      const html = bodyOf(result);
      const text = textOf(html);
      expect(result.statusCode).toBe(200);
      expect(contracts.get).toHaveBeenCalledWith(agreement.id, manager);
      expect(headingOf(html)).toBe(agreement.title);
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
      // Prepare
      authenticate.mockResolvedValue(hr);
      contracts.get.mockResolvedValue(
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

      // Act
      const html = bodyOf(await send({ method: 'GET', url: `/contracts/${agreement.id}` }));

      // Assess
      expect(textOf(html)).toContain(`Waiting for a decision from ${managerEmail} by Tuesday 21 July 2026.`);
      expect(textOf(html)).toContain('Decide by 21 July: Section 75 partnership agreement');
      expect(contracts.renewalLink).not.toHaveBeenCalled();
    });

    it('says under a failed reminder why it failed and whether it is tried again by itself', async () => {
      // Prepare
      authenticate.mockResolvedValue(hr);
      contracts.get.mockResolvedValue(
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

      // Act
      const text = textOf(bodyOf(await send({ method: 'GET', url: `/contracts/${agreement.id}` })));

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
      contracts.get.mockRejectedValue(new ForbiddenError('This contract is not yours'));

      // Act
      const result = await send({ method: 'GET', url: `/contracts/${otherManagers.id}` });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(headingOf(bodyOf(result))).toBe('You do not have access to this page');
      expect(bodyOf(result)).not.toContain("Another manager's agreement");
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
        expect(getServices).not.toHaveBeenCalled();
      },
    );

    it('answers 404 to a contracts page the dashboard does not have', async () => {
      // Act
      const result = await send({ method: 'GET', url: `/contracts/${agreement.id}/elsewhere` });

      // Assess
      expect(result.statusCode).toBe(404);
      expect(getServices).not.toHaveBeenCalled();
    });
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

describe('Function: reminderDaysInWords', () => {
  it('lists the reminder days in words', () => {
    // Act, Assess
    expect(reminderDaysInWords([90, 60, 30])).toBe('90, 60 and 30 days before the end');
    expect(reminderDaysInWords([7])).toBe('7 days before the end');
    expect(reminderDaysInWords([])).toBe('None');
  });
});
