import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { CaseNotFoundError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/get-staff-case.ts';
import type { CaseView, TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const route = '/api/transfers/{id}/staff/{employeeNumber}';

describe('Function: get-staff-case', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 200 with the case, its history and the emails sent', async () => {
    // Prepare
    const staffCase: CaseView = {
      transferId: 'tr-1',
      shard: 0,
      employeeNumber: 'E/104',
      name: 'Ada Okafor',
      email: 'ada.okafor@council.example',
      jobTitle: 'Social worker',
      currentPensionScheme: 'LGPS',
      contractType: 'permanent',
      continuousServiceStart: '2011-04-01',
      status: 'invited',
      employer: 'transferor',
      history: [
        { at: '2026-06-01T08:00:00.000Z', by: 'system', action: 'invited', from: 'imported', to: 'invited' },
      ],
      notifications: [
        {
          purpose: 'pension-invitation',
          to: 'ada.okafor@council.example',
          subject: 'Choose your pension scheme',
          status: 'sent',
          sentAt: '2026-06-01T08:00:02.000Z',
        },
      ],
    };
    transfers.getCase.mockResolvedValue(staffCase);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-1', employeeNumber: 'E/104' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual(staffCase);
    expect(transfers.getCase).toHaveBeenCalledWith('tr-1', 'E/104');
  });

  it('answers 404 for a person who is not on the roster', async () => {
    // Prepare
    transfers.getCase.mockRejectedValue(
      new CaseNotFoundError('Nobody with employee number E9 is on this transfer'),
    );
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-1', employeeNumber: 'E9' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(problemOf(result)).toMatchObject({
      status: 404,
      type: 'tag:transfer-desk,2025:problem:case-not-found',
    });
  });
});
