import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { createHandler } from '../../../functions/handlers/list-staff.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const route = '/api/transfers/{id}/staff';

describe('Function: list-staff', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  /** HR asks for the people of transfer tr-1 with these query parameters. */
  const listAsHr = async (query?: Record<string, string>) =>
    createHandler(servicesWith(transfers))(
      apiEvent({
        method: 'GET',
        route,
        pathParameters: { id: 'tr-1' },
        ...(query ? { query } : {}),
        token: await identityProvider().tokenFor('hr'),
      }),
      lambdaContext(),
    );

  it('answers 200 with a page of people and the cursor of the next page', async () => {
    // Prepare
    const page = {
      items: [
        {
          employeeNumber: 'E10001',
          name: 'Ada Okafor',
          status: 'elected' as const,
          election: { option: 'NHSPS', how: 'staff' as const, at: '2026-07-02T10:15:00.000Z' },
        },
      ],
      next: 'eyJzayI6IkUxMDAwMSJ9',
    };
    transfers.listStaff.mockResolvedValue(page);

    // Act
    const result = await listAsHr({ status: 'elected', next: 'eyJzayI6IkUwIn0' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual(page);
    expect(transfers.listStaff).toHaveBeenCalledWith('tr-1', { status: 'elected', next: 'eyJzayI6IkUwIn0' });
  });

  it('lists everyone when no status is asked for', async () => {
    // Prepare
    transfers.listStaff.mockResolvedValue({ items: [] });

    // Act
    const result = await listAsHr();

    // Assess
    expect(jsonOf(result)).toEqual({ items: [] });
    expect(transfers.listStaff).toHaveBeenCalledWith('tr-1', {});
  });

  it('passes delivery=bounced on, to list the people who could not be emailed', async () => {
    // Prepare
    transfers.listStaff.mockResolvedValue({ items: [] });

    // Act
    const result = await listAsHr({ delivery: 'bounced' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(transfers.listStaff).toHaveBeenCalledWith('tr-1', { delivery: 'bounced' });
  });

  it('answers 422 naming the status parameter when it is not a case status', async () => {
    // Act
    const result = await listAsHr({ status: 'happy' });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual([
      { path: 'status', message: expect.stringContaining('invited') },
    ]);
    expect(transfers.listStaff).not.toHaveBeenCalled();
  });
});
