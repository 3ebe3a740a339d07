import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ConflictError, NotFoundError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/retry-milestone.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const route = '/api/transfers/{id}/milestones/{kind}/retry';

describe('Function: retry-milestone', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  async function retry(kind: string, role: 'hr' | 'manager' = 'hr') {
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor(role, 'asha.patel@council.example');
    return handler(
      apiEvent({ method: 'POST', route, pathParameters: { id: 'tr-3', kind }, token }),
      lambdaContext(),
    );
  }

  it('answers 202 and runs the failed milestone again as the signed-in hr user', async () => {
    // Prepare
    transfers.retryMilestone.mockResolvedValue();

    // Act
    const result = await retry('election-closes');

    // Assess
    expect(result.statusCode).toBe(202);
    expect(jsonOf(result)).toEqual({ id: 'tr-3', milestone: 'election-closes', status: 'running' });
    expect(transfers.retryMilestone).toHaveBeenCalledWith('tr-3', 'election-closes', {
      id: 'asha.patel@council.example',
      roles: ['hr'],
    });
  });

  it('answers 409 when the milestone is not failed', async () => {
    // Prepare
    transfers.retryMilestone.mockRejectedValue(
      new ConflictError('The transfer-day milestone is pending; only a failed one can be retried'),
    );

    // Act
    const result = await retry('transfer-day');

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result).detail).toContain('only a failed one can be retried');
  });

  it('answers 404 for a kind that is not a milestone', async () => {
    // Prepare
    transfers.retryMilestone.mockRejectedValue(new NotFoundError('No milestone payday'));

    // Act
    const result = await retry('payday');

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers 403 to a manager and retries nothing', async () => {
    // Act
    const result = await retry('election-closes', 'manager');

    // Assess
    expect(result.statusCode).toBe(403);
    expect(transfers.retryMilestone).not.toHaveBeenCalled();
  });
});
