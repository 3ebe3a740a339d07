import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { hr, transferId } from '../../../../test/fixtures/dashboard-pages.ts';
import { fakeHostedSignIn } from '../../../../test/fixtures/fake-hosted-sign-in.ts';
import { fakeTransferService, sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../../../test/fixtures/http-events.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { createHandler } from '../../../handlers/dashboard.ts';
import type {
  InformationDutyOverview,
  InformationDutyService,
} from '../../../services/information-duty-service.ts';

const pageUrl = `/transfers/${transferId}/information`;

function overview(overrides: Partial<InformationDutyOverview> = {}): InformationDutyOverview {
  return {
    transfer: sampleTransfer({ transfereeContact: { name: 'Trust HR', email: 'trust.hr@example.org' } }),
    measures: { requests: [], answers: [] },
    letters: [],
    meetings: [],
    representations: [],
    recipients: [{ kind: 'representative', name: 'UNISON rep', email: 'rep@example.org', ref: 'a' }],
    reminderOn: '2026-09-28',
    ...overrides,
  };
}

describe('Page: information-duty', () => {
  let duty: Mocked<InformationDutyService>;
  const send = (request: Omit<browser.PageRequest, 'route' | 'path'> & { url: string }) =>
    handler(browser.dashboardEvent(request), lambdaContext('dashboard'));
  let handler: ReturnType<typeof createHandler>;

  beforeEach(() => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://transfer-desk.example.org');
    duty = {
      overview: vi.fn(async () => overview()),
      representations: vi.fn(async () => []),
      setTransfereeContact: vi.fn(async () => undefined),
      requestMeasures: vi.fn(),
      recordMeeting: vi.fn(),
      recordRepresentation: vi.fn(),
      replyToRepresentation: vi.fn(),
    } as unknown as Mocked<InformationDutyService>;
    handler = createHandler(
      () => ({ transfers: fakeTransferService(), informationDuty: duty }),
      async () => hr,
      fakeHostedSignIn(),
      browser.testFormKey,
    );
  });

  const visit = async () =>
    browser.visitOf(await send({ method: 'GET', url: pageUrl }), (target: string, sent) =>
      send({ ...sent, url: target }),
    );

  it('shows the contact, the measures, the information, the meetings and the representations with their forms', async () => {
    // Prepare
    duty.overview.mockResolvedValue(
      overview({
        measures: {
          requests: [{ number: 1, requestedAt: '2026-07-01T09:00:00.000Z', requestedBy: hr.id, sentTo: 'x' }],
          answers: [],
        },
        representations: [
          {
            id: 'rep-1',
            receivedOn: '2026-07-02',
            from: 'UNISON',
            text: 'Keep the payroll date.',
            recordedAt: 'a',
            recordedBy: hr.id,
          },
        ],
      }),
    );

    // Act
    const result = await send({ method: 'GET', url: pageUrl });

    // Assess
    const text = browser.textOf(browser.bodyOf(result));
    expect(result.statusCode).toBe(200);
    expect(browser.headingOf(browser.bodyOf(result))).toBe('Inform and consult the representatives');
    for (const phrase of [
      'Transfer date Thursday 1 October 2026',
      'HR reminded of unanswered representations on Monday 28 September 2026',
      'No answer yet.',
      'The transferee has not said what measures it envisages. The letter will say so.',
      'From UNISON, received Thursday 2 July 2026',
      'Keep the payroll date.',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(browser.bodyOf(result)).toContain(`action="${pageUrl}/send"`);
    expect(browser.bodyOf(result)).toContain(`href="${pageUrl}/representations/rep-1/reply"`);
  });

  it('asks again with each problem on its field, storing nothing, for a meeting with no date', async () => {
    // Prepare
    const page = await visit();

    // Act
    const result = await page.post(`${pageUrl}/meetings`, {
      'heldOn-day': '',
      'heldOn-month': '',
      'heldOn-year': '',
      attendees: 'UNISON',
      notes: 'x',
    });

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#heldOn-day', text: 'Enter meeting date' }],
    });
    expect(duty.recordMeeting).not.toHaveBeenCalled();
  });

  it('records a representation and comes back with a banner', async () => {
    // Prepare
    duty.recordRepresentation.mockResolvedValue({
      id: 'rep-2',
      receivedOn: '2026-07-02',
      from: 'GMB',
      text: 't',
      recordedAt: 'a',
      recordedBy: hr.id,
    });
    const page = await visit();

    // Act
    const posted = await page.post(`${pageUrl}/representations`, {
      'receivedOn-day': '2',
      'receivedOn-month': '7',
      'receivedOn-year': '2026',
      from: 'GMB',
      representation: 'Keep the rota.',
    });
    const shown = await page.open(pageUrl);

    // Assess
    expect(posted.statusCode).toBe(303);
    expect(duty.recordRepresentation).toHaveBeenCalledWith(
      transferId,
      { receivedOn: '2026-07-02', from: 'GMB', text: 'Keep the rota.' },
      hr,
    );
    expect(browser.textOf(browser.bodyOf(shown))).toContain('Representation recorded');
  });

  it('shows the service’s problem on the contact’s email field', async () => {
    // Prepare
    duty.setTransfereeContact.mockRejectedValue(
      new ValidationError('The transferee contact has errors', {
        errors: [
          { path: 'email', message: 'Enter the transferee contact email address in the correct format' },
        ],
      }),
    );
    const page = await visit();

    // Act
    const result = await page.post(`${pageUrl}/contact`, { contactName: 'Trust HR', contactEmail: 'nope' });

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [
        { href: '#contactEmail', text: 'Enter the transferee contact email address in the correct format' },
      ],
    });
  });
});
