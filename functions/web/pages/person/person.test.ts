import { describe, expect, it } from 'vitest';
import { hr, transferId } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { personUrl, usePersonPage } from '../../../../test/fixtures/person-pages.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import { ConflictError } from '../../../domain/errors.ts';
import type { CaseView } from '../../../services/contracts.ts';

const amira: CaseView = samplePerson({
  status: 'elected',
  election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T13:05:00.000Z' },
  history: [
    { at: '2026-06-01T09:00:00.000Z', by: 'system', action: 'invited', from: 'imported', to: 'invited' },
    {
      at: '2026-07-01T13:05:00.000Z',
      by: 'staff',
      action: 'elected',
      option: 'NHSPS',
      to: 'NHSPS',
    },
    {
      at: '2026-07-02T10:00:00.000Z',
      by: 'hr.lead@council.example',
      action: 'transfer-date-moved',
      from: '2026-10-01',
      to: '2026-11-02',
    },
  ],
  notifications: [
    {
      purpose: 'invitation',
      to: 'amira.okafor@council.example',
      subject: 'Choose your pension scheme by Friday 14 August 2026',
      status: 'sent',
      sentAt: '2026-06-01T09:00:05.000Z',
    },
  ],
});

describe('Page: person', () => {
  const { dashboard } = usePersonPage('', amira);
  const { send, visit } = dashboard;
  const objectionUrl = `${personUrl}/objection`;

  const openPage = async () => visit(personUrl);
  /** The objection form as HR fills it in: the day and month it was received in 2026, and a note. */
  const objection = (day: string, month: string, note = '') => ({
    'receivedOn-day': day,
    'receivedOn-month': month,
    'receivedOn-year': '2026',
    note,
  });
  /** Opens the person's page and posts the objection form from it. */
  const postObjection = async (form: Record<string, string>) => (await openPage()).post(objectionUrl, form);

  it('shows the case, its history in words and the emails, with the objection form', async () => {
    // Act
    const { page } = await openPage();

    // Assess
    expect(browser.pageOf(page)).toMatchObject({ status: 200, heading: 'Amira Okafor' });
    const html = browser.bodyOf(page);
    const text = browser.textOf(html);
    expect(
      browser.phrasesMissingFrom(text, [
        'Join the NHS Pension Scheme (chosen)',
        'Transfer date moved from Thursday 1 October 2026 to Monday 2 November 2026 hr.lead@council.example',
        'Choose your pension scheme by Friday 14 August 2026 amira.okafor@council.example Sent',
        'Record an objection',
      ]),
    ).toEqual([]);
    expect(browser.hasElementWithId(html, 'receivedOn-day')).toBe(true);
    expect(browser.hasElementWithId(html, 'note')).toBe(true);
    expect(dashboard.transfers.getCase).toHaveBeenCalledWith(transferId, 'E1001');
  });
  it('links to the person’s subject access export, as a PDF and as JSON', async () => {
    // Act
    const { page } = await openPage();

    // Assess
    const html = browser.bodyOf(page);
    const exportPath = `/api/transfers/${transferId}/staff/E1001/export`;
    expect(html).toContain(`href="${exportPath}?format=pdf"`);
    expect(html).toContain(`href="${exportPath}"`);
    expect(browser.phrasesMissingFrom(browser.textOf(html), ['Download their personal data (PDF)'])).toEqual(
      [],
    );
  });

  it('shows what SES reported about each email: a bounced invitation says so', async () => {
    // Prepare
    const [invitation] = amira.notifications;
    if (!invitation) throw new Error('Amira has an invitation');
    dashboard.transfers.getCase.mockResolvedValue({
      ...amira,
      notifications: [{ ...invitation, status: 'bounced' }],
    });

    // Act
    const { page } = await openPage();

    // Assess
    const html = browser.bodyOf(page);
    expect(html).toContain('govuk-tag--red');
    expect(browser.textOf(html)).toContain('amira.okafor@council.example Bounced');
  });

  it('shows HR a locked link with the time it opens, and the wrong attempts and lock in the history', async () => {
    // Prepare: locked at 14:05 London time (13:05 UTC in summer) until 2:20pm.
    dashboard.transfers.getCase.mockResolvedValue({
      ...amira,
      lockedUntil: '2026-07-01T13:20:00.000Z',
      history: [
        ...amira.history,
        { at: '2026-07-01T13:05:00.000Z', by: 'staff', action: 'wrong-employee-number' },
        {
          at: '2026-07-01T13:05:00.000Z',
          by: 'system',
          action: 'link-locked',
          until: '2026-07-01T13:20:00.000Z',
        },
      ],
    });

    // Act
    const { page } = await openPage();

    // Assess
    const text = browser.textOf(browser.bodyOf(page));
    expect(text).toContain('Pension link Locked (until 2:20pm)');
    expect(text).toContain('A wrong employee number was entered on their link');
    expect(text).toContain('Link locked after too many wrong employee numbers, until 1 July 2026 at 2:20pm');
  });
  it('says nothing about a lock when the link is not locked', async () => {
    // Act
    const { page } = await openPage();

    // Assess
    expect(browser.textOf(browser.bodyOf(page))).not.toContain('Locked');
  });
  it('offers no objection form once the person has objected or transferred', async () => {
    // Prepare
    dashboard.transfers.getCase.mockResolvedValue({
      ...amira,
      status: 'objected',
      objection: { receivedOn: '2026-07-10', note: 'Letter in file 12', recordedAt: 'x', recordedBy: 'hr' },
    });

    // Act
    const { page } = await openPage();

    // Assess
    const text = browser.textOf(browser.bodyOf(page));
    expect(text).not.toContain('Record an objection');
    expect(text).toContain('Objection received Friday 10 July 2026');
    expect(text).toContain('Letter in file 12');
  });
  it('records the objection and comes back to the page with a confirmation', async () => {
    // Prepare
    dashboard.changes.recordObjection.mockResolvedValue({ ...amira, status: 'objected' });

    // Act
    const result = await postObjection(objection('10', '7', 'Letter in file 12'));

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(personUrl);
    expect(dashboard.changes.recordObjection).toHaveBeenCalledWith(
      transferId,
      'E1001',
      { receivedOn: '2026-07-10', note: 'Letter in file 12' },
      hr,
    );
  });
  it('says what is wrong with the date, linked to its field, and records nothing', async () => {
    // Act
    const result = await postObjection(objection('31', '2'));

    // Assess
    const errors = browser.errorsOf(result);
    expect(errors).toMatchObject({
      status: 422,
      summary: [{ href: '#receivedOn-day', text: 'The date the objection was received must be a real date' }],
    });
    expect(errors.inline.join(' ')).toContain('must be a real date');
    expect(dashboard.changes.recordObjection).not.toHaveBeenCalled();
  });
  it("shows the service's refusal on the date field", async () => {
    // Prepare
    const message = 'The objection must have been received before the transfer date';
    dashboard.changes.recordObjection.mockRejectedValue(
      refusedFields('The objection has errors', { receivedOn: message }),
    );

    // Act
    const result = await postObjection(objection('1', '10'));

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#receivedOn-day', text: message }],
    });
  });
  it('shows a conflict, such as an objection already recorded, as a 409 with the reason', async () => {
    // Prepare
    dashboard.changes.recordObjection.mockRejectedValue(
      new ConflictError('An objection is already recorded for this person'),
    );

    // Act
    const result = await postObjection(objection('1', '7'));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(browser.textOf(browser.bodyOf(result))).toContain(
      'An objection is already recorded for this person',
    );
  });
  it('refuses a submission without the form token and records nothing', async () => {
    // Act
    const result = await send({ method: 'POST', url: objectionUrl, form: objection('1', '7') });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dashboard.changes.recordObjection).not.toHaveBeenCalled();
  });
  it("links each person's row on the transfer page to their page", async () => {
    // Prepare
    dashboard.transfers.listStaff.mockResolvedValue({
      items: [{ employeeNumber: 'E1001', name: 'Amira <Okafor>', status: 'invited' }],
    });

    // Act
    const page = await send({ method: 'GET', url: `/transfers/${transferId}` });

    // Assess
    expect(browser.bodyOf(page)).toContain(
      `<a class="govuk-link" href="/transfers/${transferId}/staff/E1001">Amira &lt;Okafor&gt;</a>`,
    );
  });

  it('links to what HR can do for someone choosing: a new link, the email address, a choice sent in', async () => {
    // Prepare
    dashboard.transfers.getCase.mockResolvedValue({ ...amira, status: 'invited' });

    // Act
    const { page } = await openPage();

    // Assess
    const html = browser.bodyOf(page);
    for (const action of ['/resend', '/email', '/election'])
      expect(html).toContain(`href="${personUrl}${action}"`);
    expect(html).not.toContain(`${personUrl}/objection/withdraw`);
  });
  it('offers to withdraw an objection, and shows a withdrawn one', async () => {
    // Prepare
    const objection = { receivedOn: '2026-07-10', recordedAt: 'x', recordedBy: 'hr' };
    dashboard.transfers.getCase.mockResolvedValueOnce({ ...amira, status: 'objected', objection });
    dashboard.transfers.getCase.mockResolvedValueOnce({
      ...amira,
      status: 'invited',
      objection: {
        ...objection,
        withdrawal: { receivedOn: '2026-07-14', recordedAt: 'y', recordedBy: 'hr' },
      },
      history: [
        { at: '2026-07-14T10:00:00.000Z', by: 'hr', action: 'objection-withdrawn', receivedOn: '2026-07-14' },
      ],
    });

    // Act
    const objected = await openPage();
    const withdrawn = await openPage();

    // Assess
    expect(browser.bodyOf(objected.page)).toContain(`href="${personUrl}/objection/withdraw"`);
    const text = browser.textOf(browser.bodyOf(withdrawn.page));
    expect(text).toContain('Objection withdrawn Tuesday 14 July 2026');
    expect(text).toContain('Objection withdrawn, received on Tuesday 14 July 2026');
  });
  it('unlocks a locked link and comes back with a confirmation', async () => {
    // Prepare
    dashboard.transfers.getCase.mockResolvedValue({ ...amira, lockedUntil: '2026-07-01T13:20:00.000Z' });
    dashboard.people.clearLockout.mockResolvedValue(amira);

    // Act
    const visit = await openPage();
    const result = await visit.post(`${personUrl}/unlock`, {});

    // Assess
    expect(browser.bodyOf(visit.page)).toContain('Unlock the link');
    expect(result.statusCode).toBe(303);
    expect(dashboard.people.clearLockout).toHaveBeenCalledWith(transferId, 'E1001', hr);
  });
  it('searches the people on the transfer page by name, employee number or email', async () => {
    // Prepare
    dashboard.transfers.listStaff.mockResolvedValue({
      items: [{ employeeNumber: 'E1001', name: 'Amira Okafor', status: 'invited' }],
    });

    // Act
    const page = await send({ method: 'GET', url: `/transfers/${transferId}?q=okafor` });

    // Assess
    expect(dashboard.transfers.listStaff).toHaveBeenCalledWith(
      transferId,
      expect.objectContaining({ q: 'okafor' }),
    );
    const html = browser.bodyOf(page);
    expect(html).toContain('Search by name, employee number or email');
    expect(html).toContain('value="okafor"');
    expect(browser.textOf(html)).toContain('Amira Okafor');
  });
});
