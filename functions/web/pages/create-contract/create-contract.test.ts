import { describe, expect, it } from 'vitest';
import { hr, manager, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleContract } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const contract = sampleContract({
  kind: 'employment',
  employeeName: 'Priya Shah',
  employeeNumber: 'SCC900001',
});

/** A complete, valid form as HR would fill it in. */
const filledForm = {
  kind: 'employment',
  title: 'Fixed-term social worker, Adults North',
  parties: 'Staffordshire County Council\r\n\r\n',
  managerEmail: 'Manager1@Council.example',
  employeeName: 'Priya Shah',
  employeeNumber: 'SCC900001',
  'startDate-day': '1',
  'startDate-month': '4',
  'startDate-year': '2026',
  'endDate-day': '31',
  'endDate-month': '3',
  'endDate-year': '2027',
  'continuousServiceStart-day': '',
  'continuousServiceStart-month': '',
  'continuousServiceStart-year': '',
  noticeDays: '',
};

describe('Page: create-contract', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;
  const create = async (form: Record<string, string>) =>
    (await visit('/contracts/new')).post('/contracts', form);

  it('shows HR the form with every field and a CSRF token', async () => {
    // Act
    const result = await send({ method: 'GET', url: '/contracts/new' });

    // Assess
    expect(browser.pageOf(result)).toMatchObject({ status: 200, heading: 'Add a contract' });
    const html = browser.bodyOf(result);
    expect(browser.idsOf(html)).toEqual(
      expect.arrayContaining([
        'kind',
        'title',
        'parties',
        'managerEmail',
        'employeeName',
        'startDate-day',
        'noticeDays',
      ]),
    );
    expect(browser.hiddenField(html, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('creates the contract from the form and goes to its page with a message', async () => {
    // Prepare
    const newPage = await visit('/contracts/new');
    dashboard.contracts.create.mockResolvedValue([contract]);

    // Act
    const result = await newPage.post('/contracts', filledForm);
    dashboard.contracts.get.mockResolvedValue(contract);
    const page = await newPage.open(result.headers.location ?? '');

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe(`/contracts/${contract.id}`);
    expect(dashboard.contracts.create).toHaveBeenCalledWith(
      {
        kind: 'employment',
        title: 'Fixed-term social worker, Adults North',
        parties: ['Staffordshire County Council'],
        managerEmail: 'manager1@council.example',
        employeeName: 'Priya Shah',
        employeeNumber: 'SCC900001',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
      },
      hr,
    );
    expect(browser.textOf(browser.bodyOf(page))).toContain('Contract added.');
  });

  it('says what is missing in the API’s words, linking each error to its field, and stores nothing', async () => {
    // Act
    const result = await create({
      ...filledForm,
      kind: '',
      title: ' ',
      managerEmail: 'nope',
      'endDate-day': '',
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
      { href: '#kind', text: 'Choose employment or agreement' },
      { href: '#title', text: 'Enter the title' },
      { href: '#managerEmail', text: "Enter the manager's email address, like name@example.org" },
      { href: '#endDate-day', text: 'The end date must include a day, month and year' },
    ]);
    expect(dashboard.contracts.create).not.toHaveBeenCalled();
  });

  it("puts the service's rule errors on their fields", async () => {
    // Prepare
    dashboard.contracts.create.mockRejectedValue(
      refusedFields('The contract has errors', { endDate: 'The end date must be in the future' }),
    );

    // Act
    const result = await create(filledForm);

    // Assess
    expect(result.statusCode).toBe(422);
    expect(browser.errorSummaryLinks(browser.bodyOf(result))).toEqual([
      { href: '#endDate-day', text: 'The end date must be in the future' },
    ]);
  });

  it('is for HR only: a manager is refused', async () => {
    // Prepare
    dashboard.authenticate.mockResolvedValue(manager);

    // Act
    const result = await send({ method: 'GET', url: '/contracts/new' });

    // Assess
    expect(result.statusCode).toBe(403);
  });
});
