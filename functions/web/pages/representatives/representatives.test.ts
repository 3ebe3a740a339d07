import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ValidationError } from '../../../domain/errors.ts';
import type {
  RepresentativeElectionView,
  RepresentativeService,
} from '../../../services/representative-service.ts';

const pageUrl = `/transfers/${transferId}/representatives`;

const closedWithTie: RepresentativeElectionView = {
  seats: 2,
  nominationsCloseOn: '2026-06-10',
  ballotClosesOn: '2026-06-20',
  status: 'closed',
  candidates: [
    { employeeNumber: 'E1', name: 'Asha Patel' },
    { employeeNumber: 'E2', name: 'Ben Okafor' },
    { employeeNumber: 'E3', name: 'Cara Lewis' },
  ],
  turnout: { voted: 5, eligible: 11 },
  result: {
    elected: [{ employeeNumber: 'E1', name: 'Asha Patel' }],
    votes: { E1: 3, E2: 1, E3: 1 },
    unopposed: false,
    countedAt: '2026-06-21T00:00:00.000Z',
    tie: {
      candidates: [
        { employeeNumber: 'E2', name: 'Ben Okafor' },
        { employeeNumber: 'E3', name: 'Cara Lewis' },
      ],
      votes: 1,
      seats: 1,
    },
  },
};

describe('Page: representatives', () => {
  const dashboard = useDashboardPages();
  let representatives: Mocked<RepresentativeService>;

  beforeEach(() => {
    representatives = {
      list: vi.fn(async () => ({
        items: [
          {
            id: 'r-1',
            kind: 'union',
            name: 'Pat Organiser',
            email: 'pat@union.example.org',
            union: 'UNISON',
            addedAt: '2026-06-01T09:00:00.000Z',
            addedBy: hr.id,
          },
        ],
        directConsultationAllowed: true,
      })),
      findElection: vi.fn(async () => undefined),
      add: vi.fn(),
      startElection: vi.fn(),
    } as unknown as Mocked<RepresentativeService>;
    dashboard.transfers.get.mockResolvedValue(
      sampleTransfer({ id: transferId, total: 12, status: 'launched' }),
    );
    const services = dashboard.getServices();
    dashboard.getServices.mockReturnValue({ ...services, representatives });
  });

  it('lists the representatives, says reg 13A applies, and offers to start an election', async () => {
    // Act
    const result = await dashboard.send({ method: 'GET', url: pageUrl });

    // Assess
    const text = browser.textOf(browser.bodyOf(result));
    expect(result.statusCode).toBe(200);
    expect(text).toContain('Pat Organiser');
    expect(text).toContain('Trade union representative (UNISON)');
    expect(text).toContain('Fewer than 10 staff are in scope');
    expect(text).toContain('Start the election');
  });

  it('shows the count and the tie for HR to settle', async () => {
    // Prepare
    representatives.findElection.mockResolvedValue(closedWithTie);

    // Act
    const result = await dashboard.send({ method: 'GET', url: pageUrl });

    // Assess
    const text = browser.textOf(browser.bodyOf(result));
    expect(text).toContain('5 of 11 people in scope have voted');
    expect(text).toContain('Tie: Ben Okafor, Cara Lewis have 1 votes each for the last seat');
    expect(text).not.toContain('Start the election');
  });

  it('shows a refused representative again with its errors (422) and adds a valid one', async () => {
    // Prepare
    representatives.add.mockRejectedValueOnce(
      new ValidationError('The representative has errors', {
        errors: [{ path: 'union', message: 'Enter the union they represent' }],
      }),
    );
    const page = await dashboard.visit(pageUrl);

    // Act
    const refused = await page.post(pageUrl, { kind: 'union', name: 'Pat', email: 'pat@x.org' });
    const added = await page.post(pageUrl, { kind: 'union', name: 'Pat', email: 'pat@x.org', union: 'GMB' });

    // Assess
    expect(browser.errorsOf(refused)).toMatchObject({
      status: 422,
      summary: [{ href: '#union', text: 'Enter the union they represent' }],
    });
    expect(added.statusCode).toBe(303);
    expect(representatives.add).toHaveBeenLastCalledWith(
      transferId,
      { kind: 'union', name: 'Pat', email: 'pat@x.org', union: 'GMB' },
      hr,
    );
  });

  it('starts the election from the three-box dates, and asks again for a date not given', async () => {
    // Prepare
    const page = await dashboard.visit(pageUrl);
    const dates = {
      'nominationsCloseOn-day': '10',
      'nominationsCloseOn-month': '6',
      'nominationsCloseOn-year': '2026',
      'ballotClosesOn-day': '20',
      'ballotClosesOn-month': '6',
      'ballotClosesOn-year': '2026',
    };

    // Act
    const missing = await page.post(`/transfers/${transferId}/representative-election`, {
      ...dates,
      seats: '2',
      'ballotClosesOn-day': '',
    });
    const started = await page.post(`/transfers/${transferId}/representative-election`, {
      ...dates,
      seats: '2',
    });

    // Assess
    expect(browser.errorsOf(missing).status).toBe(422);
    expect(started.statusCode).toBe(303);
    expect(representatives.startElection).toHaveBeenCalledTimes(1);
    expect(representatives.startElection).toHaveBeenCalledWith(
      transferId,
      { seats: 2, nominationsCloseOn: '2026-06-10', ballotClosesOn: '2026-06-20' },
      hr,
    );
  });
});
