import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { TransferNotFoundError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/get-transfer.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, sampleTransfer, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

describe('Function: get-transfer', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 200 with the transfer, its counts, elections and milestones', async () => {
    // Prepare
    const view = sampleTransfer({
      id: 'tr-7',
      status: 'launched',
      elections: { LGPS: 12, NHSPS: 30 },
      milestones: [
        {
          kind: 'election-closes',
          dueOn: '2026-08-14',
          dueAt: '2026-08-14T23:00:00.000Z',
          status: 'pending',
        },
        { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
      ],
    });
    transfers.get.mockResolvedValue(view);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route: '/api/transfers/{id}', pathParameters: { id: 'tr-7' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual(view);
    expect(transfers.get).toHaveBeenCalledWith('tr-7');
  });

  it('answers 404 as problem+json for a transfer that does not exist', async () => {
    // Prepare
    transfers.get.mockRejectedValue(new TransferNotFoundError('There is no transfer tr-missing'));
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route: '/api/transfers/{id}', pathParameters: { id: 'tr-missing' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(problemOf(result)).toMatchObject({ status: 404, detail: 'There is no transfer tr-missing' });
  });
});
