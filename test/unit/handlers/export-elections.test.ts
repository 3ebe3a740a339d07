import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { createHandler } from '../../../functions/handlers/export-elections.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, lambdaContext } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const route = '/api/transfers/{id}/elections.csv';

describe('Function: export-elections', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 200 with the CSV as a download named for the transfer', async () => {
    // Prepare
    const csv =
      'employeeNumber,name,option,how,at\r\nE10001,Ada Okafor,NHSPS,staff,2026-07-02T10:15:00.000Z\r\n';
    transfers.electionsCsv.mockResolvedValue(csv);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(result.headers['content-disposition']).toBe('attachment; filename="elections-tr-1.csv"');
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.body).toBe(csv);
    expect(transfers.electionsCsv).toHaveBeenCalledWith('tr-1');
  });

  it('refuses a transfer id that could break the file name header, before reading anything', async () => {
    // Prepare
    transfers.electionsCsv.mockResolvedValue('employeeNumber,name,option,how,at\r\n');
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'GET', route, pathParameters: { id: 'tr "1"\r\nx' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-disposition']).toBeUndefined();
    expect(transfers.electionsCsv).not.toHaveBeenCalled();
  });

  describe('exports by name', () => {
    const exportsRoute = '/api/transfers/{id}/exports/{name}';

    it("answers a fund's list as a CSV download named for the option and the transfer", async () => {
      // Prepare
      transfers.schemeCsv.mockResolvedValue('employeeNumber,name\r\nE10001,Ada Okafor\r\n');
      const handler = createHandler(servicesWith(transfers));
      const token = await identityProvider().tokenFor('hr');

      // Act
      const result = await handler(
        apiEvent({
          method: 'GET',
          route: exportsRoute,
          pathParameters: { id: 'tr-1', name: 'scheme-LGPS.csv' },
          token,
        }),
        lambdaContext(),
      );

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-disposition']).toBe('attachment; filename="scheme-LGPS-tr-1.csv"');
      expect(result.body).toBe('employeeNumber,name\r\nE10001,Ada Okafor\r\n');
      expect(transfers.schemeCsv).toHaveBeenCalledWith('tr-1', 'LGPS');
    });

    it('answers the payroll change list for transfer day', async () => {
      // Prepare
      transfers.payrollChangesCsv.mockResolvedValue('employeeNumber\r\n');
      const handler = createHandler(servicesWith(transfers));
      const token = await identityProvider().tokenFor('hr');

      // Act
      const result = await handler(
        apiEvent({
          method: 'GET',
          route: exportsRoute,
          pathParameters: { id: 'tr-1', name: 'payroll-changes.csv' },
          token,
        }),
        lambdaContext(),
      );

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-disposition']).toBe('attachment; filename="payroll-changes-tr-1.csv"');
      expect(transfers.payrollChangesCsv).toHaveBeenCalledWith('tr-1');
    });

    it('answers a 404 problem for an export it does not make, reading nothing', async () => {
      // Prepare
      const handler = createHandler(servicesWith(transfers));
      const token = await identityProvider().tokenFor('hr');

      // Act
      const result = await handler(
        apiEvent({
          method: 'GET',
          route: exportsRoute,
          pathParameters: { id: 'tr-1', name: 'everyone.xlsx' },
          token,
        }),
        lambdaContext(),
      );

      // Assess
      expect(result.statusCode).toBe(404);
      expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(transfers.schemeCsv).not.toHaveBeenCalled();
      expect(transfers.payrollChangesCsv).not.toHaveBeenCalled();
    });
  });
});
