import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { createHandler } from '../../../functions/handlers/list-transfers.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, sampleTransfer, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

describe('Function: list-transfers', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 200 with each transfer summarised as id, name, status, date and counts', async () => {
    // Prepare
    const { id, name, status, transferDate, counts, createdBy } = sampleTransfer({ status: 'launched' });
    // The service may hand back more than a summary: the answer keeps to the listed fields.
    const summary = { id, name, status, transferDate, counts, createdBy };
    transfers.list.mockResolvedValue([summary]);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route: '/api/transfers', token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ items: [{ id, name, status: 'launched', transferDate, counts }] });
  });

  it('answers 200 with no items when there are no transfers yet', async () => {
    // Prepare
    transfers.list.mockResolvedValue([]);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route: '/api/transfers', token }),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toEqual({ items: [] });
  });
});
