import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { TransferNotDraftError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/launch-transfer.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

describe('Function: launch-transfer', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 202 and launches the transfer as the signed-in hr user', async () => {
    // Prepare
    transfers.launch.mockResolvedValue();
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/launch',
        pathParameters: { id: 'tr-3' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.headers.location).toBe('/api/transfers/tr-3');
    expect(jsonOf(result)).toEqual({ id: 'tr-3', status: 'launched' });
    expect(transfers.launch).toHaveBeenCalledWith('tr-3', {
      id: 'asha.patel@council.example',
      roles: ['hr'],
    });
  });

  it('ignores a body, whatever its content type', async () => {
    // Prepare
    transfers.launch.mockResolvedValue();
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/launch',
        pathParameters: { id: 'tr-3' },
        token,
        headers: { 'content-type': 'text/plain' },
        body: 'go',
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(202);
  });

  it('answers 409 when the service refuses to launch a cancelled transfer', async () => {
    // Prepare
    transfers.launch.mockRejectedValue(new TransferNotDraftError('A cancelled transfer cannot be launched'));
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/launch',
        pathParameters: { id: 'tr-3' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(problemOf(result)).toMatchObject({
      status: 409,
      detail: 'A cancelled transfer cannot be launched',
    });
  });
});
