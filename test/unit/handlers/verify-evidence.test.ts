import { describe, expect, it, vi } from 'vitest';
import { TransferNotFoundError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/verify-evidence.ts';
import type { EvidenceVerification } from '../../../functions/services/evidence-service.ts';
import { apiEvent, jsonOf, lambdaContext } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const route = '/api/transfers/{id}/evidence/verify';

const broken: EvidenceVerification = {
  intact: false,
  events: 6,
  unchained: 0,
  head: { seq: 6, hash: 'a'.repeat(64) },
  brokenAt: { seq: 3, at: '2026-07-01T09:00:00.000Z', action: 'launched', reason: 'its detail was changed' },
  packs: [],
};

describe('Function: verify-evidence', () => {
  it('answers 200 with whether the chain is intact, its events, head and where it breaks', async () => {
    // Prepare
    const verify = vi.fn(async () => broken);
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await createHandler(() => ({ evidence: { verify } }))(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual(broken);
    expect(verify).toHaveBeenCalledWith('tr-1');
  });

  it('answers 404 for a transfer that does not exist', async () => {
    // Prepare
    const verify = vi.fn(async () => {
      throw new TransferNotFoundError('No transfer tr-x');
    });
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await createHandler(() => ({ evidence: { verify } }))(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-x' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('refuses a manager, verifying nothing', async () => {
    // Prepare
    const verify = vi.fn(async () => broken);
    const token = await identityProvider().tokenFor('manager');

    // Act
    const result = await createHandler(() => ({ evidence: { verify } }))(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(verify).not.toHaveBeenCalled();
  });
});
