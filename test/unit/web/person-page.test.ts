import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/dashboard.ts';
import type {
  Actor,
  CaseView,
  TransferChangesService,
  TransferService,
} from '../../../functions/services/contracts.ts';
import { fakeHostedSignIn } from '../../fixtures/fake-hosted-sign-in.ts';
import { fakeTransferService, sampleTransfer } from '../../fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import {
  bodyOf,
  cookiesFrom,
  errorSummaryLinks,
  hasElementWithId,
  headingOf,
  hiddenField,
  inlineErrors,
  type PageRequest,
  pageEvent,
  textOf,
} from './page-requests.ts';

const hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
const transferId = 'tr-staffs-asc-2026';
const personUrl = `/transfers/${transferId}/staff/E1001`;

const amira: CaseView = {
  employeeNumber: 'E1001',
  name: 'Amira Okafor',
  email: 'amira.okafor@council.example',
  jobTitle: 'Social worker',
  currentPensionScheme: 'LGPS',
  contractType: 'permanent',
  continuousServiceStart: '2011-09-05',
  transferId,
  shard: 0,
  status: 'elected',
  employer: 'transferor',
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
};

describe('Function: dashboard person page', () => {
  let transfers: Mocked<TransferService>;
  let changes: Mocked<Pick<TransferChangesService, 'recordObjection'>>;
  let handler: ReturnType<typeof createHandler>;

  beforeEach(() => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://transfer-desk.example.org');
    transfers = fakeTransferService();
    transfers.get.mockResolvedValue(sampleTransfer({ status: 'launched' }));
    transfers.getCase.mockResolvedValue(amira);
    changes = { recordObjection: vi.fn() };
    handler = createHandler(
      () => ({ transfers, transferChanges: changes as unknown as TransferChangesService }),
      async () => hr,
      fakeHostedSignIn(),
    );
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const send = (request: Omit<PageRequest, 'route' | 'path'> & { url: string }) => {
    const { url, ...rest } = request;
    const event = pageEvent({
      ...rest,
      route: '/transfers/{proxy+}',
      path: { proxy: url.slice('/transfers/'.length) },
    });
    return handler({ ...event, rawPath: url }, lambdaContext('dashboard'));
  };

  const openPage = async () => {
    const page = await send({ method: 'GET', url: personUrl });
    return { page, cookies: cookiesFrom(page), csrf: hiddenField(bodyOf(page), '_csrf') ?? '' };
  };

  it('shows the case, its history in words and the emails, with the objection form', async () => {
    // Act
    const { page } = await openPage();

    // Assess
    const html = bodyOf(page);
    expect(page.statusCode).toBe(200);
    expect(headingOf(html)).toBe('Amira Okafor');
    const text = textOf(html);
    expect(text).toContain('Join the NHS Pension Scheme (chosen)');
    expect(text).toContain(
      'Transfer date moved from Thursday 1 October 2026 to Monday 2 November 2026 hr.lead@council.example',
    );
    expect(text).toContain('Choose your pension scheme by Friday 14 August 2026');
    expect(text).toContain('Record an objection');
    expect(hasElementWithId(html, 'receivedOn-day')).toBe(true);
    expect(hasElementWithId(html, 'note')).toBe(true);
    expect(transfers.getCase).toHaveBeenCalledWith(transferId, 'E1001');
  });

  it('shows HR a locked link with the time it opens, and the wrong attempts and lock in the history', async () => {
    // Prepare: locked at 14:05 London time (13:05 UTC in summer) until 14:20.
    transfers.getCase.mockResolvedValue({
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
    const text = textOf(bodyOf(page));
    expect(text).toContain('Pension link Locked (until 14:20)');
    expect(text).toContain('A wrong employee number was entered on their link');
    expect(text).toContain('Link locked after too many wrong employee numbers, until 1 July 2026 at 2:20pm');
  });

  it('says nothing about a lock when the link is not locked', async () => {
    // Act
    const { page } = await openPage();

    // Assess
    expect(textOf(bodyOf(page))).not.toContain('Locked');
  });

  it('offers no objection form once the person has objected or transferred', async () => {
    // Prepare
    transfers.getCase.mockResolvedValue({
      ...amira,
      status: 'objected',
      objection: { receivedOn: '2026-07-10', note: 'Letter in file 12', recordedAt: 'x', recordedBy: 'hr' },
    });

    // Act
    const { page } = await openPage();

    // Assess
    const text = textOf(bodyOf(page));
    expect(text).not.toContain('Record an objection');
    expect(text).toContain('Objection received Friday 10 July 2026');
    expect(text).toContain('Letter in file 12');
  });

  it('records the objection and comes back to the page with a confirmation', async () => {
    // Prepare
    const { cookies, csrf } = await openPage();
    changes.recordObjection.mockResolvedValue({ ...amira, status: 'objected' });

    // Act
    const result = await send({
      method: 'POST',
      url: `${personUrl}/objection`,
      cookies,
      form: {
        _csrf: csrf,
        'receivedOn-day': '10',
        'receivedOn-month': '7',
        'receivedOn-year': '2026',
        note: 'Letter in file 12',
      },
    });

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(personUrl);
    expect(changes.recordObjection).toHaveBeenCalledWith(
      transferId,
      'E1001',
      { receivedOn: '2026-07-10', note: 'Letter in file 12' },
      hr,
    );
  });

  it('says what is wrong with the date, linked to its field, and records nothing', async () => {
    // Prepare
    const { cookies, csrf } = await openPage();

    // Act
    const result = await send({
      method: 'POST',
      url: `${personUrl}/objection`,
      cookies,
      form: {
        _csrf: csrf,
        'receivedOn-day': '31',
        'receivedOn-month': '2',
        'receivedOn-year': '2026',
        note: '',
      },
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(errorSummaryLinks(bodyOf(result))).toEqual([
      { href: '#receivedOn-day', text: 'The date the objection was received must be a real date' },
    ]);
    expect(inlineErrors(bodyOf(result)).join(' ')).toContain('must be a real date');
    expect(changes.recordObjection).not.toHaveBeenCalled();
  });

  it("shows the service's refusal on the date field", async () => {
    // Prepare
    const { cookies, csrf } = await openPage();
    changes.recordObjection.mockRejectedValue(
      new ValidationError('The objection has errors', {
        errors: [
          { path: 'receivedOn', message: 'The objection must have been received before the transfer date' },
        ],
      }),
    );

    // Act
    const result = await send({
      method: 'POST',
      url: `${personUrl}/objection`,
      cookies,
      form: {
        _csrf: csrf,
        'receivedOn-day': '1',
        'receivedOn-month': '10',
        'receivedOn-year': '2026',
        note: '',
      },
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(errorSummaryLinks(bodyOf(result))).toEqual([
      { href: '#receivedOn-day', text: 'The objection must have been received before the transfer date' },
    ]);
  });

  it('shows a conflict, such as an objection already recorded, as a 409 with the reason', async () => {
    // Prepare
    const { cookies, csrf } = await openPage();
    changes.recordObjection.mockRejectedValue(
      new ConflictError('An objection is already recorded for this person'),
    );

    // Act
    const result = await send({
      method: 'POST',
      url: `${personUrl}/objection`,
      cookies,
      form: {
        _csrf: csrf,
        'receivedOn-day': '1',
        'receivedOn-month': '7',
        'receivedOn-year': '2026',
        note: '',
      },
    });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(textOf(bodyOf(result))).toContain('An objection is already recorded for this person');
  });

  it('refuses a submission without the form token and records nothing', async () => {
    // Act
    const result = await send({
      method: 'POST',
      url: `${personUrl}/objection`,
      form: { 'receivedOn-day': '1', 'receivedOn-month': '7', 'receivedOn-year': '2026' },
    });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(changes.recordObjection).not.toHaveBeenCalled();
  });

  it("links each person's row on the transfer page to their page", async () => {
    // Prepare
    transfers.listStaff.mockResolvedValue({
      items: [{ employeeNumber: 'E1001', name: 'Amira <Okafor>', status: 'invited' }],
    });
    transfers.electionProgress.mockResolvedValue({ asOf: '2026-07-01', days: ['2026-07-01'], series: [] });

    // Act
    const page = await send({ method: 'GET', url: `/transfers/${transferId}` });

    // Assess
    expect(bodyOf(page)).toContain(
      `<a class="govuk-link" href="/transfers/${transferId}/staff/E1001">Amira &lt;Okafor&gt;</a>`,
    );
  });
});
