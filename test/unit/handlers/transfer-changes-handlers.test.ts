import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { ConflictError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler as cancelHandler } from '../../../functions/handlers/cancel-transfer.ts';
import { createHandler as objectionHandler } from '../../../functions/handlers/record-objection.ts';
import { createHandler as updateHandler } from '../../../functions/handlers/update-transfer.ts';
import type { CaseView, TransferChangesService } from '../../../functions/services/contracts.ts';
import { sampleTransfer } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const hr = { id: 'asha.patel@council.example', roles: ['hr'] };

function fakeChanges(): Mocked<TransferChangesService> {
  return {
    moveDates: vi.fn(async () => {
      throw new Error('moveDates was not expected in this test');
    }),
    previewDates: vi.fn(async () => {
      throw new Error('previewDates was not expected in this test');
    }),
    cancel: vi.fn(async () => {
      throw new Error('cancel was not expected in this test');
    }),
    recordObjection: vi.fn(async () => {
      throw new Error('recordObjection was not expected in this test');
    }),
  } as Mocked<TransferChangesService>;
}

describe('Function: update-transfer', () => {
  let changes: Mocked<TransferChangesService>;
  beforeEach(() => {
    changes = fakeChanges();
  });

  const patch = async (body: unknown, headers: Record<string, string> = {}) =>
    updateHandler(() => ({ transferChanges: changes }))(
      apiEvent({
        method: 'PATCH',
        route: '/api/transfers/{id}',
        pathParameters: { id: 'tr-3' },
        token: await identityProvider().tokenFor('hr', hr.id),
        body,
        headers,
      }),
      lambdaContext(),
    );

  it('answers 200 with the transfer after moving its dates as the signed-in hr user', async () => {
    // Prepare
    const moved = sampleTransfer({ id: 'tr-3', status: 'launched', transferDate: '2026-11-02' });
    changes.moveDates.mockResolvedValue(moved);

    // Act
    const result = await patch({ transferDate: '2026-11-02' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ id: 'tr-3', transferDate: '2026-11-02' });
    expect(changes.moveDates).toHaveBeenCalledWith('tr-3', { transferDate: '2026-11-02' }, hr);
  });

  it('answers 422 with the field errors the service gives', async () => {
    // Prepare
    changes.moveDates.mockRejectedValue(
      new ValidationError('The new dates have errors', {
        errors: [{ path: 'colour', message: 'Unknown field: colour' }],
      }),
    );

    // Act
    const result = await patch({ colour: 'blue' });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual([{ path: 'colour', message: 'Unknown field: colour' }]);
  });

  it('answers 415 for a body that is not JSON and 422 for JSON that is not an object, without calling the service', async () => {
    // Act
    const text = await patch('transferDate=2026-11-02', { 'content-type': 'text/plain' });
    const list = await patch(['2026-11-02']);

    // Assess
    expect(text.statusCode).toBe(415);
    expect(list.statusCode).toBe(422);
    expect(changes.moveDates).not.toHaveBeenCalled();
  });

  it('answers 409 when the transfer is completed', async () => {
    // Prepare
    changes.moveDates.mockRejectedValue(
      new ConflictError('The transfer is completed; its dates can no longer move'),
    );

    // Act
    const result = await patch({ transferDate: '2026-11-02' });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result).detail).toBe('The transfer is completed; its dates can no longer move');
  });
});

describe('Function: cancel-transfer', () => {
  it('answers 200 with the cancelled transfer', async () => {
    // Prepare
    const changes = fakeChanges();
    changes.cancel.mockResolvedValue(sampleTransfer({ id: 'tr-3', status: 'cancelled' }));
    const handler = cancelHandler(() => ({ transferChanges: changes }));

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/cancel',
        pathParameters: { id: 'tr-3' },
        token: await identityProvider().tokenFor('hr', hr.id),
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ id: 'tr-3', status: 'cancelled' });
    expect(changes.cancel).toHaveBeenCalledWith('tr-3', hr);
  });

  it('answers 409 for a completed transfer', async () => {
    // Prepare
    const changes = fakeChanges();
    changes.cancel.mockRejectedValue(
      new ConflictError('The transfer is completed; it can no longer be cancelled'),
    );
    const handler = cancelHandler(() => ({ transferChanges: changes }));

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/cancel',
        pathParameters: { id: 'tr-3' },
        token: await identityProvider().tokenFor('hr'),
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result).status).toBe(409);
  });
});

describe('Function: record-objection', () => {
  const post = async (changes: TransferChangesService, body: unknown) =>
    objectionHandler(() => ({ transferChanges: changes }))(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/staff/{employeeNumber}/objection',
        pathParameters: { id: 'tr-3', employeeNumber: 'E1001' },
        token: await identityProvider().tokenFor('hr', hr.id),
        body,
      }),
      lambdaContext(),
    );

  it('answers 200 with the case after recording the objection', async () => {
    // Prepare
    const changes = fakeChanges();
    changes.recordObjection.mockResolvedValue({ employeeNumber: 'E1001', status: 'objected' } as CaseView);

    // Act
    const result = await post(changes, { receivedOn: '2026-05-28', note: 'Letter filed' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ employeeNumber: 'E1001', status: 'objected' });
    expect(changes.recordObjection).toHaveBeenCalledWith(
      'tr-3',
      'E1001',
      { receivedOn: '2026-05-28', note: 'Letter filed' },
      hr,
    );
  });

  it('answers 422 when the objection came on or after the transfer date', async () => {
    // Prepare
    const changes = fakeChanges();
    changes.recordObjection.mockRejectedValue(
      new ValidationError('The objection has errors', {
        errors: [
          { path: 'receivedOn', message: 'The objection must have been received before the transfer date' },
        ],
      }),
    );

    // Act
    const result = await post(changes, { receivedOn: '2026-10-01' });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors?.[0]?.path).toBe('receivedOn');
  });

  it('answers 400 for a body that is not JSON, without calling the service', async () => {
    // Prepare
    const changes = fakeChanges();

    // Act
    const result = await objectionHandler(() => ({ transferChanges: changes }))(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/staff/{employeeNumber}/objection',
        pathParameters: { id: 'tr-3', employeeNumber: 'E1001' },
        token: await identityProvider().tokenFor('hr'),
        headers: { 'content-type': 'application/json' },
        body: '{"receivedOn":',
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(changes.recordObjection).not.toHaveBeenCalled();
  });
});
