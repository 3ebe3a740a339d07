import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/representatives.ts';
import type { RepresentativeService } from '../../../functions/services/representative-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const hrEmail = 'asha.patel@council.example';
const representative = {
  id: 'r-1',
  kind: 'union',
  name: 'Pat Organiser',
  email: 'pat@union.example.org',
  union: 'UNISON',
  addedAt: '2026-06-01T09:00:00.000Z',
  addedBy: hrEmail,
} as const;
const electionView = {
  seats: 2,
  nominationsCloseOn: '2026-06-10',
  ballotClosesOn: '2026-06-20',
  status: 'nominating',
  candidates: [],
  turnout: { voted: 0, eligible: 11 },
} as const;

function fakeRepresentatives(): Mocked<RepresentativeService> {
  return {
    list: vi.fn(async () => ({ items: [representative], directConsultationAllowed: false })),
    add: vi.fn(async () => representative),
    viewElection: vi.fn(async () => electionView),
    startElection: vi.fn(async () => electionView),
  } as unknown as Mocked<RepresentativeService>;
}

describe('Function: representatives', () => {
  let representatives: Mocked<RepresentativeService>;
  beforeEach(() => {
    representatives = fakeRepresentatives();
  });

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, role: 'hr' | 'manager' = 'hr') =>
    createHandler(() => ({ representatives }))(
      apiEvent({
        method,
        route: `/api/transfers/{id}/${path}`,
        pathParameters: { id: 'tr-1' },
        token: await identityProvider().tokenFor(role, hrEmail),
        ...(body === undefined ? {} : { body }),
      }),
      lambdaContext(),
    );

  it('lists the representatives with whether the staff may be consulted directly', async () => {
    // Act
    const result = await call('GET', 'representatives');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ items: [representative], directConsultationAllowed: false });
    expect(representatives.list).toHaveBeenCalledWith('tr-1');
  });

  it('answers 201 with the representative added by the signed-in hr user', async () => {
    // Act
    const body = { kind: 'union', name: 'Pat Organiser', email: 'pat@union.example.org', union: 'UNISON' };
    const result = await call('POST', 'representatives', body);

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers?.location).toBe('/api/transfers/tr-1/representatives');
    expect(representatives.add).toHaveBeenCalledWith('tr-1', body, expect.objectContaining({ id: hrEmail }));
  });

  it('answers 422 with the field errors of a refused representative', async () => {
    // Prepare
    representatives.add.mockRejectedValue(
      new ValidationError('The representative has errors', {
        errors: [{ path: 'union', message: 'Enter the union they represent' }],
      }),
    );

    // Act
    const result = await call('POST', 'representatives', { kind: 'union', name: 'Pat', email: 'pat@x.org' });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual([{ path: 'union', message: 'Enter the union they represent' }]);
  });

  it('starts the election (201) and shows it, and answers 409 for a second', async () => {
    // Act
    const started = await call('POST', 'representative-election', { seats: 2 });
    const shown = await call('GET', 'representative-election');
    representatives.startElection.mockRejectedValue(
      new ConflictError('The transfer has an election already'),
    );
    const second = await call('POST', 'representative-election', { seats: 2 });

    // Assess
    expect([started.statusCode, shown.statusCode, second.statusCode]).toEqual([201, 200, 409]);
    expect(jsonOf(shown)).toEqual(electionView);
    expect(representatives.startElection).toHaveBeenCalledWith(
      'tr-1',
      { seats: 2 },
      expect.objectContaining({ id: hrEmail }),
    );
  });

  it('refuses a manager with 403 and calls nothing', async () => {
    // Act
    const result = await call('GET', 'representatives', undefined, 'manager');

    // Assess
    expect(result.statusCode).toBe(403);
    expect(representatives.list).not.toHaveBeenCalled();
  });
});
